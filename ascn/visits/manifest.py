"""The bus manifest of a visit, as PDF (WeasyPrint) and `.xlsx`, in either language: who
sits where, how to reach them, and a column for their signature as they board."""

import io
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ascn.pdf_fonts import document_css
from ascn.registration.people import display_mobile
from ascn.visits.catalogue import confirmed
from ascn.visits.models import SiteVisit

# openpyxl writes a string that starts with "=" as a formula; a name never should be one.
FORMULA_START = ("=",)


def rows(visit: SiteVisit) -> list[dict]:
    return [
        {
            "seat": booking.seat,
            "name": booking.registration.full_name,
            "latin_name": booking.registration.latin_alias,
            "country": booking.registration.country.name,
            "category": booking.registration.category.label,
            "mobile": display_mobile(booking.registration.mobile),
            "override": booking.override,
        }
        for booking in confirmed(visit)
    ]


def pdf(visit: SiteVisit, language: str) -> bytes:
    from weasyprint import HTML

    with force_locale(language):
        html = render_template("pdf/visit_manifest.html", visit=visit, rows=rows(visit), language=language)
    html = html.replace("/*FONTS*/", document_css(html), 1)
    return HTML(string=html, base_url=str(Path(current_app.static_folder)) + "/").write_pdf()


def xlsx(visit: SiteVisit, language: str) -> bytes:
    with force_locale(language):
        headings = [
            _("Seat"),
            _("Name"),
            _("Name in Latin letters"),
            _("Country or organisation"),
            _("Category"),
            _("Mobile"),
            _("Signature"),
        ]
        title = visit.title
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_name(title))
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, heading) for heading in headings])
    for row in rows(visit):
        values = [
            row["seat"],
            row["name"],
            row["latin_name"],
            row["country"],
            row["category"],
            row["mobile"],
            "",
        ]
        sheet.append(["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _sheet_name(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names over 31 characters.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return cleaned[:31] or "Manifest"
