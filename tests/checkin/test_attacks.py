"""Check-in as a hostile or broken client meets it: bodies that are no JSON text, times no
clock can show, a revoked phone that back-dates its scans, redirect targets that carry a
line break. Each is answered with a clear outcome and changes nothing; never a 500."""

import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select, update

from ascn.accounts.models import User
from ascn.checkin import devices, pairing, scanning
from ascn.checkin.models import CheckinList, Conflict, Device, Presence, Scan
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from tests.support.checkin import pairing_code
from tests.support.checkin_manage import door_world, offline_scan, rows, scan
from tests.support.web import Auth, new_client, post

SCANS = "/ascn8/api/checkin/scans"
SYNC = "/ascn8/api/checkin/sync"
CONFLICTS = "/ascn8/manage/checkin/conflicts"
PAIR = "/ascn8/checkin/pair"


@pytest.fixture
def world(make):
    return door_world(make)


def _double_entry(client, make, world) -> int:
    """Two phones admitted one badge while offline: a conflict to review; its id."""
    token = make.checkin.token(world.delegate().id)
    second = make.checkin.device(world.door.id, world.organiser.id, name="Second phone")
    offline_scan(client, world.phone, token, utcnow() - timedelta(minutes=3))
    offline_scan(client, second, token, utcnow() - timedelta(minutes=2))
    with make.app.app_context():
        return db.session.scalar(select(Conflict.id))


def _pair(client, code):
    return post(client, PAIR, {"code": code}, token_from=PAIR)


def _send(client, world, body: str, url=SCANS):
    return client.post(url, data=body, content_type="application/json", headers=world.phone.headers)


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than the parser's stack
        '{"scans": [{"id": "\\ud800", "token": "x"}]}',  # half a character: no UTF-8 text
    ],
    ids=["nested", "surrogate"],
)
def test_a_body_that_is_no_json_text_is_refused_with_a_message(app, client, world, body):
    response = _send(client, world, body)
    assert response.status_code == 400
    assert response.get_json() == {"code": "refused", "message": "Send the scans as a list."}
    assert rows(app, Scan) == 0


def test_a_nul_in_a_json_body_is_dropped_as_in_a_form(app, client, world):
    """PostgreSQL refuses a NUL in any text: the scan's id was a 500 there."""
    response = _send(client, world, '{"scans": [{"id": "door\\u0000-1", "token": "no badge"}]}')
    assert response.status_code == 200
    assert response.get_json()["results"][0]["id"] == "door-1"
    with app.app_context():
        assert db.session.scalars(select(Scan.client_id)).all() == ["door-1"]


def test_a_resolved_conflict_goes_back_to_the_review_not_to_an_address_with_a_line_break(
    app, client, make, world
):
    """A Location header cannot carry one: it was a 500, after the note was saved."""
    conflict_id = _double_entry(client, make, world)
    Auth(client).login(world.organiser.email)
    back = f"{CONFLICTS}?state=open\r\nSet-Cookie: session=stolen"
    response = post(
        client, f"{CONFLICTS}/{conflict_id}/resolve", {"note": "Seen", "back": back}, token_from=CONFLICTS
    )
    assert response.status_code == 302 and response.headers["Location"] == CONFLICTS
    assert rows(app, Conflict, resolution="Seen") == 1


def test_pairing_codes_cannot_be_guessed_without_end(app, client, make, world):
    """A code is 8 of 31 signs and lives 15 minutes; still, a person (and an address)
    trying codes is slowed down as a login is, and a colleague is not."""
    Auth(client).login(world.staff.email)
    codes = [_pair(client, f"WRONG{n:03d}").status_code for n in range(11)]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    code = pairing_code(app, world.door.id, world.organiser.id)
    refused = _pair(client, code)
    assert refused.status_code == 429 and "Please wait a minute" in refused.get_data(as_text=True)
    assert rows(app, Device, paired_by_id=world.staff.id) == 0

    colleague = make.user(role="staff", event_id=world.event.id)
    with app.app_context():
        door = db.session.get(CheckinList, world.door.id)
        door.staff.append(db.session.get(User, colleague.id))
        db.session.commit()
    other = new_client(app)
    Auth(other).login(colleague.email)
    assert _pair(other, code).status_code == 200
    assert rows(app, Device, paired_by_id=colleague.id) == 1


