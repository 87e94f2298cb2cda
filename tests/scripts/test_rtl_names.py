"""Jawi (right-to-left) names beside Latin text: isolated wherever a template prints them,
and drawn from the Naskh font in the bus manifest."""

import io
import os
from pathlib import Path

from flask import render_template_string
from pypdf import PdfReader

from ascn.bidi import FSI, PDI, isolate
from ascn.registration.people import fold

JAWI = "حسن البلقية"


def test_a_printed_rtl_value_is_isolated_and_latin_is_left_alone(app):
    with app.test_request_context():
        page = render_template_string(
            "{{ name }} (BN) · {{ seat }} · {{ latin }}", name=JAWI, seat=26, latin="Hi"
        )
    assert page == f"{FSI}{JAWI}{PDI} (BN) · 26 · Hi"
    assert isolate(isolate(JAWI)) == isolate(JAWI)
    # Beside an honorific, or named in a sentence: only the Jawi run is isolated, and the
    # sentence keeps its own (left-to-right) direction.
    assert isolate(f"Pehin {JAWI}") == f"Pehin {FSI}{JAWI}{PDI}"
    assert isolate("حسن now holds a place.") == f"{FSI}حسن{PDI} now holds a place."
    assert fold(isolate(JAWI)) == fold(JAWI)  # an echoed search still matches


def test_the_bus_manifest_draws_a_jawi_name_from_the_naskh_font(app, client, make, auth):
    event = make.event()
    category = make.category(event.id)
    brunei = make.country("BN", "Brunei Darussalam", "Brunei Darussalam")
    people = [
        make.registration(event.id, brunei.id, category.id, status="approved", **names)
        for names in (
            dict(honorific="Pehin", badge_name=JAWI, latin_name="Hassan Al-Balqiah"),
            dict(badge_name="Hassan Al-Balqiah"),
        )
    ]
    visit = make.visits.visit(event.id, seats=4, title_en="Putrajaya Wetlands", title_ms="Taman Wetland")
    for person in people:
        make.visits.book(visit.id, person.id)
    auth.login(make.user(role="organiser").email)
    data = client.get(f"/ascn8/manage/visits/{visit.id}/manifest.pdf?lang=en").data
    if os.environ.get("ASCN_KEEP_PDFS"):  # to look at it: pdftoppm -png -r 80
        Path(os.environ["ASCN_KEEP_PDFS"], "manifest.pdf").write_bytes(data)
    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = {str(ref.get_object()["/BaseFont"]) for ref in page["/Resources"]["/Font"].values()}
    assert any("noto-naskh-arabic" in font for font in fonts), fonts
    text = "".join(page.extract_text().split()).replace(FSI, "").replace(PDI, "")
    assert "".join(JAWI.split()) in text and "HassanAl-Balqiah" in text
