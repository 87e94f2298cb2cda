"""The organisers' review of conflicts: scans the devices and the server saw differently
(a badge admitted twice offline, a scan judged otherwise, a clock far off, a revoked
device). Nothing is undone: both scans stay as they were, and an organiser records what
was decided.

`resolve` is a service; `page`, `conflict_for`, `open_count` and `Filters` are queries.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ascn.checkin.models import CONFLICT_KINDS, CheckinList, Conflict, Scan
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.ids import parse_id
from ascn.paging import Page, paginate
from ascn.registration.models import Registration
from ascn.transactions import unit_of_work

STATES = ("open", "resolved", "all")
NOTE_MAX = 2000


@dataclass
class Filters:
    list_id: int | None = None
    kind: str = ""
    state: str = "open"

    @classmethod
    def from_args(cls, args) -> "Filters":
        kind, state = args.get("kind", ""), args.get("state", "open")
        return cls(
            list_id=parse_id(args.get("list")),
            kind=kind if kind in CONFLICT_KINDS else "",
            state=state if state in STATES else "open",
        )


def _scan_details(attribute):
    return (
        joinedload(attribute).joinedload(Scan.device),
        joinedload(attribute).joinedload(Scan.registration).joinedload(Registration.country),
        joinedload(attribute).joinedload(Scan.registration).joinedload(Registration.category),
    )


def page(event: Event, filters: Filters, number: int) -> Page:
    """Conflicts of the event, newest first, each with both scans, their devices and the
    delegate: a count and one query per page."""
    stmt = (
        select(Conflict)
        .join(CheckinList, CheckinList.id == Conflict.list_id)
        .where(CheckinList.event_id == event.id)
        .options(
            joinedload(Conflict.resolved_by),
            *_scan_details(Conflict.scan),
            *_scan_details(Conflict.other_scan),
        )
    )
    if filters.list_id:
        stmt = stmt.where(Conflict.list_id == filters.list_id)
    if filters.kind:
        stmt = stmt.where(Conflict.kind == filters.kind)
    if filters.state == "open":
        stmt = stmt.where(Conflict.resolved_at.is_(None))
    elif filters.state == "resolved":
        stmt = stmt.where(Conflict.resolved_at.is_not(None))
    return paginate(stmt, number, (Conflict.created_at.desc(), Conflict.id.desc()))


def conflict_for(event: Event, conflict_id: int) -> Conflict | None:
    """A conflict at a list of this event; None for an unknown id or another event's."""
    return db.session.scalar(
        select(Conflict)
        .join(CheckinList, CheckinList.id == Conflict.list_id)
        .where(Conflict.id == conflict_id, CheckinList.event_id == event.id)
    )


@unit_of_work
def resolve(conflict: Conflict, note: str, actor) -> Conflict:
    """Record what was decided about a conflict. The conflict's row is locked, so two
    organisers deciding at once cannot both write: the second is told it was done."""
    note = (note or "").strip()
    if not note:
        raise ServiceError(_l("Say what was decided, for the record."), field="note")
    if len(note) > NOTE_MAX:
        raise ServiceError(_l("Field cannot be longer than %(max)d characters.", max=NOTE_MAX), field="note")
    locked = db.session.scalar(
        select(Conflict)
        .where(Conflict.id == conflict.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if locked.resolved_at is not None:
        raise ServiceError(_l("This conflict has already been resolved."))
    locked.resolved_at = utcnow()
    locked.resolved_by_id = actor.id
    locked.resolution = note
    return locked


def open_count(event: Event) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Conflict)
        .join(CheckinList, CheckinList.id == Conflict.list_id)
        .where(CheckinList.event_id == event.id, Conflict.resolved_at.is_(None))
    )
