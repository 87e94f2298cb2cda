"""The bus manifest of a visit, as PDF (WeasyPrint) and `.xlsx`, in either language: who
sits where, how to reach them, and a column for their signature as they board."""

from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext as _

from ascn import pdf_fetcher, spreadsheets
from ascn.i18n import document
from ascn.pdf_fonts import document_css
from ascn.registration.people import display_mobile
from ascn.visits.catalogue import confirmed
from ascn.visits.models import SiteVisit


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


@document
def pdf(visit: SiteVisit, language: str) -> bytes:
    from weasyprint import HTML

    html = render_template("pdf/visit_manifest.html", visit=visit, rows=rows(visit), language=language)
    html = html.replace("/*FONTS*/", document_css(html), 1)
    static = Path(current_app.static_folder)
    return HTML(string=html, base_url=str(static) + "/", url_fetcher=pdf_fetcher.fetcher(static)).write_pdf()


@document
def xlsx(visit: SiteVisit, language: str) -> bytes:
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
    return spreadsheets.xlsx(
        title,
        headings,
        (
            [row["seat"], row["name"], row["latin_name"], row["country"], row["category"], row["mobile"], ""]
            for row in rows(visit)
        ),
        fallback="Manifest",
    )
