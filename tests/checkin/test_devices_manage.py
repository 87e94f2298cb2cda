"""Organisers pair phones to a list with a one-time code (text and QR code of the pairing
page, built from the public address), see each device's state, and revoke one or all;
a revoked device is then refused by the scanner's API."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from ascn.checkin import devices
from ascn.checkin.models import CheckinList, Device
from ascn.extensions import db
from tests.support.checkin_manage import door_world, page_text, rows, scan
from tests.support.pages import flashes
from tests.support.web import Auth, new_client, post

CODE = re.compile(r'class="pairing-code"[^>]*>([A-Z0-9]{4}) ([A-Z0-9]{4})<')


@pytest.fixture
def world(make, auth):
    world = door_world(make)
    auth.login(world.organiser.email)
    world.page = f"/ascn8/manage/checkin/lists/{world.door.id}"
    return world


def _add(client, world, name="Hall A, Aisyah's phone", **kwargs):
    return post(client, f"{world.page}/devices", {"name": name}, token_from=world.page, **kwargs)


def _pair(app, world, code, email):
    with app.test_request_context():
        from ascn.accounts.models import User
        from ascn.events.models import Event

        user = db.session.scalar(select(User).where(User.email == email))
        event = db.session.get(Event, world.event.id)
        return devices.pair(event, code, user)[0].id


def test_a_new_device_shows_its_code_once_as_text_and_as_a_qr_code_of_the_pairing_page(app, client, world):
    response = _add(client, world)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    code = "".join(CODE.search(body).groups())
    assert 'src="data:image/svg+xml' in body
    link = re.search(r'class="help long">([^<]+)<', body).group(1)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "ascn.test", "/ascn8/checkin/pair")
    assert parse_qs(parts.query)["code"] == [code]
    assert "Waiting to be paired" in page_text(client.get(world.page))
    assert code not in client.get(world.page).get_data(as_text=True)

    _pair(app, world, code, world.staff.email)
    listed = page_text(client.get(world.page))
    assert f"Paired by {world.staff.full_name}" in listed


def test_the_pairing_link_comes_from_the_public_address_not_the_request(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://ascn8.example.org")
    body = _add(client, world).get_data(as_text=True)
    assert "https://ascn8.example.org/ascn8/checkin/pair?code=" in body
    assert "ascn.test" not in body.split('class="pairing"')[1]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the device a name, such as the door or the phone's owner."),
        ("   ", "Give the device a name, such as the door or the phone's owner."),
        ("P" * 81, "Field cannot be longer than 80 characters."),
    ],
)
def test_a_device_needs_a_name_that_fits(app, client, world, name, message):
    before = rows(app, Device)
    response = _add(client, world, name=name)
    assert response.status_code == 400
    assert message in page_text(response)
    assert rows(app, Device) == before


def test_a_form_sent_twice_makes_one_device(app, client, world):
    assert _add(client, world, name="Door B").status_code == 200
    twice = _add(client, world, name="door b")
    assert "Another device of this list has this name" in page_text(twice)
    assert rows(app, Device, name="Door B") == 1 and rows(app, Device, name="door b") == 0


def test_a_revoked_device_is_refused_by_the_scanner_api(app, client, make, world):
    person = world.delegate()
    token = make.checkin.token(person.id)
    assert scan(client, world.phone, token)["outcome"] == "valid"

    url = f"{world.page}/devices/{world.phone.id}/revoke"
    response = post(client, url, token_from=world.page)
    assert response.status_code == 302
    assert "is revoked" in " ".join(flashes(client.get(world.page)))
    refused = client.post(
        "/ascn8/api/checkin/scans",
        json={"scans": [{"id": "after", "token": token}]},
        headers=world.phone.headers,
    )
    assert refused.status_code == 403 and refused.get_json()["code"] == "revoked"
    assert "Revoked" in page_text(client.get(world.page))

    again = post(client, url, token_from=world.page)
    assert again.status_code == 302
    assert "already revoked" in " ".join(flashes(client.get(world.page)))


def test_every_device_of_a_list_is_revoked_at_once_and_no_other_lists(app, client, make, world):
    second = make.checkin.device(world.door.id, world.organiser.id, name="Second phone")
    other_list = make.checkin.list(world.event.id, name_en="Hall")
    elsewhere = make.checkin.device(other_list.id, world.organiser.id, name="Hall phone")

    post(client, f"{world.page}/devices/revoke", token_from=world.page)
    assert "2 devices revoked." in flashes(client.get(world.page))
    for phone, status in ((world.phone, 403), (second, 403), (elsewhere, 200)):
        assert client.get("/ascn8/api/checkin/device", headers=phone.headers).status_code == status


def test_another_lists_device_or_a_bad_id_is_not_found(app, client, make, world):
    other_list = make.checkin.list(world.event.id, name_en="Hall")
    theirs = make.checkin.device(other_list.id, world.organiser.id, name="Hall phone")
    for device_id in (theirs.id, "٣", "99999999999999"):
        response = post(client, f"{world.page}/devices/{device_id}/revoke", token_from=world.page)
        assert response.status_code == 404
    assert client.get("/ascn8/api/checkin/device", headers=theirs.headers).status_code == 200


def test_the_list_page_shows_staff_and_devices_of_this_list_only(app, client, make, world):
    other_list = make.checkin.list(world.event.id, name_en="Hall")
    make.checkin.device(other_list.id, world.organiser.id, name="Hall phone")
    text = page_text(client.get(world.page))
    assert "Entrance phone" in text and "Hall phone" not in text
    assert world.staff.full_name in text
    with app.app_context():
        assert db.session.get(CheckinList, world.door.id).name_en == "Main entrance"


def test_staff_cannot_make_or_revoke_devices(app, make, world):
    staff = new_client(app)
    Auth(staff).login(world.staff.email)
    assert staff.get(world.page).status_code == 403
    assert post(staff, f"{world.page}/devices", {"name": "Mine"}).status_code == 403
    assert post(staff, f"{world.page}/devices/{world.phone.id}/revoke").status_code == 403
    assert staff.get("/ascn8/api/checkin/device", headers=world.phone.headers).status_code == 200
