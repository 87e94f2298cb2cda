"""A delegate's attendance history (queries): every scan of their badge at every list of
the event, newest first, with the device, what it showed and what the server judged,
the conflicts those scans made, and the lists they are inside now; and finding the
delegate by name.

The organisers' registration page links here rather than asking for it: registration is
an earlier domain and imports nothing of check-in (docs/ARCHITECTURE.md).
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.checkin.models import CheckinList, Conflict, Presence, Scan
from ascn.events.models import Event
from ascn.extensions import db
from ascn.paging import Page, paginate
from ascn.registration import listing
from ascn.registration.models import Registration

FIND_LIMIT = 20


@dataclass
class Timeline:
    scans: Page
    conflicts: dict[int, Conflict]  # by the id of the scan it is about
    inside: list[tuple[CheckinList, object]]  # (list, since) where the delegate is inside now


def find(event: Event, query: str) -> list[Registration]:
    """Delegates of the event by name or email, whatever their status, to open their history."""
    if not query.strip():
        return []
    return list(
        db.session.scalars(
            listing.filtered(event, listing.Filters(q=query.strip()[:200]))
            .options(joinedload(Registration.country), joinedload(Registration.category))
            .order_by(Registration.badge_name, Registration.id)
            .limit(FIND_LIMIT)
        )
    )


def of(registration: Registration, number: int) -> Timeline:
    scans = paginate(
        select(Scan)
        .where(Scan.registration_id == registration.id)
        .options(joinedload(Scan.checkin_list), joinedload(Scan.device)),
        number,
        (Scan.scanned_at.desc(), Scan.id.desc()),
    )
    conflicts = {}
    if scans.items:
        ids = [scan.id for scan in scans.items]
        conflicts = {
            conflict.scan_id: conflict
            for conflict in db.session.scalars(select(Conflict).where(Conflict.scan_id.in_(ids)))
        }
    inside = db.session.execute(
        select(CheckinList, Presence.since)
        .join(Presence, Presence.list_id == CheckinList.id)
        .where(Presence.registration_id == registration.id, Presence.inside.is_(True))
        .order_by(Presence.since.desc())
    ).all()
    return Timeline(scans, conflicts, [tuple(row) for row in inside])
