"""What follows a meeting's place: its people are told where and when, once, in their
language; a signing ceremony on the programme moves with its meeting, and leaves the
programme when the meeting loses its place."""

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.bilaterals import placing, signing
from ascn.bilaterals.models import BilateralRequest, BilateralRoom, BilateralSlot
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession
from tests.support.bilateral_placement import accepted, placement_world
from tests.support.bilateral_requests import letters


def _run(app, service, *ids, **kwargs):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return service(*[db.session.get(model, rid) for model, rid in ids], **kwargs)


def _hand(app, world, request_id, room_id, slot_id):
    by = (User, world.organiser.id)
    room, slot = (BilateralRoom, room_id), (BilateralSlot, slot_id)
    return _run(app, placing.place, (BilateralRequest, request_id), room, slot, by)


def _signing_session(app, request_id):
    with app.app_context():
        session_id = db.session.get(BilateralRequest, request_id).signing_session_id
        session = db.session.get(ProgrammeSession, session_id) if session_id else None
        return (session.starts_at, session.status) if session else None


def test_the_people_of_every_meeting_placed_are_told_once(app, make):
    world = placement_world(make)
    meeting = accepted(make, world, "my", "sg")
    _run(app, placing.place_all, (Event, world.event.id), (User, world.organiser.id))
    assert len(letters(app, "bilateral_placed")) > 0
    told = {letter.to for letter in letters(app, "bilateral_placed")}
    again = _run(app, placing.place_all, (Event, world.event.id), (User, world.organiser.id))
    assert again.placed_ids == [] and len(letters(app, "bilateral_placed")) == len(told)
    # Moved by hand: told again; placed by hand where it already is: not.
    _hand(app, world, meeting.id, world.rooms.flagged.id, world.slots[3])
    moved = len(letters(app, "bilateral_placed"))
    assert moved == 2 * len(told)
    _hand(app, world, meeting.id, world.rooms.flagged.id, world.slots[3])
    assert len(letters(app, "bilateral_placed")) == moved


def test_a_signing_on_the_programme_moves_with_its_meeting_and_leaves_without_a_place(app, make):
    world = placement_world(make)
    meeting = accepted(make, world, "my", "sg")
    _hand(app, world, meeting.id, world.rooms.small.id, world.slots[0])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        row = db.session.get(BilateralRequest, meeting.id)
        signing.save(row, True, "Memorandum on smart mobility", "Memorandum mobiliti pintar")
        signing.publish(db.session.get(BilateralRequest, meeting.id))
    with app.app_context():
        slots = {s.id: s.starts_at for s in db.session.scalars(select(BilateralSlot))}
    assert _signing_session(app, meeting.id) == (slots[world.slots[0]], "scheduled")
    _hand(app, world, meeting.id, world.rooms.small.id, world.slots[2])
    assert _signing_session(app, meeting.id) == (slots[world.slots[2]], "scheduled")
    _run(app, placing.unplace, (BilateralRequest, meeting.id), (User, world.organiser.id))
    assert _signing_session(app, meeting.id) is None
    with app.app_context():
        assert db.session.scalars(select(ProgrammeSession)).all() == []
