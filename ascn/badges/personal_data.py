"""Badges' part of a person's data: the print log in their copy, and the purge of an
ended event's batch PDFs (every badge in them shows a name and a photo)."""

from sqlalchemy import delete, select, update

from ascn.accounts.models import User
from ascn.badges.models import BadgeBatch, BadgeHandover, BadgePrint
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration


def export(user: User) -> dict:
    rows = db.session.execute(
        select(BadgePrint, Event.short_name)
        .join(Registration, Registration.id == BadgePrint.registration_id)
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.user_id == user.id)
        .order_by(BadgePrint.at, BadgePrint.id)
    )
    return {
        "badges_printed": [
            {
                "event": event,
                "serial": entry.serial,
                "at": entry.at.isoformat(),
                "reason": entry.reason,
                "note": entry.note,
            }
            for entry, event in rows
        ],
        "badges_handed_over": [
            {"event": event, "serial": given.serial, "at": given.at.isoformat()}
            for given, event in db.session.execute(
                select(BadgeHandover, Event.short_name)
                .join(Registration, Registration.id == BadgeHandover.registration_id)
                .join(Event, Event.id == Registration.event_id)
                .where(Registration.user_id == user.id)
                .order_by(BadgeHandover.at, BadgeHandover.id)
            )
        ],
    }


def purge(event: Event) -> dict[str, int]:
    """Helper: the event's batches go with their PDFs and chunks (the print log keeps that
    badges were printed, without the batch); the notes of the print log are emptied."""
    registrations = select(Registration.id).where(Registration.event_id == event.id)
    notes = db.session.execute(
        update(BadgePrint)
        .where(BadgePrint.registration_id.in_(registrations), BadgePrint.note != "")
        .values(note=""),
        execution_options={"synchronize_session": False},
    ).rowcount
    batches = db.session.execute(
        delete(BadgeBatch).where(BadgeBatch.event_id == event.id),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"badge batches with their PDFs": batches, "badge print notes emptied": notes}
