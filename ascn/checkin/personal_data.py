"""Check-in's part of a person's data: their scans in their copy; and, at the purge of an
ended event, the texts that may name people (device names, review notes). The scans stay,
tied to emptied registrations, for the attendance counts."""

from sqlalchemy import select, update

from ascn.accounts.models import User
from ascn.checkin.models import CheckinList, Conflict, Device, Scan
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration


def export(user: User) -> dict:
    rows = db.session.execute(
        select(Scan, CheckinList)
        .join(CheckinList, CheckinList.id == Scan.list_id)
        .join(Registration, Registration.id == Scan.registration_id)
        .where(Registration.user_id == user.id)
        .order_by(Scan.scanned_at, Scan.id)
    )
    return {
        "check_ins": [
            {
                "list": checkin_list.name_en or checkin_list.name_ms,
                "direction": scan.direction,
                "at": scan.scanned_at.isoformat(),
                "outcome": scan.outcome,
                "admitted": scan.admitted,
            }
            for scan, checkin_list in rows
        ]
    }


def purge(event: Event) -> dict[str, int]:
    """Helper: a device is often named after the person holding it, and a review note may
    say anything about a delegate."""
    lists = select(CheckinList.id).where(CheckinList.event_id == event.id)
    options = {"synchronize_session": False}
    devices = db.session.execute(
        update(Device).where(Device.list_id.in_(lists), Device.name != "").values(name=""),
        execution_options=options,
    ).rowcount
    notes = db.session.execute(
        update(Conflict).where(Conflict.list_id.in_(lists), Conflict.resolution != "").values(resolution=""),
        execution_options=options,
    ).rowcount
    return {"check-in device names emptied": devices, "check-in review notes emptied": notes}
