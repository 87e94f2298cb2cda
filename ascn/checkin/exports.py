"""Scans of one list, or of every list of the event, as `.xlsx` and `.csv` (documents), in
the language asked for, written by `ascn.spreadsheets` (formula guard, byte-order mark).

One row per scan, failed ones included, in the order they count (the time of the scan on
the event's clock); rows are read from the database in chunks, so a day of thousands of
scans is never held as objects.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from ascn import spreadsheets
from ascn.accounts.models import User
from ascn.checkin.models import (
    CONFLICT_LABELS,
    DIRECTION_LABELS,
    OUTCOME_LABELS,
    CheckinList,
    Conflict,
    Device,
    Scan,
)
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.i18n import document
from ascn.registration.models import Registration

CHUNK = 1000


def _headings() -> list[str]:
    return [
        _("Time"),
        _("List"),
        _("Entry or exit"),
        _("Registration number"),
        _("Name"),
        _("Country or organisation"),
        _("Category"),
        _("Outcome"),
        _("Shown on the device offline"),
        _("Admitted"),
        _("By hand"),
        _("Device"),
        _("Scanned by"),
        _("Conflict"),
    ]


def _rows(event: Event, checkin_list: CheckinList | None):
    """Each label translated once per file, not once per cell."""
    outcomes = {code: str(label) for code, label in OUTCOME_LABELS.items()}
    directions = {code: str(label) for code, label in DIRECTION_LABELS.items()}
    kinds = {code: str(label) for code, label in CONFLICT_LABELS.items()}
    lists = {
        row.id: row.name
        for row in db.session.scalars(select(CheckinList).where(CheckinList.event_id == event.id))
    }
    countries = {row.id: row.name for row in db.session.scalars(select(Country))}
    categories = {
        row.id: row.label for row in db.session.scalars(select(Category).where(Category.event_id == event.id))
    }
    stmt = (
        select(
            Scan,
            Registration.badge_name,
            Registration.country_id,
            Registration.category_id,
            Device.name,
            User.full_name,
            Conflict.kind,
        )
        .join(CheckinList, CheckinList.id == Scan.list_id)
        .join(Device, Device.id == Scan.device_id)
        .outerjoin(Registration, Registration.id == Scan.registration_id)
        .outerjoin(User, User.id == Scan.scanned_by_id)
        .outerjoin(Conflict, Conflict.scan_id == Scan.id)
        .where(CheckinList.event_id == event.id)
        .order_by(Scan.scanned_at, Scan.id)
    )
    if checkin_list is not None:
        stmt = stmt.where(Scan.list_id == checkin_list.id)
    stmt = stmt.execution_options(yield_per=CHUNK)
    for scan, name, country_id, category_id, device, scanner, conflict in db.session.execute(stmt):
        yield [
            event.local(scan.scanned_at).strftime("%Y-%m-%d %H:%M:%S"),
            lists.get(scan.list_id, ""),
            directions[scan.direction],
            scan.registration_id or "",
            name or "",
            countries.get(country_id, ""),
            categories.get(category_id, ""),
            outcomes[scan.outcome],
            outcomes[scan.device_outcome] if scan.device_outcome else "",
            "✓" if scan.admitted else "",
            "✓" if scan.manual else "",
            device,
            scanner or "",
            kinds[conflict] if conflict else "",
        ]


@document
def to_csv(event: Event, checkin_list: CheckinList | None, language: str | None = None) -> bytes:
    return spreadsheets.csv_bytes(_headings(), _rows(event, checkin_list))


@document
def to_xlsx(event: Event, checkin_list: CheckinList | None, language: str | None = None) -> bytes:
    title = checkin_list.name if checkin_list is not None else _("Scans")
    return spreadsheets.xlsx(title, _headings(), _rows(event, checkin_list), fallback="Scans")
