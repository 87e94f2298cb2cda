"""The certificate of attendance as a PDF (a document): one A4 page in Malay and English,
as official ASEAN documents are, whatever the reader's language; the name as on the
badge, in its own script; and a QR code of the address that verifies it.

Each sentence is written twice, once in each language's catalogue (`force_locale`), with
the dates and the organisers' texts of that language.
"""

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from ascn import pdf_fetcher
from ascn.badges.pdf import qr_png
from ascn.checkin.certificates import Standing, days_text
from ascn.i18n import Bilingual, document, format_date_range
from ascn.pdf_fonts import document_css

LEADING, FOLLOWING = "ms", "en"  # the host's language leads, as on official Malaysian documents
QR_URL = "certificate-qr:code"


@dataclass(frozen=True)
class Side:
    """The certificate's sentences in one language."""

    language: str
    title: str
    certify: str
    delegation: str
    attended: str
    event: str
    held: str
    days: str
    verify: str


def _side(standing: Standing, language: str) -> Side:
    registration = standing.registration
    event, country = registration.event, registration.country
    with force_locale(language):
        place = ", ".join(
            part
            for part in (Bilingual.value(event, "venue", language), Bilingual.value(event, "city", language))
            if part
        )
        dates = format_date_range(event.start_date, event.end_date, language)
        return Side(
            language=language,
            title=_("Certificate of attendance"),
            certify=_("This is to certify that"),
            delegation=_(
                "of the delegation of %(country)s", country=Bilingual.value(country, "name", language)
            ),
            attended=_("attended the"),
            event=Bilingual.value(event, "name", language),
            held=_("held at %(place)s, %(dates)s", place=place, dates=dates) if place else dates,
            days=_("Days attended: %(days)s", days=days_text(standing.days, language)),
            verify=_("To verify this certificate, scan the code or open this address:"),
        )


def name_size(name: str) -> str:
    """The name takes one line when it can; a long one gets a smaller size and wraps,
    never cut."""
    if len(name) <= 36:
        return "large"
    return "medium" if len(name) <= 72 else "small"


@document
def pdf(standing: Standing, url: str, language: str = LEADING) -> bytes:
    """`language` leads (the page's language, each sentence's first line); the other
    follows each sentence."""
    from weasyprint import HTML

    registration = standing.registration
    other = FOLLOWING if language == LEADING else LEADING
    html = render_template(
        "pdf/certificate.html",
        sides=[_side(standing, language), _side(standing, other)],
        name=registration.full_name,
        latin_name=registration.latin_alias,
        name_size=name_size(registration.full_name),
        event=registration.event,
        url=url,
        qr=QR_URL,
    )
    html = html.replace("/*FONTS*/", document_css(html), 1)
    static = Path(current_app.static_folder)
    fetcher = pdf_fetcher.fetcher(static, {QR_URL: lambda _rest: (qr_png(url), "image/png")})
    return HTML(string=html, base_url=str(static) + "/", url_fetcher=fetcher).write_pdf()
