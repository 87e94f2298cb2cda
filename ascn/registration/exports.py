"""Registration lists as `.xlsx` and `.csv`, with headings in the reader's language.

The CSV starts with a byte-order mark: without it Excel reads UTF-8 as the local code
page and Thai, Khmer or Vietnamese names arrive garbled.
"""

import csv
import io
from collections.abc import Iterable

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ascn.registration.models import Registration
from ascn.registration.people import display_mobile

COLUMNS = (
    (_l("Number"), lambda r: r.id),
    (_l("Status"), lambda r: r.status_label),
    (_l("Honorific"), lambda r: r.honorific),
    (_l("Given name(s)"), lambda r: r.given_names),
    (_l("Family name"), lambda r: r.family_name),
    (_l("Name on the badge"), lambda r: r.badge_name),
    (_l("Name in Latin letters"), lambda r: r.latin_name),
    (_l("Country or organisation"), lambda r: r.country.name),
    (_l("Organisation"), lambda r: r.organisation),
    (_l("Position"), lambda r: r.position),
    (_l("Category"), lambda r: r.category.label),
    (_l("Protocol rank"), lambda r: r.rank_label),
    (_l("Head of Delegation"), lambda r: "✓" if r.is_head else ""),
    (_l("Email"), lambda r: r.email),
    (_l("Mobile"), lambda r: display_mobile(r.mobile)),
    (_l("Dietary requirements"), lambda r: r.dietary),
    (_l("Accessibility needs"), lambda r: r.accessibility),
    (_l("Registered"), lambda r: format_datetime(r.created_at, "yyyy-MM-dd HH:mm")),
)

# A value that starts like a formula would run when the file is opened (CSV injection):
# Excel reads these from a CSV; openpyxl writes a string starting with "=" as a formula.
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_FORMULA_START = ("=",)


def _rows(registrations: Iterable[Registration], formula_start: tuple[str, ...]):
    yield [str(title) for title, _ in COLUMNS]
    for registration in registrations:
        row = []
        for _, get in COLUMNS:
            value = get(registration)
            row.append("'" + value if isinstance(value, str) and value.startswith(formula_start) else value)
        yield row


def to_csv(registrations: Iterable[Registration]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_rows(registrations, CSV_FORMULA_START))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(registrations: Iterable[Registration], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "Registrations")
    sheet.freeze_panes = "A2"
    for index, row in enumerate(_rows(registrations, XLSX_FORMULA_START)):
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
