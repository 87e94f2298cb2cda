"""The scanner's pages: the lists a person may scan at, pairing a browser with a code (wrong,
expired, another event's, not assigned, sent twice), an organiser's own browser, and the
shell, manifest and service worker that make the scanner installable and work offline."""

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ascn.checkin.models import Device
from ascn.db import utcnow
from ascn.extensions import db
from tests.support.checkin import pairing_code
from tests.support.pages import flashes
from tests.support.web import post

SECRET = re.compile(r'data-secret="([^"]+)"')


@pytest.fixture
def door(make):
    event = make.event()
    organiser = make.user(role="organiser", email="organiser@example.org")
    staff = make.user(role="staff", email="staff@example.org")
    entrance = make.checkin.list(
        event.id, name_en="Main entrance", name_ms="Pintu masuk utama", staff_ids=[staff.id]
    )
    hall = make.checkin.list(event.id, name_en="Plenary hall", name_ms="Dewan pleno")
    return {"event": event, "organiser": organiser, "staff": staff, "entrance": entrance, "hall": hall}


def pair(client, code):
    return post(client, "/ascn8/checkin/pair", {"code": code}, token_from="/ascn8/checkin/pair")


def paired_devices(app):
    with app.app_context():
        return db.session.scalars(select(Device).where(Device.paired_at.is_not(None))).all()


def error_text(response) -> str:
    return " ".join(re.findall(r'class="error"[^>]*>\s*([^<]*)', response.get_data(as_text=True)))


def test_staff_see_the_lists_they_scan_at_and_organisers_see_every_list(client, auth, door):
    auth.login(door["staff"].email)
    page = client.get("/ascn8/checkin/").get_data(as_text=True)
    assert "Main entrance" in page and "Plenary hall" not in page
    assert "pair-here" not in page  # only organisers pair their own browser without a code
    auth.logout()
    auth.login(door["organiser"].email)
    page = client.get("/ascn8/checkin/").get_data(as_text=True)
    assert "Main entrance" in page and "Plenary hall" in page
    assert f"/ascn8/checkin/lists/{door['hall'].id}/pair-here" in page


def test_the_index_costs_the_same_queries_for_two_lists_or_twelve(
    app, client, auth, door, make, count_queries
):
    auth.login(door["organiser"].email)
    client.get("/ascn8/checkin/")
    with count_queries() as few:
        client.get("/ascn8/checkin/")
    for _ in range(10):
        make.checkin.list(door["event"].id)
    with count_queries() as many:
        page = client.get("/ascn8/checkin/")
    assert page.get_data(as_text=True).count('class="checkin-list-card"') == 12
    assert many.count == few.count


def test_a_staff_member_pairs_a_browser_with_the_code_and_gets_the_secret_once(app, client, auth, door):
    auth.login(door["staff"].email)
    code = pairing_code(app, door["entrance"].id, door["organiser"].id)
    assert f'value="{code}"' in client.get(f"/ascn8/checkin/pair?code={code}").get_data(as_text=True)
    # Typed as read aloud: lower case, with a space and a dash.
    answer = pair(client, f"{code[:4].lower()} -{code[4:]}")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(answer.get_data(as_text=True)).group(1)
    assert "Main entrance" in answer.get_data(as_text=True)
    state = client.get("/ascn8/api/checkin/device", headers={"Authorization": f"Device {secret}"})
    assert (state.status_code, state.get_json()["list"]) == (200, door["entrance"].id)
    assert [d.paired_by_id for d in paired_devices(app)] == [door["staff"].id]

    # Sent twice (a double tap, a reload): refused with a message, nothing paired again.
    again = pair(client, code)
    assert "This pairing code is not valid" in error_text(again)
    assert SECRET.search(again.get_data(as_text=True)) is None
    assert len(paired_devices(app)) == 1


@pytest.mark.parametrize(
    "typed, message",
    [
        ("WRONGCOD", "This pairing code is not valid"),
        ("", "Type the pairing code an organiser shows you."),
        ("٣" * 8, "This pairing code is not valid"),
        ("A" * 41, "A pairing code is 8 letters and digits."),
        ("x" * 10_000, "A pairing code is 8 letters and digits."),
    ],
)
def test_a_wrong_code_is_refused_with_a_message(app, client, auth, door, typed, message):
    auth.login(door["staff"].email)
    pairing_code(app, door["entrance"].id, door["organiser"].id)
    answer = pair(client, typed)
    assert answer.status_code == 200
    assert message in error_text(answer)
    assert paired_devices(app) == []


def test_an_expired_code_is_refused(app, client, auth, door):
    auth.login(door["staff"].email)
    code = pairing_code(app, door["entrance"].id, door["organiser"].id)
    with app.app_context():
        device = db.session.scalars(select(Device)).one()
        device.pairing_expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "This pairing code has expired" in error_text(pair(client, code))
    assert paired_devices(app) == []


