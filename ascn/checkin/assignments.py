"""The lists a person may scan at (a query): every list of the event for its organisers,
the lists they are assigned to for staff, in one query either way (devices.may_scan
answers the same question for one list)."""

from sqlalchemy import select

from ascn.checkin import devices
from ascn.checkin.models import CheckinList, checkin_list_staff
from ascn.events import roles
from ascn.events.models import Event
from ascn.extensions import db


def lists_to_scan(user, event: Event) -> list[CheckinList]:
    if not roles.can(user, event, "check_in"):
        return []
    stmt = select(CheckinList).where(CheckinList.event_id == event.id)
    if not roles.can(user, event, "manage_event"):
        stmt = stmt.join(checkin_list_staff, checkin_list_staff.c.list_id == CheckinList.id).where(
            checkin_list_staff.c.user_id == user.id
        )
    return list(db.session.scalars(stmt.order_by(CheckinList.kind, CheckinList.name_en, CheckinList.id)))


def list_to_scan(user, event: Event, list_id: int) -> CheckinList | None:
    """One of those lists; None for another event's list or one the person may not scan at."""
    checkin_list = db.session.get(CheckinList, list_id)
    if checkin_list is None or checkin_list.event_id != event.id:
        return None
    return checkin_list if devices.may_scan(user, checkin_list) else None
