"""The programme spreadsheet is previewed before it touches the draft: the sessions it
adds, the cells it changes (old → new), and the rows the session rules refuse; "Import"
saves exactly that, or nothing when the draft changed in between."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from ascn.extensions import db
from ascn.programme.models import ProgrammeSession
from ascn.programme.xlsx import COLUMNS
from tests.support.programme import programme_world
from tests.support.web import confirm, post

IMPORT = "/ascn8/manage/programme/import"


@pytest.fixture
def world(make, auth):
    world = programme_world(make)
    auth.login(world.organiser.email)
    return world


def _upload(client, rows):
    book = Workbook()
    book.active.append(COLUMNS)
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return post(
        client,
        IMPORT,
        {"file": (out, "programme.xlsx")},
        token_from=IMPORT,
        content_type="multipart/form-data",
    )


def _titles(app) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(select(ProgrammeSession.title_en)))


def _exported(client) -> list[list]:
    data = client.get("/ascn8/manage/programme/export.xlsx").data
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)][1:]


NEW = [None, "2025-09-10", "10:00", "11:00", "plenary", "", "", "Smart mobility", "Mobiliti pintar"] + [
    ""
] * 7


def test_the_preview_shows_adds_and_changes_and_saves_nothing(app, client, world):
    first = _exported(client)[0]
    old_title = first[7]
    first[7] = "Opening of the 8th meeting"
    before = _titles(app)
    page = _upload(client, [first, NEW]).get_data(as_text=True)
    assert "To add" in page and "Smart mobility" in page
    assert f"<del>{old_title}</del> → <ins>Opening of the 8th meeting</ins>" in page
    assert _titles(app) == before
    response = confirm(client, _upload(client, [first, NEW]))
    assert response.status_code == 302
    assert _titles(app) == sorted(
        [*[t for t in before if t != old_title], "Opening of the 8th meeting", "Smart mobility"]
    )


def test_a_refused_row_names_its_session_and_nothing_can_be_imported(app, client, world):
    bad = list(NEW)
    bad[2], bad[3] = "11:00", "10:00"
    page = _upload(client, [bad]).get_data(as_text=True)
    assert "Row 2 (Smart mobility): “end”:" in page and ">Import</button>" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProgrammeSession)) == 3


def test_a_draft_changed_after_the_preview_is_checked_again(app, client, world):
    first = _exported(client)[0]
    first[7] = "Renamed by the file"
    preview = _upload(client, [first])
    with app.app_context():  # another organiser renames the session meanwhile
        session = db.session.get(ProgrammeSession, first[0])
        session.title_en = "Renamed by a colleague"
        db.session.commit()
    page = confirm(client, preview).get_data(as_text=True)
    assert "has changed since the preview" in page
    assert "<del>Renamed by a colleague</del> → <ins>Renamed by the file</ins>" in page
    assert "Renamed by the file" not in _titles(app)
