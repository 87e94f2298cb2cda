"""Every spreadsheet read or written: a sheet that declares millions of cells is refused
from the cells it really holds, and no exported text runs as a formula."""

import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from ascn import spreadsheets
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession, Speaker
from ascn.programme.xlsx import COLUMNS as PROGRAMME_COLUMNS
from ascn.registration.models import Registration
from tests.support.delegations import import_sheet
from tests.support.programme import programme_world
from tests.support.web import post

DELEGATION_HEADER = ["Given name(s)", "Family name", "Email", "Category"]
FORMULA = '=HYPERLINK("http://x","y")'


def _workbook(lines) -> bytes:
    book = Workbook()
    for line in lines:
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _declaring_every_cell(raw: bytes, far_cell: str | None = None) -> bytes:
    """The workbook with its sheet's dimension rewritten to A1:XFD1048576 (and a value
    in `far_cell`): what openpyxl's own reading pads every row to."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)
                assert xml != data
                if far_cell:
                    row = re.sub(r"\D", "", far_cell).encode()
                    cell = f'<c r="{far_cell}" t="inlineStr"><is><t>x</t></is></c>'.encode()
                    xml = xml.replace(
                        b"</sheetData>", b'<row r="' + row + b'">' + cell + b"</row></sheetData>"
                    )
                data = xml
            target.writestr(info, data)
    return out.getvalue()


def _upload(client, path, raw, name="sheet.xlsx"):
    return post(
        client,
        path,
        {"file": (io.BytesIO(raw), name)},
        token_from=path,
        content_type="multipart/form-data",
    ).get_data(as_text=True)


@pytest.fixture
def delegation(make, auth):
    event = make.event()
    make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=3, head_quota=1)
    auth.login(make.user(role="focal_point", country_id=malaysia.id).email)
    return event


@pytest.fixture
def programme(make, auth):
    world = programme_world(make)
    auth.login(world.organiser.email)
    return world


def _registrations(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Registration))


def _sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProgrammeSession))


ONE_MEMBER = [DELEGATION_HEADER, ["Ana", "Cruz", "ana@example.org", "Delegate"]]


@pytest.mark.parametrize(
    "far_cell, message",
    [
        (None, None),  # only the dimension lies: the one real row is read and imported
        ("XFD1048576", "beyond its 40 columns"),
        ("A1048576", "Row 1048576 (x)"),  # a real far row is read, as it is
    ],
)
def test_the_delegation_import_reads_only_the_cells_a_sheet_holds(app, client, delegation, far_cell, message):
    bomb = _declaring_every_cell(_workbook(ONE_MEMBER), far_cell)
    assert len(bomb) < 8_000
    if message is None:
        assert import_sheet(client, io.BytesIO(bomb)).status_code == 302
    page = _upload(client, "/ascn8/delegation/import", bomb)
    if message:
        assert message in page
        assert _registrations(app) == 0
    else:
        assert _registrations(app) == 1


def test_the_programme_import_refuses_a_sheet_declaring_every_cell(app, client, programme):
    row = [None, "2025-09-10", "10:00", "11:00", "plenary"] + [""] * 2 + ["Added"] + [""] * 8
    bomb = _declaring_every_cell(_workbook([PROGRAMME_COLUMNS, row]), "XFD1048576")
    page = _upload(client, "/ascn8/manage/programme/import", bomb)
    assert "beyond its 16 columns" in page
    assert _sessions(app) == 3


def test_twenty_thousand_rows_are_refused_at_the_first_row_past_the_limit(app, client, programme):
    row = [None, "2025-09-10", "10:00", "11:00", "plenary", "", "", "Added"]
    page = _upload(client, "/ascn8/manage/programme/import", _workbook([PROGRAMME_COLUMNS] + [row] * 20_000))
    assert "2000 rows" in page  # refused by its size before its rows are read
    assert _sessions(app) == 3


def test_control_characters_in_a_cell_do_not_reach_the_database(app, client, delegation):
    lines = [DELEGATION_HEADER, ["Ana\x9b\x90", "Cruz", "ana@example.org", "Delegate"]]
    import_sheet(client, io.BytesIO(_workbook(lines)))
    with app.app_context():
        assert db.session.scalar(select(Registration.given_names)) == "Ana"


def test_the_reader_keeps_dates_numbers_and_line_breaks():
    from datetime import datetime

    raw = _workbook([["a", "b", "c"], [datetime(2025, 9, 10, 9, 30), 60123456789.0, " two\r\nlines "]])
    table = spreadsheets.read_xlsx(raw, max_rows=5, max_columns=3)
    [row] = table.rows
    assert row.number == 2 and row.values[0] == datetime(2025, 9, 10, 9, 30)
    assert [spreadsheets.text(v) for v in row.values] == ["2025-09-10 09:30", "60123456789", "two\nlines"]


def test_a_row_of_a_million_empty_cells_is_refused_unparsed(app, client, delegation):
    """A few kilobytes of zip pack millions of formatted empty cells into one row: no
    row or column is past a limit, yet parsing them would take a worker for seconds."""
    raw = _workbook(ONE_MEMBER)
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", b'<row r="3">' + b'<c s="0"/>' * 1_000_000 + b"</row></sheetData>"
                )
            target.writestr(info, data)
    assert len(out.getvalue()) < 50_000
    page = _upload(client, "/ascn8/delegation/import", out.getvalue())
    assert "too large to import: at most 500 rows of 40 columns" in page
    assert _registrations(app) == 0


def test_a_file_that_unpacks_to_too_much_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (spreadsheets.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(ServiceError):
        spreadsheets.read_xlsx(out.getvalue(), max_rows=5, max_columns=5)


def _as_excel_sees_it(data: bytes, row: int, column: int):
    cell = load_workbook(io.BytesIO(data)).active.cell(row=row, column=column)
    return cell.data_type, cell.value, cell.quotePrefix


def test_a_speaker_named_like_a_formula_is_text_in_the_programme_export(app, client, make, programme):
    with app.app_context():
        speaker = db.session.get(Speaker, programme.speaker.id)
        speaker.full_name = FORMULA
        db.session.commit()
    exported = client.get("/ascn8/manage/programme/export.xlsx").data
    column = PROGRAMME_COLUMNS.index("speakers") + 1
    values = [_as_excel_sees_it(exported, row, column) for row in (2, 3, 4)]
    assert ("s", FORMULA, True) in values
    assert "f" not in {data_type for data_type, _, _ in values}


def test_a_delegate_named_like_a_formula_is_text_in_the_registration_exports(client, make, auth):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    country = make.country("TH", "Thailand", "Thailand")
    make.registration(event.id, country.id, category.id, given_names=FORMULA, family_name="-1+1")
    auth.login(make.user(role="organiser").email)
    exported = client.get("/ascn8/manage/registrations/export.xlsx").data
    assert _as_excel_sees_it(exported, 2, 4) == ("s", FORMULA, True)
    assert _as_excel_sees_it(exported, 2, 5) == ("s", "-1+1", True)
    table = list(
        csv.reader(io.StringIO(client.get("/ascn8/manage/registrations/export.csv").data.decode("utf-8-sig")))
    )
    assert table[1][3] == "'" + FORMULA and table[1][4] == "'-1+1"


def test_a_delegate_named_like_a_formula_is_text_in_the_bus_manifest(app, client, make, auth):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    country = make.country("TH", "Thailand", "Thailand")
    person = make.registration(event.id, country.id, category.id, status="approved", given_names=FORMULA)
    visit = make.visits.visit(event.id, seats=2, title_en="Site: [North]/South?", title_ms="Tapak")
    make.visits.book(visit.id, person.id)
    auth.login(make.user(role="organiser").email)
    exported = client.get(f"/ascn8/manage/visits/{visit.id}/manifest.xlsx?lang=en").data
    data_type, value, marked = _as_excel_sees_it(exported, 2, 2)
    assert data_type == "s" and value.startswith(FORMULA) and marked
    assert load_workbook(io.BytesIO(exported)).active.title == "Site North South"


def test_a_category_label_like_a_formula_is_text_in_the_import_template(client, make, auth):
    event = make.event()
    make.category(event.id, code="x", label_en="=1+1", label_ms="=1+1")
    country = make.country()
    auth.login(make.user(role="focal_point", country_id=country.id).email)
    template = load_workbook(io.BytesIO(client.get("/ascn8/delegation/template.xlsx?lang=en").data))
    lists = template.worksheets[1]
    assert [(c.data_type, c.value) for c in lists["A"] if c.value == "=1+1"] == [("s", "=1+1")]


@pytest.mark.parametrize(
    "title, name",
    [
        ("Putrajaya: Command/Centre [bus 1]?", "Putrajaya Command Centre bus 1"),
        ("'Quoted'", "Quoted"),
        ("History", "Sheet"),
        ("***", "Sheet"),
        ("A" * 40, "A" * 31),
    ],
)
def test_sheet_names_follow_excels_rule(title, name):
    assert spreadsheets.sheet_name(title, "Sheet") == name
