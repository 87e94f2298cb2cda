"""Bilaterals' steps in the lives of registrations and events (helpers, registered in
`ascn.bilaterals.register_lifecycle`; each runs inside the change's transaction):

- a registration cancelled or rejected leaves the meetings not yet held (the meeting
  stays, for the other people and the delegation);
- a person's copy of their data lists the meetings they were named in;
- an ended event's purge empties the answers' notes (free text about people);
- an event copied with its rooms gets the bilateral rooms too (not slots or requests,
  which belong to the old meeting's dates and people).
"""

from datetime import timedelta

from sqlalchemy import delete, or_, select, update

from ascn.accounts.models import User
from ascn.bilaterals.models import BilateralParticipant, BilateralRequest, BilateralRoom, BilateralSlot
from ascn.db import utcnow
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration

ROOM_FIELDS = ("name_en", "name_ms", "capacity", "has_flags", "has_interpretation", "sort_order")


def leave_meetings(registration: Registration, old: str, actor) -> None:
    """Step (registration.lifecycle.on_status_changed)."""
    if registration.status not in ("cancelled", "rejected"):
        return
    held = select(BilateralSlot.id).where(BilateralSlot.starts_at <= utcnow())
    db.session.execute(
        delete(BilateralParticipant).where(
            BilateralParticipant.registration_id == registration.id,
            or_(BilateralParticipant.slot_id.is_(None), BilateralParticipant.slot_id.not_in(held)),
        ),
        execution_options={"synchronize_session": "fetch"},
    )


def export(user: User) -> dict:
    """Step (registration.lifecycle.on_personal_data)."""
    rows = db.session.execute(
        select(BilateralParticipant, BilateralRequest, Event.slug)
        .join(BilateralRequest, BilateralRequest.id == BilateralParticipant.request_id)
        .join(Registration, Registration.id == BilateralParticipant.registration_id)
        .join(Event, Event.id == BilateralRequest.event_id)
        .where(Registration.user_id == user.id)
        .order_by(BilateralRequest.id)
    )
    return {
        "bilateral_meetings": [
            {
                "event": slug,
                "requester": meeting.requester.country.name_en,
                "counterpart": meeting.counterpart.country.name_en,
                "side": person.side,
                "status": meeting.status,
                "subject": meeting.subject_en or meeting.subject_ms,
                "starts_at": meeting.slot.starts_at.isoformat() if meeting.slot else None,
                "room": meeting.room.name_en or meeting.room.name_ms if meeting.room else None,
            }
            for person, meeting, slug in rows
        ]
    }


def purge(event: Event) -> dict[str, int]:
    """Step (registration.lifecycle.on_event_purged): an answer's note may say anything
    about the people."""
    emptied = db.session.execute(
        update(BilateralRequest)
        .where(BilateralRequest.event_id == event.id, BilateralRequest.answer_note != "")
        .values(answer_note=""),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"bilateral answer notes emptied": emptied}


def copy_rooms(source: Event, copy: Event, parts: frozenset[str], shift: timedelta) -> None:
    """Step (events.lifecycle.on_event_copied), part `rooms`."""
    if "rooms" not in parts:
        return
    stmt = select(BilateralRoom).where(BilateralRoom.event_id == source.id).order_by(BilateralRoom.id)
    for room in db.session.scalars(stmt):
        db.session.add(BilateralRoom(event_id=copy.id, **{name: getattr(room, name) for name in ROOM_FIELDS}))
