"""A request unanswered by its deadline expires; both sides are told, once."""

from datetime import timedelta

from ascn import jobs
from ascn.db import utcnow
from tests.support.bilateral_requests import letters, request_row, two_delegations


def _due(make, w, **values):
    return make.bilaterals.request(
        w.event.id, w.own.id, w.other.id, answer_by=utcnow() - timedelta(minutes=1), **values
    )


def test_a_request_past_its_deadline_expires_and_both_sides_are_told_once(app, make):
    from ascn.bilaterals import expiry

    w = two_delegations(make)
    due = _due(make, w)
    proposed = _due(make, w, status="proposed")
    later = make.bilaterals.request(w.event.id, w.own.id, w.third.id)
    accepted = _due(make, w, status="accepted")
    with app.app_context():
        assert expiry.expire_due() == 2
        assert expiry.expire_due() == 0
    assert [request_row(app, r.id).status for r in (due, proposed, later, accepted)] == [
        "expired",
        "expired",
        "pending",
        "accepted",
    ]
    told = letters(app, "bilateral_request")
    by_request = sorted((m.to, m.locale) for m in told)
    assert by_request == sorted(
        [("focal.my@example.org", "en"), ("focal.sg@example.org", "ms"), ("head.sg@example.org", "ms")] * 2
    )
    assert any(m.subject == "Bilateral meeting request expired: Singapore" for m in told)
    assert all("Malaysia" in m.subject for m in told if m.locale == "ms")  # Singapore reads of Malaysia


def test_the_workers_sweep_expires_requests(app, make):
    w = two_delegations(make)
    due = _due(make, w)
    assert "ascn.bilaterals.expiry:sweep" in jobs.RECOVERY
    with app.app_context():
        jobs.sweep()
    assert request_row(app, due.id).status == "expired"


def test_opening_the_delegation_page_expires_the_events_due_requests(app, client, auth, make):
    w = two_delegations(make)
    due = _due(make, w)
    auth.login(w.focal.email)
    page = client.get("/ascn8/bilaterals/?show=asked").get_data(as_text=True)
    assert request_row(app, due.id).status == "expired"
    assert "Expired" in page
    client.get("/ascn8/bilaterals/?show=asked")
    assert len(letters(app, "bilateral_request")) == 3


def test_answering_after_the_deadline_is_refused(app, client, auth, make):
    from tests.support.pages import flashes
    from tests.support.web import csrf_token

    w = two_delegations(make)
    due = _due(make, w)
    auth.login(w.other_focal.email)
    page = f"/ascn8/bilaterals/{due.id}"
    response = client.post(
        f"{page}/decline", data={"decline-csrf_token": csrf_token(client, page)}, follow_redirects=True
    )
    # In the focal point's language (Malay): "it is now Expired; nothing was changed".
    assert "statusnya kini “Tamat tempoh”." in flashes(response)[0]
    assert request_row(app, due.id).status == "expired"


def test_the_organisers_list_shows_a_request_past_its_deadline_as_expired(app, client, auth, make):
    w = two_delegations(make)
    due = _due(make, w)
    auth.login(make.user(role="organiser", event_id=w.event.id).email)
    page = client.get(f"/ascn8/manage/bilaterals/requests/{due.id}").get_data(as_text=True)
    assert request_row(app, due.id).status == "expired"
    assert "Expired" in page