def test_a_code_of_another_event_pairs_nothing_here(app, client, auth, door, make):
    other = make.event(slug="wg1", short_name="WG1")
    organiser = make.user(role="organiser", email="wg1@example.org", event_id=other.id)
    code = pairing_code(app, make.checkin.list(other.id).id, organiser.id)
    auth.login(door["organiser"].email)
    assert "This pairing code is not valid" in error_text(pair(client, code))
    assert paired_devices(app) == []


def test_staff_not_assigned_to_the_list_cannot_pair_there(app, client, auth, door):
    auth.login(door["staff"].email)
    code = pairing_code(app, door["hall"].id, door["organiser"].id)
    assert "You are not assigned to this check-in list" in error_text(pair(client, code))
    assert paired_devices(app) == []


def test_an_organiser_uses_their_own_browser_as_a_scanner(app, client, auth, door):
    auth.login(door["organiser"].email)
    url = f"/ascn8/checkin/lists/{door['hall'].id}/pair-here"
    answer = post(client, url, {"name": "Laptop at the hall"}, token_from="/ascn8/checkin/")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    secret = SECRET.search(answer.get_data(as_text=True)).group(1)
    state = client.get("/ascn8/api/checkin/device", headers={"Authorization": f"Device {secret}"}).get_json()
    assert (state["list"], state["name"]) == (door["hall"].id, "Laptop at the hall")


@pytest.mark.parametrize(
    "name, message", [("", "Give the device a name"), ("n" * 81, "Field cannot be longer than 80")]
)
def test_an_organisers_browser_needs_a_name_that_fits(app, client, auth, door, name, message):
    auth.login(door["organiser"].email)
    url = f"/ascn8/checkin/lists/{door['hall'].id}/pair-here"
    answer = post(client, url, {"name": name}, token_from="/ascn8/checkin/", follow_redirects=True)
    assert any(message in text for text in flashes(answer))
    assert paired_devices(app) == []


def test_staff_cannot_pair_their_browser_without_a_code(app, client, auth, door):
    auth.login(door["staff"].email)
    url = f"/ascn8/checkin/lists/{door['entrance'].id}/pair-here"
    answer = post(client, url, {"name": "Mine"}, token_from="/ascn8/checkin/", follow_redirects=True)
    assert "Only organisers can pair their own browser without a code." in flashes(answer)
    assert paired_devices(app) == []


def test_a_list_of_another_event_or_no_list_is_not_found(client, auth, door, make):
    other = make.event(slug="wg1", short_name="WG1")
    foreign = make.checkin.list(other.id)
    auth.login(door["organiser"].email)
    for list_id in (foreign.id, 999999, "99999999999999999999"):
        url = f"/ascn8/checkin/lists/{list_id}/pair-here"
        assert post(client, url, {"name": "x"}, token_from="/ascn8/checkin/").status_code == 404


def test_the_scanner_shell_is_the_same_for_everyone_and_holds_no_data(app, client, auth, door):
    anonymous = client.get("/ascn8/checkin/scan")
    assert anonymous.status_code == 200
    auth.login(door["staff"].email)
    shell = client.get("/ascn8/checkin/scan").get_data(as_text=True)
    assert "csrf_token" not in shell and "staff@example.org" not in shell and "Main entrance" not in shell
    config = json.loads(re.search(r'id="scanner-config">(.*?)</script>', shell).group(1))
    assert config["api"] == "/ascn8/api/checkin" and config["timezone"] == "Asia/Kuala_Lumpur"
    # Every outcome screen says its label in each language of the site.
    assert set(config["labels"]) == {"en", "ms"}
    for labels in config["labels"].values():
        assert set(labels["outcomes"]) >= {"valid", "revoked", "unknown", "already_inside", "standby"}


def test_the_manifest_makes_the_scanner_installable(client, door):
    answer = client.get("/ascn8/checkin/manifest.webmanifest")
    assert answer.mimetype == "application/manifest+json"
    manifest = answer.get_json()
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/ascn8/checkin/scan",
        "/ascn8/checkin/",
        "standalone",
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_service_worker_keeps_files_that_exist_and_no_answer_of_the_api(client, door):
    answer = client.get("/ascn8/checkin/sw.js")
    assert answer.mimetype == "text/javascript"
    body = answer.get_data(as_text=True)
    files = json.loads(re.search(r"var FILES = (\[.*?\]);", body).group(1))
    assert "/ascn8/checkin/scan" in files
    assert any("vendor/jsqr-1.4.0/jsQR.js" in name for name in files)
    assert not any("/api/" in name for name in files)
    for name in files:  # one missing file would fail the worker's installation
        assert client.get(name).status_code == 200, name
    assert json.loads(re.search(r"var PHOTOS = (\".*?\");", body).group(1)) == "/ascn8/api/checkin/photos/"
