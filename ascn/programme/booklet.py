"""The printable programme booklet: WeasyPrint, either language, a contents page by day.

A booklet depends only on the release and the language, so each process keeps the last
few it rendered (rendering 300 sessions takes seconds; serving a kept one, none)."""

from collections import OrderedDict
from pathlib import Path

from flask import current_app, render_template

from ascn import pdf_fetcher
from ascn.events.models import Event
from ascn.i18n import document
from ascn.pdf_fonts import document_css

_KEPT: OrderedDict = OrderedDict()


@document
def render(event: Event, programme, language: str) -> bytes:
    from weasyprint import HTML

    release = programme.release
    key = (release.id, release.digest, language) if release else None
    if key in _KEPT:
        return _KEPT[key]
    static = Path(current_app.static_folder)
    html = render_template(
        "pdf/programme_booklet.html",
        event=event,
        programme=programme,
        days=[(day, programme.on_day(day)) for day in programme.days],
        language=language,
    )
    html = html.replace("/*FONTS*/", document_css(html), 1)
    pdf = HTML(string=html, base_url=str(static) + "/", url_fetcher=pdf_fetcher.fetcher(static)).write_pdf()
    if key:
        _KEPT[key] = pdf
        while len(_KEPT) > 4:
            _KEPT.popitem(last=False)
    return pdf
