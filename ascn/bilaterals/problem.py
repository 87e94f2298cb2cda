"""What the placement reads (query): an event's rooms, slots and accepted requests, the
slots that suit both sides of each, and the slots in which their people are taken."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ascn.bilaterals import busy, placement
from ascn.bilaterals.models import (
    BilateralParticipant,
    BilateralPreference,
    BilateralRequest,
    BilateralRoom,
    BilateralSlot,
)
from ascn.bilaterals.rooms import rooms as rooms_of
from ascn.bilaterals.rooms import slots as slots_of
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Delegation


@dataclass
class Problem:
    """An event's placement as the rule reads it, with the rows it came from."""

    event: Event
    rooms: list[BilateralRoom]
    slots: list[BilateralSlot]
    requests: list[BilateralRequest]
    rule_rooms: list[placement.MeetingRoom]
    rule_requests: list[placement.Request]
    busy: dict[int, dict[int, busy.Engagement]]

    @property
    def slot_ids(self) -> list[int]:
        return [slot.id for slot in self.slots]


def suitable_slot_ids(named: dict[str, set[int]], slot_ids) -> set[int]:
    """The slots that suit both sides, from the slots each side named (`side: ids`): a
    side that named none takes any."""
    suitable = set(slot_ids)
    for side_named in named.values():
        suitable &= side_named
    return suitable


def suitable_slots(event: Event, slot_ids) -> dict[int, set[int]]:
    """For every accepted request of the event, the slots that suit both sides, read as
    plain rows (hundreds of requests name thousands of slots)."""
    rows = db.session.execute(
        select(BilateralPreference.request_id, BilateralPreference.side, BilateralPreference.slot_id)
        .join(BilateralRequest, BilateralRequest.id == BilateralPreference.request_id)
        .where(BilateralRequest.event_id == event.id, BilateralRequest.status == "accepted")
    )
    named: dict[int, dict[str, set[int]]] = {}
    for request_id, side, slot_id in rows:
        named.setdefault(request_id, {}).setdefault(side, set()).add(slot_id)
    ids = db.session.scalars(
        select(BilateralRequest.id).where(
            BilateralRequest.event_id == event.id, BilateralRequest.status == "accepted"
        )
    )
    return {request_id: suitable_slot_ids(named.get(request_id, {}), slot_ids) for request_id in ids}


def named_by(request: BilateralRequest) -> dict[str, set[int]]:
    named: dict[str, set[int]] = {}
    for preference in request.preferences:
        named.setdefault(preference.side, set()).add(preference.slot_id)
    return named


def room_problems(room, request: BilateralRequest) -> list[str]:
    """Why a room does not fit a request, in words; empty when it fits."""
    problems = []
    if room.capacity < len(request.participants):
        problems.append(
            _(
                "%(room)s seats %(capacity)d; this meeting names %(count)d people.",
                room=room.name,
                capacity=room.capacity,
                count=len(request.participants),
            )
        )
    if request.needs_interpreter and not room.has_interpretation:
        problems.append(_("%(room)s has no interpretation.", room=room.name))
    if request.needs_flags and not room.has_flags:
        problems.append(_("%(room)s has no flags.", room=room.name))
    return problems


def accepted_requests(event: Event) -> list[BilateralRequest]:
    """Every accepted request of the event, with what placing and explaining read, in a
    constant number of queries."""
    return list(
        db.session.scalars(
            select(BilateralRequest)
            .where(BilateralRequest.event_id == event.id, BilateralRequest.status == "accepted")
            .options(
                selectinload(BilateralRequest.participants).selectinload(BilateralParticipant.registration),
                selectinload(BilateralRequest.requester).selectinload(Delegation.country),
                selectinload(BilateralRequest.counterpart).selectinload(Delegation.country),
            )
            .order_by(BilateralRequest.id)
            .execution_options(populate_existing=True)
        )
    )


def problem_of(event: Event) -> Problem:
    """The event's rooms, slots, accepted requests and the times their people are taken
    (query). Placed meetings are fixed; a person's other meetings are the rule's to track."""
    rooms, slots = rooms_of(event), slots_of(event)
    requests = accepted_requests(event)
    suits = suitable_slots(event, [slot.id for slot in slots])
    people = {p.registration_id for request in requests for p in request.participants}
    found = {
        rid: [item for item in items if item.kind != "bilateral"]
        for rid, items in busy.engagements(event, people).items()
    }
    taken: dict[int, dict[int, busy.Engagement]] = {}
    for slot in slots:
        for rid, items in busy.clashes(found, slot.starts_at, slot.ends_at).items():
            taken.setdefault(rid, {})[slot.id] = items[0]
    rule_rooms = [placement.MeetingRoom(r.id, r.capacity, r.has_interpretation, r.has_flags) for r in rooms]
    rule_requests = [
        placement.Request(
            request.id,
            people=tuple(p.registration_id for p in request.participants),
            slot_ids=tuple(sorted(suits.get(request.id, ()))),
            needs_interpreter=request.needs_interpreter,
            needs_flags=request.needs_flags,
            fixed=(request.room_id, request.slot_id) if request.is_placed else None,
        )
        for request in requests
    ]
    return Problem(event, rooms, slots, requests, rule_rooms, rule_requests, taken)
