"""A document (PDF, spreadsheet, calendar, badge) is in one language throughout, organiser
text included, whatever language the page that asked for it was in; the other language
shows only where a value is missing."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ascn.badges import cards
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def cells(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None]


@pytest.fixture
def world(make, auth):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    person = make.registration(event.id, vietnam.id, category.id, status="approved", given_names="Lan")
    visit = make.visits.visit(event.id, title_en="Wetlands visit", title_ms="Lawatan Tanah Lembap")
    make.visits.book(visit.id, person.id)
    room = make.programme.room(event.id, name_en="Grand Ballroom", name_ms="Dewan Besar")
    kind = make.programme.session_type(event.id)
    session = make.programme.session(
        event.id, kind.id, room_id=room.id, title_en="Opening plenary", title_ms="Pleno perasmian"
    )
    make.programme.publish()
    organiser = make.user(role="organiser", locale="en")  # reads the pages in English
    auth.login(organiser.email)
    return {"event": event, "person": person, "visit": visit, "session": session}


def test_the_malay_bus_manifest_spreadsheet_has_malay_categories(client, world):
    data = client.get(f"/ascn8/manage/visits/{world['visit'].id}/manifest.xlsx?lang=ms").data
    values = cells(data)
    assert "Perwakilan" in values and "Kategori" in values
    assert "Delegate" not in values and "Category" not in values


def test_the_malay_bus_manifest_pdf_is_in_malay(client, world):
    text = pdf_text(client.get(f"/ascn8/manage/visits/{world['visit'].id}/manifest.pdf?lang=ms").data)
    assert "Perwakilan" in text and "Lawatan Tanah Lembap" in text
    assert "Delegate" not in text and "Wetlands" not in text


def test_the_malay_booklet_is_in_malay(client, world):
    text = pdf_text(client.get("/ascn8/programme/booklet.pdf?lang=ms").data)
    assert "Pleno perasmian" in text and "Dewan Besar" in text
    assert "Opening plenary" not in text and "Grand Ballroom" not in text


def test_the_registration_export_is_in_its_reader_language(client, auth, make, world):
    auth.logout()
    auth.login(make.user(role="organiser", locale="ms").email)
    values = cells(client.get("/ascn8/manage/registrations/export.xlsx").data)
    assert "Perwakilan" in values and "Kategori" in values and "Vietnam" in values
    assert "Delegate" not in values and "Category" not in values and "Viet Nam" not in values


def test_a_calendar_file_is_in_its_reader_language(client, auth, make, world):
    auth.logout()
    auth.login(make.user(locale="ms").email)
    body = client.get(f"/ascn8/programme/sessions/{world['session'].id}.ics").get_data(as_text=True)
    assert "Pleno perasmian" in body and "Dewan Besar" in body
    assert "Opening plenary" not in body and "Grand Ballroom" not in body


def test_a_malay_badge_is_in_malay_from_an_english_page(app, world):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        event = db.session.get(Event, world["event"].id)
        registration = db.session.get(Registration, world["person"].id)
        badge_cards, _photos = cards.build([registration], "ms", for_pdf=False)
        preview = str(cards.html_fragment(event, badge_cards, "ms"))
        page = cards.html(event, badge_cards, "ms", for_pdf=False)
    assert badge_cards[0].country_name == "Vietnam"
    assert "8–12 September 2025" in preview and "8–12 September 2025" in page


RENDERS = ("render_template", "xlsx", "csv_bytes", "Calendar")


def test_every_document_renderer_is_marked_to_render_in_one_language():
    """A function that writes a PDF, spreadsheet or calendar runs under `ascn.i18n.document`,
    which holds its whole run in the document's language."""
    import ast
    from pathlib import Path

    unmarked = []
    for path in Path(cards.__file__).resolve().parent.parent.rglob("*.py"):
        if path.name == "spreadsheets.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            writes = any(_writes_document(call) for call in ast.walk(node) if isinstance(call, ast.Call))
            marked = any(getattr(d, "id", None) == "document" for d in node.decorator_list)
            if writes and not marked:
                unmarked.append(f"{path.name}:{node.name}")
    assert not unmarked, unmarked


def _writes_document(call) -> bool:
    import ast

    name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
    if name == "render_template":
        first = call.args[0] if call.args else None
        return isinstance(first, ast.Constant) and str(first.value).startswith("pdf/")
    if name in ("xlsx", "csv_bytes"):
        return (
            getattr(call.func, "value", None) is not None
            and getattr(call.func.value, "id", "") == "spreadsheets"
        )
    return name == "Calendar"
