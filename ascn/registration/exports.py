"""Registration lists as `.xlsx` and `.csv`, with headings in the reader's language.

The CSV starts with a byte-order mark: without it Excel reads UTF-8 as the local code
page and Thai, Khmer or Vietnamese names arrive garbled.
"""

import csv
import io
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import select

from ascn.events.models import Category, Country
from ascn.extensions import db
from ascn.registration.models import RANK_LABELS, STATUS_LABELS, Registration
from ascn.registration.people import display_mobile


class _Names:
    """Every label an export repeats, translated once per file rather than once per cell:
    a list of thousands spends its time here otherwise."""

    def __init__(self, tz: ZoneInfo):
        self.tz = tz
        self.status = {code: str(label) for code, label in STATUS_LABELS.items()}
        self.rank = {code: str(label) for code, label in RANK_LABELS.items()}
        self.country = {c.id: c.name for c in db.session.scalars(select(Country))}
        self.category = {c.id: c.label for c in db.session.scalars(select(Category))}
        self.mobile = lru_cache(maxsize=None)(display_mobile)


COLUMNS = (
    (_l("Number"), lambda r, n: r.id),
    (_l("Status"), lambda r, n: n.status[r.status]),
    (_l("Honorific"), lambda r, n: r.honorific),
    (_l("Given name(s)"), lambda r, n: r.given_names),
    (_l("Family name"), lambda r, n: r.family_name),
    (_l("Name on the badge"), lambda r, n: r.badge_name),
    (_l("Name in Latin letters"), lambda r, n: r.latin_name),
    (_l("Country or organisation"), lambda r, n: n.country.get(r.country_id, "")),
    (_l("Organisation"), lambda r, n: r.organisation),
    (_l("Position"), lambda r, n: r.position),
    (_l("Category"), lambda r, n: n.category.get(r.category_id, "")),
    (_l("Protocol rank"), lambda r, n: n.rank[r.protocol_rank]),
    (_l("Head of Delegation"), lambda r, n: "✓" if r.is_head else ""),
    (_l("Email"), lambda r, n: r.email),
    (_l("Mobile"), lambda r, n: n.mobile(r.mobile)),
    (_l("Dietary requirements"), lambda r, n: r.dietary),
    (_l("Accessibility needs"), lambda r, n: r.accessibility),
    (_l("Registered"), lambda r, n: r.created_at.astimezone(n.tz).strftime("%Y-%m-%d %H:%M")),
)

# A value that starts like a formula would run when the file is opened (CSV injection):
# Excel reads these from a CSV; openpyxl writes a string starting with "=" as a formula.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_FORMULA_START = ("=",)


def _rows(registrations: Iterable[Registration], tz: ZoneInfo, formula_start: tuple[str, ...]):
    names = _Names(tz)
    yield [str(title) for title, _ in COLUMNS]
    for registration in registrations:
        row = []
        for _, get in COLUMNS:
            value = get(registration, names)
            row.append("'" + value if isinstance(value, str) and value.startswith(formula_start) else value)
        yield row


def to_csv(registrations: Iterable[Registration], tz: ZoneInfo) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_rows(registrations, tz, CSV_FORMULA_START))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(registrations: Iterable[Registration], tz: ZoneInfo, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "Registrations")
    sheet.freeze_panes = "A2"
    for index, row in enumerate(_rows(registrations, tz, XLSX_FORMULA_START)):
        if index == 0:
            heading = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = Font(bold=True)
                heading.append(cell)
            sheet.append(heading)
        else:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