def test_a_device_for_a_list_deleted_meanwhile_is_refused_with_a_message(app, world):
    """The organiser's page loaded the list; another organiser deleted it before the form
    arrived (the device's row would have named no list: a 500)."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        door = db.session.get(CheckinList, world.door.id)
        organiser = db.session.get(User, world.organiser.id)
        db.session.execute(delete(Device))
        db.session.execute(delete(CheckinList).where(CheckinList.id == door.id))
        db.session.commit()
        with pytest.raises(ServiceError) as refused:
            pairing.add_device(door, "Hall A phone", organiser)
        assert str(refused.value.message) == "This list has just been deleted."
    assert rows(app, Device) == 0


# Defects of ascn/checkin/scanning.py: times a phone's clock cannot hold, a revoked phone,
# and a scan that waited for its delegate's lock.


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_an_offline_time_no_calendar_holds_is_refused_with_a_message(app, client, make, world, at):
    token = make.checkin.token(world.delegate().id)
    body = {"scans": [{"id": "o1", "token": token, "at": at, "outcome": "valid"}]}
    response = client.post(SYNC, json=body, headers=world.phone.headers)
    assert response.status_code == 400
    assert response.get_json()["message"] == "An offline scan needs its time and the outcome shown."
    assert rows(app, Scan) == 0


def test_a_phone_clock_at_the_end_of_the_calendar_does_not_break_the_review(app, client, make, world):
    token = make.checkin.token(world.delegate().id)
    body = {"scans": [{"id": "o1", "token": token, "at": "9999-12-31T20:00:00Z", "outcome": "valid"}]}
    assert client.post(SYNC, json=body, headers=world.phone.headers).status_code in (200, 400)
    Auth(client).login(world.organiser.email)
    assert client.get(CONFLICTS).status_code == 200


def test_a_revoked_phone_cannot_admit_anyone_after_its_revocation_by_setting_its_clock_back(
    app, client, make, world
):
    person = world.delegate()
    token = make.checkin.token(person.id)
    assert client.post("/ascn8/api/checkin/sign-out", headers=world.phone.headers).status_code == 200
    body = {"scans": [{"id": "o1", "token": token, "at": "1970-01-01T00:00:00Z", "outcome": "valid"}]}
    answer = client.post(SYNC, json=body, headers=world.phone.headers).get_json()["results"][0]
    assert answer["error"] == "device_revoked"
    with app.app_context():
        revoked_at = db.session.get(Device, world.phone.id).revoked_at
        assert db.session.scalars(select(Scan).where(Scan.scanned_at > revoked_at)).all() == []
        assert rows(app, Presence, inside=True) == 0


def test_an_online_scan_that_waited_for_the_lock_sees_the_entry_made_meanwhile(app, make, world):
    token = make.checkin.token(world.delegate().id)
    second = make.checkin.device(world.door.id, world.organiser.id, name="Second phone")
    began = utcnow()
    with app.test_request_context():
        phone = db.session.get(Device, world.phone.id)
        scanning.record(phone, [scanning.Item("a", token=token)], now=began + timedelta(milliseconds=40))
    with app.test_request_context():
        # Began 40 ms before the entry above was stored, and waited for its lock.
        later = db.session.get(Device, second.id)
        (result,) = scanning.record(later, [scanning.Item("b", token=token)], now=began)
        assert (result.outcome, result.admitted) == ("already_inside", False)
    assert rows(app, Scan, admitted=True) == 1


def test_names_pasted_with_a_control_character_still_export_as_xlsx(app, client, make, world):
    """Word pastes a line break inside a paragraph as a vertical tab; an .xlsx (XML) cannot
    hold one, and openpyxl refused the whole file (a 500). The break stays a line break."""
    hall = make.checkin.list(world.event.id, name_en="Hall\x0bA", name_ms="Dewan\x0bA")
    phone = make.checkin.device(hall.id, world.organiser.id, name="Aisyah's\x07 phone")
    person = world.delegate(badge_name="Siti\x0bAminah")
    scan(client, phone, make.checkin.token(person.id))
    Auth(client).login(world.organiser.email)

    response = client.get(f"/ascn8/manage/checkin/lists/{hall.id}/scans.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    (_headings, row) = sheet.iter_rows(values_only=True)
    assert (row[1], row[4], row[11]) == ("Hall\nA", "Siti\nAminah", "Aisyah's phone")
    # The CSV, plain text, keeps what was typed.
    text = client.get(f"/ascn8/manage/checkin/lists/{hall.id}/scans.csv").get_data().decode("utf-8")
    assert "Siti\x0bAminah" in text


def test_a_long_name_is_not_cut_short_to_name_an_organisers_browser(app, client, make, world):
    """The suggested device name is the organiser's name; one too long for a device is not
    offered cut in the middle of a word, the field is left for the organiser to fill."""
    style = "Pengiran Anak Puteri Hajah Masna binti Al-Marhum Sultan Haji Omar 'Ali Saifuddien"
    organiser = make.user(role="organiser", event_id=world.event.id, full_name=style)
    Auth(client).login(organiser.email)
    page = client.get("/ascn8/checkin/").get_data(as_text=True)
    field = re.search(rf'id="name-{world.door.id}" name="name" value="([^"]*)"', page)
    assert field is not None and field.group(1) == ""


def test_a_device_revoked_by_two_organisers_at_once_keeps_the_first_revocation(app, make, world):
    """The second organiser's page was loaded before the first revoked the phone: the
    second revocation must not move the moment later, which would let the phone's scans
    of the time between count as made before it."""
    second = make.user(role="organiser", event_id=world.event.id)
    first = utcnow() - timedelta(minutes=1)
    with app.test_request_context():
        device = db.session.get(Device, world.phone.id)  # loaded by the second request
        with db.engine.begin() as other:  # the first revocation, committed meanwhile
            other.execute(
                update(Device)
                .where(Device.id == device.id)
                .values(revoked_at=first, revoked_by_id=world.organiser.id)
            )
        devices.revoke(device, db.session.get(User, second.id))
    with app.app_context():
        stored = db.session.get(Device, world.phone.id)
        assert (stored.revoked_at, stored.revoked_by_id) == (first, world.organiser.id)
