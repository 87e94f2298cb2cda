"""Organisers placing bilateral meetings at the same moment, on PostgreSQL: a room holds one
meeting per slot and a person sits in one meeting per slot, whoever clicks first; the
others are told, and nothing is half-written."""

import pytest
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.bilaterals import placing
from ascn.bilaterals.models import BilateralParticipant, BilateralRequest, BilateralRoom, BilateralSlot
from ascn.events.models import Event
from ascn.extensions import db
from tests.support.bilateral_placement import accepted, placement_world
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def _place(request_id, room_id, slot_id, organiser_id):
    placing.place(
        db.session.get(BilateralRequest, request_id),
        db.session.get(BilateralRoom, room_id),
        db.session.get(BilateralSlot, slot_id),
        db.session.get(User, organiser_id),
    )


def _placed(app, event_id):
    """(request id, room id, slot id) of every placed meeting, and the participants' slots."""
    with app.app_context():
        meetings = db.session.execute(
            select(BilateralRequest.id, BilateralRequest.room_id, BilateralRequest.slot_id).where(
                BilateralRequest.event_id == event_id, BilateralRequest.slot_id.is_not(None)
            )
        ).all()
        seats = db.session.execute(
            select(BilateralParticipant.request_id, BilateralParticipant.slot_id).where(
                BilateralParticipant.slot_id.is_not(None)
            )
        ).all()
        return [tuple(row) for row in meetings], [tuple(row) for row in seats]


def test_many_organisers_placing_different_meetings_in_one_room_and_slot(app, make):
    world = placement_world(make)
    pairs = [("my", "sg"), ("th", "vn"), ("my", "th"), ("sg", "vn"), ("my", "vn"), ("sg", "th")]
    # Each meeting names its own people (the second person of each side where the first is
    # used twice), so only the room is in dispute.
    meetings = [
        accepted(make, world, a, b, requester_people=[], counterpart_people=[]).id
        for a, b in pairs
        for _ in (1, 2)
    ]
    room, slot = world.rooms.flagged.id, world.slots[0]

    outcomes = rush(app, len(meetings), lambda n: _place(meetings[n], room, slot, world.organiser.id))

    assert outcomes.count("ok") == 1
    refusals = [o for o in outcomes if o != "ok"]
    # The slot's lock makes each wait and then see the winner's meeting: the unique index,
    # the safety net, is never what refuses them.
    assert all("Flag room is already taken then" in o for o in refusals), refusals
    placed, _ = _placed(app, world.event.id)
    assert len(placed) == 1 and placed[0][1:] == (room, slot)


def test_two_meetings_sharing_a_person_placed_in_two_rooms_of_one_slot_at_once(app, make):
    world = placement_world(make)
    for _ in range(5):
        first = accepted(make, world, "my", "sg").id  # Malaysia's first person in both
        second = accepted(make, world, "my", "th").id
        slot = world.slots[0]
        work = [(first, world.rooms.small.id), (second, world.rooms.flagged.id)]

        outcomes = rush(app, 2, lambda n, work=work, slot=slot: _place(*work[n], slot, world.organiser.id))

        assert outcomes.count("ok") == 1, outcomes
        (refusal,) = [o for o in outcomes if o != "ok"]
        assert "MY1 Delegate is in another bilateral meeting" in refusal
        placed, seats = _placed(app, world.event.id)
        assert len(placed) == 1
        winner = placed[0][0]
        assert sorted(seats) == [(winner, slot), (winner, slot)]
        with app.test_request_context():
            placing.unplace(db.session.get(BilateralRequest, winner), None)
            db.session.remove()


def test_the_automatic_placement_and_a_hand_placement_at_once_never_double_book(app, make):
    world = placement_world(make, slots=2)
    meetings = [
        accepted(make, world, a, b).id for a, b in (("my", "sg"), ("th", "vn"), ("my", "th"), ("sg", "vn"))
    ]

    def work(n):
        if n == 0:
            placing.place_all(db.session.get(Event, world.event.id), db.session.get(User, world.organiser.id))
        else:
            _place(meetings[n - 1], world.rooms.small.id, world.slots[0], world.organiser.id)

    outcomes = rush(app, 3, work)

    assert "ok" in outcomes
    placed, _ = _placed(app, world.event.id)
    cells = [(room, slot) for _, room, slot in placed]
    assert len(cells) == len(set(cells))
    with app.app_context():
        seats = db.session.execute(
            select(BilateralParticipant.registration_id, BilateralParticipant.slot_id).where(
                BilateralParticipant.slot_id.is_not(None)
            )
        ).all()
    assert len(seats) == len(set(seats))
    assert len(seats) == 2 * len(placed)
