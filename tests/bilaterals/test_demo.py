"""The demo's bilaterals at the upcoming working group: rooms, slots, requests in every
status, placed meetings keeping the database's rules, and a signing between two city
councils in the published programme; loaded once however often the seed runs."""

from sqlalchemy import func, select

from ascn.bilaterals.models import REQUEST_STATUSES, BilateralRequest, BilateralRoom, BilateralSlot
from ascn.demo.working_group import SLUG
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme import snapshot


def _counts():
    return [
        db.session.scalar(select(func.count()).select_from(m))
        for m in (BilateralRoom, BilateralSlot, BilateralRequest)
    ]


def test_the_demo_holds_bilaterals_and_a_signing_on_the_programme_once(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        first = _counts()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _counts() == first
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        rooms = db.session.scalars(select(BilateralRoom).where(BilateralRoom.event_id == event.id)).all()
        assert len(rooms) == 4 and any(r.has_flags and r.has_interpretation for r in rooms)
        slots = db.session.scalars(select(BilateralSlot).where(BilateralSlot.event_id == event.id)).all()
        assert {event.local(s.starts_at).date() for s in slots} == {event.start_date, event.end_date}
        requests = db.session.scalars(
            select(BilateralRequest).where(BilateralRequest.event_id == event.id)
        ).all()
        assert {r.status for r in requests} == set(REQUEST_STATUSES)
        assert {r.counterpart.country.country_group for r in requests} == {"member", "partner"}
        placed = [r for r in requests if r.is_placed]
        assert len(placed) >= 2 and any(r.status == "accepted" and not r.is_placed for r in requests)
        for meeting in placed:
            assert all(p.slot_id == meeting.slot_id for p in meeting.participants)
            # In a time that suits both sides, as the placement would put it.
            assert all(
                meeting.slot_id in {p.slot_id for p in meeting.preferences if p.side == side}
                for side in ("requester", "counterpart")
            )
        [signing] = [r for r in requests if r.is_signing]
        assert signing.requester_id != signing.counterpart_id
        assert "Kuala Lumpur City Hall" in signing.signing_title_en
        programme = snapshot.latest_programme(event)
        session = programme.by_id[signing.signing_session_id]
        assert "Kuala Lumpur City Hall" in session.title_en and "Malaysia" in session.title_en
        assert "Dewan Bandaraya Kuala Lumpur" in session.title_ms
