"""Exports of scans, of one list or of the event, as `.xlsx` and `.csv`: one row per scan,
failed ones included, times on the event's clock, organiser texts in the reader's
language, formula-like text kept as text; organisers only."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from ascn.db import utcnow
from tests.support.checkin_manage import door_world, offline_scan, scan
from tests.support.web import Auth, new_client


@pytest.fixture
def world(make, auth):
    world = door_world(make)
    auth.login(world.organiser.email)
    siti = world.delegate(badge_name="Siti Aminah")
    somchai = world.delegate(world.thailand, badge_name='=HYPERLINK("http://x")')
    token = make.checkin.token(siti.id)
    world.entered = scan(make.app.test_client(), world.phone, token)
    scan(make.app.test_client(), world.phone, token)  # already inside: refused, recorded
    hall = make.checkin.list(world.event.id, name_en="Plenary hall", name_ms="Dewan plenari")
    hall_phone = make.checkin.device(hall.id, world.organiser.id, name="+Hall phone")
    offline_scan(
        make.app.test_client(), hall_phone, make.checkin.token(somchai.id), utcnow() - timedelta(minutes=1)
    )
    world.hall = hall
    return world


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    return [
        tuple("" if value is None else value for value in row) for row in sheet.iter_rows(values_only=True)
    ]


def test_the_events_scans_as_csv_every_scan_in_time_order(client, world):
    lines = _csv(client.get("/ascn8/manage/checkin/scans.csv"))
    heading, *scans = lines
    assert heading[:8] == [
        "Time", "List", "Entry or exit", "Registration number", "Name",
        "Country or organisation", "Category", "Outcome",
    ]  # fmt: skip
    # The hall's scan was made offline a minute before the door's two, synced after them.
    assert [row[1] for row in scans] == ["Plenary hall", "Main entrance", "Main entrance"]
    assert [row[7] for row in scans] == ["Valid", "Valid", "Already inside"]
    assert [row[9] for row in scans] == ["✓", "✓", ""]
    door = scans[1]
    assert (
        door[2] == "Entry"
        and door[4] == "Siti Aminah"
        and door[5] == "Malaysia"
        and door[11] == "Entrance phone"
    )
    local = utcnow() + timedelta(hours=8)
    assert door[0].startswith(local.strftime("%Y-%m-%d"))  # the event's clock (Kuala Lumpur)
    assert scans[0][4] == '\'=HYPERLINK("http://x")' and scans[0][11] == "'+Hall phone"


def test_one_lists_scans_as_xlsx_formula_text_kept_as_text(client, world):
    rows = _xlsx(client.get(f"/ascn8/manage/checkin/lists/{world.hall.id}/scans.xlsx"))
    assert len(rows) == 2
    assert (
        rows[1][1] == "Plenary hall"
        and rows[1][4] == '=HYPERLINK("http://x")'
        and rows[1][11] == "+Hall phone"
    )
    assert rows[1][8] == "Valid"  # what the phone showed offline


def test_a_malay_reader_gets_the_lists_malay_name(app, world):
    client = new_client(app)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ms"
    Auth(client).login(world.organiser.email)
    from ascn.accounts.models import User
    from ascn.extensions import db

    with app.app_context():
        db.session.get(User, world.organiser.id).locale = "ms"
        db.session.commit()
    lines = _csv(client.get(f"/ascn8/manage/checkin/lists/{world.hall.id}/scans.csv"))
    assert lines[1][1] == "Dewan plenari"


def test_exports_are_for_organisers(app, world):
    staff = new_client(app)
    Auth(staff).login(world.staff.email)
    assert staff.get("/ascn8/manage/checkin/scans.csv").status_code == 403
    assert staff.get(f"/ascn8/manage/checkin/lists/{world.hall.id}/scans.xlsx").status_code == 403


def test_another_events_list_is_not_found(app, client, make, world):
    from datetime import date

    other = make.event(slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3))
    theirs = make.checkin.list(other.id, name_en="Their door")
    assert client.get(f"/ascn8/manage/checkin/lists/{theirs.id}/scans.csv").status_code == 404
    assert client.get("/ascn8/manage/checkin/lists/٣/scans.csv").status_code == 404
    assert client.get("/ascn8/manage/checkin/scans.pdf").status_code == 404
