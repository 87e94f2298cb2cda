"""The counterpart accepts, proposes other times or declines; the requester agrees or
withdraws. A request answered twice, or by the wrong side, changes once."""

from tests.support.bilateral_requests import letters, request_row, two_delegations
from tests.support.pages import flashes
from tests.support.web import csrf_token


def _pending(make, w, **values):
    values.setdefault("requester_people", [w.people.minister.id])
    return make.bilaterals.request(w.event.id, w.own.id, w.other.id, **values)


def _post(client, request_id, action, data=None):
    """A form of the request's page: its fields are named after the action (`accept-note`)."""
    page = f"/ascn8/bilaterals/{request_id}"
    data = {f"{action}-{name}": value for name, value in (data or {}).items()}
    data[f"{action}-csrf_token"] = csrf_token(client, page)
    return client.post(f"{page}/{action}", data=data, follow_redirects=True)


def _requester_slots(app, make, w, request_id, slot_ids):
    from ascn.bilaterals.models import BilateralPreference, BilateralRequest
    from ascn.extensions import db

    with app.app_context():
        row = db.session.get(BilateralRequest, request_id)
        row.preferences = [BilateralPreference(slot_id=s, side="requester") for s in slot_ids]
        db.session.commit()


def test_the_counterpart_accepts_naming_its_people_and_takes_the_requesters_times(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    _requester_slots(app, make, w, meeting.id, w.slots[:2])
    auth.login(w.other_focal.email)
    response = _post(client, meeting.id, "accept", {"participant_ids": [w.people.singaporean.id]})
    assert response.status_code == 200
    row = request_row(app, meeting.id)
    assert row.status == "accepted"
    assert row.people == {"requester": [w.people.minister.id], "counterpart": [w.people.singaporean.id]}
    assert row.slots == {"requester": w.slots[:2], "counterpart": w.slots[:2]}
    [told] = letters(app, "bilateral_request")
    assert told.to == "focal.my@example.org" and told.locale == "en"
    assert told.subject == "Singapore accepted your bilateral meeting request"


def test_accepting_needs_people_of_ones_own_delegation(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    auth.login(w.other_focal.email)
    response = _post(client, meeting.id, "accept", {})
    assert response.status_code == 400
    assert request_row(app, meeting.id).status == "pending"
    response = _post(client, meeting.id, "accept", {"participant_ids": [w.people.minister.id]})
    assert response.status_code == 400
    assert request_row(app, meeting.id).status == "pending"


def test_other_times_proposed_then_agreed_are_what_suits_both(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    _requester_slots(app, make, w, meeting.id, w.slots[:1])
    auth.login(w.other_focal.email)
    _post(client, meeting.id, "propose", {"slot_ids": [w.slots[3]], "note": "Afternoon only"})
    row = request_row(app, meeting.id)
    assert (row.status, row.answer_note, row.slots["counterpart"]) == (
        "proposed",
        "Afternoon only",
        [w.slots[3]],
    )
    [told] = letters(app, "bilateral_request")
    assert told.subject == "Singapore proposes other times for your bilateral meeting"
    assert "Afternoon only" in told.text
    auth.logout()
    auth.login(w.focal.email)
    page = client.get(f"/ascn8/bilaterals/{meeting.id}").get_data(as_text=True)
    assert "Afternoon only" in page and "Agree" in page
    _post(client, meeting.id, "agree")
    row = request_row(app, meeting.id)
    assert row.status == "accepted"
    assert row.slots == {"requester": [w.slots[3]], "counterpart": [w.slots[3]]}
    agreed = letters(app, "bilateral_request")[1:]
    assert sorted(m.to for m in agreed) == ["focal.sg@example.org", "head.sg@example.org"]
    assert all(m.locale == "ms" for m in agreed)


def test_proposing_needs_at_least_one_time(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    auth.login(w.other_focal.email)
    response = _post(client, meeting.id, "propose", {"note": "No"})
    assert response.status_code == 400
    assert request_row(app, meeting.id).status == "pending"


def test_the_counterpart_declines_with_a_note(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    auth.login(w.other_focal.email)
    _post(client, meeting.id, "decline", {"note": "Our minister leaves early"})
    row = request_row(app, meeting.id)
    assert (row.status, row.answer_note) == ("declined", "Our minister leaves early")
    [told] = letters(app, "bilateral_request")
    assert told.to == "focal.my@example.org" and "Our minister leaves early" in told.text


def test_a_request_answered_twice_changes_once_and_says_what_happened(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    auth.login(w.other_focal.email)
    _post(client, meeting.id, "decline")
    response = _post(client, meeting.id, "accept", {"participant_ids": [w.people.singaporean.id]})
    assert response.status_code == 200
    assert request_row(app, meeting.id).status == "declined"
    assert len(letters(app, "bilateral_request")) == 1


def test_only_the_counterpart_answers_and_only_the_requester_withdraws_or_agrees(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    auth.login(w.focal.email)
    response = _post(client, meeting.id, "decline")
    assert "Only the delegation asked for this meeting can answer it." in flashes(response)
    assert request_row(app, meeting.id).status == "pending"
    auth.logout()
    auth.login(w.other_focal.email)
    response = _post(client, meeting.id, "withdraw")
    assert request_row(app, meeting.id).status == "pending"


def test_withdrawing_tells_the_counterpart_and_a_placed_meeting_cannot_be_withdrawn(app, client, auth, make):
    w = two_delegations(make)
    meeting = _pending(make, w)
    room = make.bilaterals.room(w.event.id)
    placed = _pending(make, w, placed=(room.id, w.slots[0]))
    auth.login(w.focal.email)
    _post(client, meeting.id, "withdraw")
    assert request_row(app, meeting.id).status == "withdrawn"
    assert sorted(m.to for m in letters(app, "bilateral_request")) == [
        "focal.sg@example.org",
        "head.sg@example.org",
    ]
    response = _post(client, placed.id, "withdraw")
    assert "This meeting already has a room and a time: ask the secretariat to cancel it." in flashes(
        response
    )
    assert request_row(app, placed.id).status == "accepted"


def test_a_request_of_another_pair_is_not_found(app, client, auth, make):
    w = two_delegations(make)
    theirs = make.bilaterals.request(w.event.id, w.other.id, w.third.id)
    auth.login(w.focal.email)
    assert client.get(f"/ascn8/bilaterals/{theirs.id}").status_code == 404
    assert _post(client, theirs.id, "withdraw").status_code == 404
    assert request_row(app, theirs.id).status == "pending"
    for show in ("asked", "received", "confirmed"):
        assert "Thailand" not in client.get(f"/ascn8/bilaterals/?show={show}").get_data(as_text=True)


def test_the_list_shows_asked_received_and_confirmed_meetings_with_room_and_time(app, client, auth, make):
    w = two_delegations(make)
    room = make.bilaterals.room(w.event.id, name_en="Meeting room Melati")
    make.bilaterals.request(w.event.id, w.own.id, w.third.id, subject_en="Asked of Thailand")
    make.bilaterals.request(w.event.id, w.partner.id, w.own.id, subject_en="Received from Japan")
    make.bilaterals.request(
        w.event.id, w.own.id, w.other.id, subject_en="Water", placed=(room.id, w.slots[1])
    )
    make.bilaterals.request(w.event.id, w.own.id, w.other.id, status="declined", subject_en="Refused")
    auth.login(w.focal.email)
    asked = client.get("/ascn8/bilaterals/?show=asked").get_data(as_text=True)
    assert "Asked of Thailand" in asked and "Received from Japan" not in asked and "Refused" in asked
    declined = client.get("/ascn8/bilaterals/?show=asked&status=declined").get_data(as_text=True)
    assert "Refused" in declined and "Asked of Thailand" not in declined
    received = client.get("/ascn8/bilaterals/?show=received").get_data(as_text=True)
    assert "Received from Japan" in received and "Asked of Thailand" not in received
    confirmed = client.get("/ascn8/bilaterals/?show=confirmed").get_data(as_text=True)
    assert "Water" in confirmed and "Meeting room Melati" in confirmed and "10:30–11:00" in confirmed
    assert "Refused" not in confirmed


def test_the_list_pages_in_a_fixed_number_of_queries(app, client, auth, make, count_queries):
    w = two_delegations(make)
    auth.login(w.focal.email)
    for _ in range(3):
        make.bilaterals.request(w.event.id, w.own.id, w.third.id)
    with count_queries() as few:
        client.get("/ascn8/bilaterals/?show=asked")
    for _ in range(6):
        make.bilaterals.request(w.event.id, w.own.id, w.partner.id)
    with count_queries() as many:
        client.get("/ascn8/bilaterals/?show=asked")
    assert many.count == few.count
