"""Placing accepted meetings in rooms and slots (service): all at once, one by hand, or
taking one out.

The lock rule: every change locks the event's slot rows it involves (`bilateral_slot`,
`FOR UPDATE`, ascending id) before it reads what is taken, and keeps them to the commit.
A room or a person can only be double-booked within one slot (slots never overlap), so two
organisers placing into the same slot wait for each other, and the second sees the first's
meeting; the automatic placement locks every slot of the event. The unique (room, slot)
and (person, slot) indexes are the safety net: a clash they catch is a clear message.

The automatic placement keeps every meeting already placed, pinned or not: its people have
been told where to go, and a second run must not move them. It places only the accepted
requests still waiting, around those meetings. Taking a meeting out lets the next run
place it again.

The people of the meetings placed are told after the commit (`notices.placed`, written by
one job), and a signing already on the programme follows its meeting (`signing.follow`).
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ascn.bilaterals import busy, notices, placement, signing
from ascn.bilaterals.explaining import Explainer, describe_meeting, taken_message
from ascn.bilaterals.models import (
    BilateralParticipant,
    BilateralRequest,
    BilateralRoom,
    BilateralSlot,
)
from ascn.bilaterals.problem import named_by, problem_of, room_problems, suitable_slot_ids
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.transactions import unit_of_work

TAKEN_MEANWHILE = _l(
    "Someone else placed a meeting in this room, or with one of these people, at the same "
    "moment. Nothing was changed: look at the grid again."
)


@dataclass
class LeftOut:
    """A request the placement left out, in words read before the commit (the rows
    expire with it)."""

    request_id: int
    meeting: str  # the two delegations
    reason: placement.Reason
    text: str


@dataclass
class Report:
    considered: int = 0  # accepted requests waiting for a place when it ran
    kept: int = 0  # meetings already placed, left where they were
    placed_ids: list[int] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


def lock_slots(slot_ids) -> None:
    """Lock these slot rows, in id order, until the commit (the lock rule above)."""
    ids = sorted({slot_id for slot_id in slot_ids if slot_id is not None})
    if ids:
        db.session.scalars(select(BilateralSlot.id).where(BilateralSlot.id.in_(ids)).with_for_update()).all()


@unit_of_work(on_conflict=TAKEN_MEANWHILE)
def place_all(event: Event, actor) -> Report:
    """Place every accepted request still waiting, around the meetings already placed."""
    lock_slots(db.session.scalars(select(BilateralSlot.id).where(BilateralSlot.event_id == event.id)))
    problem = problem_of(event)
    result = placement.place(problem.rule_rooms, problem.slot_ids, problem.rule_requests, problem.busy)
    by_id = {request.id: request for request in problem.requests}
    report = Report(considered=len(result.placed) + len(result.left_out))
    report.kept = len(problem.requests) - report.considered
    _write_places(result.placed, by_id, actor)
    report.placed_ids = sorted(result.placed)
    notices.placed(report.placed_ids)
    explainer = Explainer(problem.event, problem.slots, problem.requests)
    for request_id, reason in sorted(result.left_out.items()):
        text = explainer.reason(reason)
        meeting = describe_meeting(by_id[request_id])
        report.left_out.append(LeftOut(request_id, meeting, reason, text))
    return report


@unit_of_work(on_conflict=TAKEN_MEANWHILE)
def place(request: BilateralRequest, room: BilateralRoom, slot: BilateralSlot, actor, override=False) -> None:
    """Place one meeting by hand, pinned: the automatic placement then works around it.
    A taken room or person, or a room that does not fit, is refused; a slot that does not
    suit both sides only unless the organiser overrides it."""
    lock_slots([slot.id, request.slot_id])
    request = _fresh(request)
    if request.status != "accepted":
        raise ServiceError(_l("Only an accepted request can be placed."))
    occupant = db.session.scalar(
        select(BilateralRequest).where(
            BilateralRequest.room_id == room.id,
            BilateralRequest.slot_id == slot.id,
            BilateralRequest.id != request.id,
        )
    )
    if occupant is not None:
        raise ServiceError(
            _(
                "%(room)s is already taken then, by the meeting of %(meeting)s.",
                room=room.name,
                meeting=describe_meeting(occupant),
            ),
            field="place",
        )
    problems = room_problems(room, request)
    if problems:
        raise ServiceError(" ".join(problems), field="place")
    people = [p.registration_id for p in request.participants]
    found = busy.engagements(request.event, people, except_request_id=request.id)
    taken = busy.clashes(found, slot.starts_at, slot.ends_at)
    if taken:
        names = {p.registration_id: p.registration.list_name for p in request.participants}
        raise ServiceError(taken_message(taken, names), field="place")
    if not override and slot.id not in suitable_slot_ids(
        named_by(request), _event_slot_ids(request.event_id)
    ):
        raise ServiceError(
            _l("This time does not suit both delegations. Tick “Place it anyway” to place it there."),
            field="override",
        )
    moved = request.slot_id != slot.id or request.room_id != room.id
    _write_place(request, room.id, slot.id, actor, utcnow(), pinned=True)
    db.session.flush()
    if moved:
        notices.placed([request.id])
        signing.follow(request)


@unit_of_work
def unplace(request: BilateralRequest, actor) -> None:
    """Take a meeting out of its room and slot; it waits for a place again."""
    lock_slots([request.slot_id])
    request = _fresh(request)
    if not request.is_placed:
        raise ServiceError(_l("This meeting has no place at the moment."))
    request.room_id = request.slot_id = request.placed_at = request.placed_by_id = None
    request.pinned = False
    for participant in request.participants:
        participant.slot_id = None
    db.session.flush()
    signing.follow(request)


def _write_places(places: dict, by_id: dict, actor) -> None:
    """Many places at once, as UPDATEs by primary key (no rows loaded back)."""
    if not places:
        return
    now, actor_id = utcnow(), actor.id if actor else None
    db.session.execute(
        update(BilateralParticipant),
        [
            {"id": participant.id, "slot_id": slot_id}
            for request_id, (_, slot_id) in sorted(places.items())
            for participant in by_id[request_id].participants
        ],
    )
    db.session.execute(
        update(BilateralRequest),
        [
            {
                "id": rid,
                "room_id": room,
                "slot_id": slot,
                "placed_at": now,
                "placed_by_id": actor_id,
                "pinned": False,
            }
            for rid, (room, slot) in sorted(places.items())
        ],
    )


def _write_place(request, room_id, slot_id, actor, now, pinned: bool) -> None:
    # Each person's row carries the slot too: the unique (person, slot) index is the net.
    for participant in request.participants:
        participant.slot_id = slot_id
    request.room_id, request.slot_id = room_id, slot_id
    request.placed_at, request.placed_by_id, request.pinned = now, actor.id if actor else None, pinned


def _fresh(request: BilateralRequest) -> BilateralRequest:
    """The request as committed now (read after the lock), with its people."""
    fresh = db.session.scalar(
        select(BilateralRequest)
        .where(BilateralRequest.id == request.id)
        .options(
            selectinload(BilateralRequest.participants).selectinload(BilateralParticipant.registration),
            selectinload(BilateralRequest.preferences),
        )
        .execution_options(populate_existing=True)
    )
    if fresh is None:
        raise ServiceError(_l("This request no longer exists."))
    return fresh


def _event_slot_ids(event_id: int) -> list[int]:
    return list(db.session.scalars(select(BilateralSlot.id).where(BilateralSlot.event_id == event_id)))
