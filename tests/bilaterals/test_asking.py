"""A delegation asks another for a meeting: through the form, with every refusal said in
a message and nothing stored."""

from tests.support.bilateral_requests import letters, request_row, requests_of, two_delegations
from tests.support.pages import flashes
from tests.support.web import post

NEW = "/ascn8/bilaterals/new"


def _ask(client, w, **changes):
    data = {
        "counterpart_id": w.other.id,
        "level": "minister",
        "subject_en": "Smart mobility",
        "subject_ms": "",
        "language": "en",
        "participant_ids": [w.people.minister.id],
        "slot_ids": [w.slots[0], w.slots[1]],
    }
    data.update(changes)
    return post(client, NEW, {k: v for k, v in data.items() if v is not None}, token_from=NEW)


def test_a_focal_point_asks_and_the_counterpart_is_told_in_its_language(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.focal.email)
    page = client.get(NEW).get_data(as_text=True)
    assert "ASEAN Member States" in page and "Partner countries" in page  # counterparts grouped
    assert "Dato&#39; Aminah Yusof" in page and "Minister" in page  # participants with position
    assert "Pending Person" not in page  # only accredited members may be named
    response = _ask(client, w, needs_interpreter="y")
    assert response.status_code == 302
    [request_id] = requests_of(app)
    row = request_row(app, request_id)
    assert row.status == "pending"
    assert row.people == {"requester": [w.people.minister.id], "counterpart": []}
    assert row.slots == {"requester": [w.slots[0], w.slots[1]], "counterpart": []}
    told = letters(app, "bilateral_request")
    assert sorted(m.to for m in told) == ["focal.sg@example.org", "head.sg@example.org"]
    assert all(m.locale == "ms" for m in told)
    assert (
        "Permintaan mesyuarat dua hala daripada Malaysia" == told[0].subject or "Malaysia" in told[0].subject
    )
    assert f"http://ascn.test/ascn8/bilaterals/{request_id}" in told[0].text


def test_a_whole_day_stands_for_every_time_of_that_day(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.focal.email)
    assert _ask(client, w, slot_ids=None, days=["2025-09-09"]).status_code == 302
    [request_id] = requests_of(app)
    assert request_row(app, request_id).slots["requester"] == sorted(w.slots)


def test_no_time_chosen_means_any_time(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.focal.email)
    assert _ask(client, w, slot_ids=None).status_code == 302
    [request_id] = requests_of(app)
    assert request_row(app, request_id).slots["requester"] == []


def _refused(app, client, w, message, **changes):
    response = _ask(client, w, **changes)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True).replace("&#39;", "'").replace("&#34;", '"')
    assert requests_of(app) == []


def test_refusals_keep_nothing(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.focal.email)
    _refused(app, client, w, "Not a valid choice.", counterpart_id=w.own.id)  # not offered
    _refused(app, client, w, "Not a valid choice.", counterpart_id=999999)
    _refused(app, client, w, "Say what the meeting is about, in English or in Malay.", subject_en="")
    _refused(app, client, w, "Name at least one participant of your delegation.", participant_ids=None)
    _refused(app, client, w, "is not a valid choice", participant_ids=[w.people.singaporean.id])
    _refused(app, client, w, "is not a valid choice", participant_ids=[w.people.pending.id])
    _refused(app, client, w, "is not a valid choice", slot_ids=["٣"])


def test_a_slot_of_another_event_is_refused(app, make):
    from ascn.bilaterals import requesting
    from ascn.errors import ServiceError
    from ascn.events.models import Event
    from ascn.extensions import db
    from ascn.registration.models import Delegation

    w = two_delegations(make)
    elsewhere = make.event(slug="wg1", short_name="WG1")
    [foreign] = make.bilaterals.slots(elsewhere.id, 1)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        event, own = db.session.get(Event, w.event.id), db.session.get(Delegation, w.own.id)
        values = requesting.Ask(w.other.id, "minister", "Trade", participant_ids=[w.people.minister.id])
        values.slot_ids = [foreign]
        try:
            requesting.ask(event, own, values, _actor(w.focal.id))
        except ServiceError as error:
            assert error.field == "slot_ids"
            assert str(error.message) == "One of the times chosen is not a meeting time of this event."
        else:
            raise AssertionError("a slot of another event was taken")
    assert requests_of(app) == []


def _actor(user_id):
    from ascn.accounts.models import User
    from ascn.extensions import db

    return db.session.get(User, user_id)


def test_a_participant_no_longer_accredited_is_named_in_the_refusal(app, make):
    from ascn.bilaterals import requesting
    from ascn.errors import ServiceError
    from ascn.events.models import Event
    from ascn.extensions import db
    from ascn.registration.models import Delegation, Registration

    w = two_delegations(make)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        db.session.get(Registration, w.people.adviser.id).status = "cancelled"
        db.session.commit()
        event, own = db.session.get(Event, w.event.id), db.session.get(Delegation, w.own.id)
        values = requesting.Ask(w.other.id, "minister", "Trade", participant_ids=[w.people.adviser.id])
        try:
            requesting.ask(event, own, values, _actor(w.focal.id))
        except ServiceError as error:
            assert "No longer accredited" in str(error.message) and "Farid" in str(error.message)
        else:
            raise AssertionError("a cancelled delegate was named")


def test_a_counterpart_with_no_accredited_member_left_cannot_be_asked(app, client, auth, make):
    from ascn.extensions import db
    from ascn.registration.models import Registration

    w = two_delegations(make)
    with app.app_context():
        for person in (w.people.singaporean, w.people.head):
            db.session.get(Registration, person.id).status = "cancelled"
        db.session.commit()
    auth.login(w.focal.email)
    _refused(
        app, client, w, "Singapore has no accredited delegate at this meeting any more: it cannot be asked."
    )


def test_closed_service_refuses(app, client, auth, make):
    w = two_delegations(make, open=False)
    auth.login(w.focal.email)
    assert "not taking bilateral meeting requests" in client.get("/ascn8/bilaterals/").get_data(as_text=True)
    _refused(app, client, w, "The secretariat is not taking bilateral meeting requests at the moment.")


def test_no_more_requests_awaiting_an_answer_than_the_organisers_allow(app, client, auth, make):
    w = two_delegations(make, max_pending=2)
    make.bilaterals.request(w.event.id, w.own.id, w.third.id)
    make.bilaterals.request(w.event.id, w.own.id, w.partner.id, status="proposed")
    make.bilaterals.request(w.event.id, w.own.id, w.partner.id, status="declined")  # not counted
    make.bilaterals.request(w.event.id, w.third.id, w.own.id)  # received: not counted
    auth.login(w.focal.email)
    response = _ask(client, w)
    assert "already has 2 requests awaiting an answer" in response.get_data(as_text=True)
    assert len(requests_of(app)) == 4


def test_a_double_click_on_send_asks_once(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.focal.email)
    assert _ask(client, w).status_code == 302
    again = _ask(client, w)
    assert "already asked Singapore for a meeting at this level" in again.get_data(as_text=True)
    assert len(requests_of(app)) == 1
    # Another level is another meeting.
    assert _ask(client, w, level="city").status_code == 302
    assert len(requests_of(app)) == 2


def test_a_clash_is_shown_before_sending_and_does_not_stop_it(app, client, auth, make):
    from datetime import timedelta

    from tests.support.bilaterals import FIRST_SLOT

    w = two_delegations(make)
    with app.app_context():
        from ascn.extensions import db
        from ascn.registration.models import Registration

        user_id = db.session.get(Registration, w.people.minister.id).user_id
    speaker = make.programme.speaker(w.event.id, user_id=user_id)
    kind = make.programme.session_type(w.event.id)
    make.programme.session(
        w.event.id,
        kind.id,
        starts_at=FIRST_SLOT - timedelta(minutes=30),
        speaker_ids=[speaker.id],
        title_en="Opening plenary",
    )
    auth.login(w.focal.email)
    first = _ask(client, w).get_data(as_text=True)
    assert "Dato&#39; Aminah Yusof speaks or chairs in “Opening plenary”" in first
    assert "09:30–10:30" in first
    assert requests_of(app) == []  # a warning: nothing sent yet
    assert _ask(client, w, confirmed="1").status_code == 302
    assert len(requests_of(app)) == 1


def test_someone_who_speaks_for_no_delegation_is_told_so(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.people.adviser.email)
    response = client.get("/ascn8/bilaterals/")
    assert response.status_code == 403
    assert "Your account speaks for no delegation at this meeting." in response.get_data(as_text=True)


def test_the_head_of_delegation_speaks_for_it(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.people.head.email)
    page = client.get("/ascn8/bilaterals/")
    assert page.status_code == 200 and "Singapura" in page.get_data(as_text=True)
    response = _ask(client, w, counterpart_id=w.own.id, participant_ids=[w.people.singaporean.id])
    assert response.status_code == 302
    # The Head reads Malay: "Your request is sent."
    assert flashes(client.get(response.headers["Location"]))[0].startswith("Permohonan anda telah dihantar.")


def test_the_service_refuses_ones_own_delegation(app, make):
    from ascn.bilaterals import requesting
    from ascn.errors import ServiceError
    from ascn.events.models import Event
    from ascn.extensions import db
    from ascn.registration.models import Delegation

    w = two_delegations(make)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        event, own = db.session.get(Event, w.event.id), db.session.get(Delegation, w.own.id)
        values = requesting.Ask(w.own.id, "minister", "Trade", participant_ids=[w.people.minister.id])
        try:
            requesting.ask(event, own, values, _actor(w.focal.id))
        except ServiceError as error:
            assert str(error.message) == "You cannot ask your own delegation for a meeting."
        else:
            raise AssertionError("a delegation asked itself")
    assert requests_of(app) == []


def test_focal_points_and_heads_find_the_page_where_they_look(app, client, auth, make):
    w = two_delegations(make)
    auth.login(w.focal.email)
    assert 'href="/ascn8/bilaterals/"' in client.get("/ascn8/delegation").get_data(as_text=True)
    auth.logout()
    auth.login(w.people.head.email)
    assert 'href="/ascn8/bilaterals/"' in client.get("/ascn8/registration").get_data(as_text=True)
    auth.logout()
    auth.login(w.people.singaporean.email)
    assert 'href="/ascn8/bilaterals/"' not in client.get("/ascn8/registration").get_data(as_text=True)
