"""Scans through the scanner's API: every outcome a door can show, online and offline,
what the database keeps, and the conflicts two offline phones make."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.checkin.models import Conflict, Presence, Scan
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db


@pytest.fixture
def door(make):
    """An event, a category, a country, an organiser and a door paired to a phone."""
    event = make.event(start_date=utcnow().date(), end_date=utcnow().date() + timedelta(days=2))
    category = make.category(event.id)
    country = make.country()
    organiser = make.user(role="organiser")
    checkin_list = make.checkin.list(event.id)
    phone = make.checkin.device(checkin_list.id, organiser.id)

    def delegate(**values):
        values.setdefault("status", "approved")
        return make.registration(event.id, country.id, values.pop("category_id", category.id), **values)

    return event, checkin_list, phone, delegate


_ids = iter(range(1, 10**6))


def scan(client, phone, token, direction="in"):
    response = client.post(
        "/ascn8/api/checkin/scans",
        json={"scans": [{"id": f"c{next(_ids)}", "token": token, "direction": direction}]},
        headers=phone.headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"][0]


def sync(client, phone, scans):
    return client.post("/ascn8/api/checkin/sync", json={"scans": scans}, headers=phone.headers)


def offline(token, at, outcome="valid", direction="in", client_id=None):
    return {
        "id": client_id or f"o{next(_ids)}",
        "token": token,
        "direction": direction,
        "at": at.isoformat(),
        "outcome": outcome,
    }


def count(app, model, **where):
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return db.session.scalar(stmt)


def test_a_valid_badge_is_admitted_once_then_shown_as_already_inside(client, make, door):
    _event, _list, phone, delegate = door
    person = delegate(badge_name="Siti Aminah")
    token = make.checkin.token(person.id)

    first = scan(client, phone, token)
    assert (first["outcome"], first["admitted"]) == ("valid", True)
    assert first["person"]["name"] == "Siti Aminah"

    second = scan(client, phone, token)
    assert (second["outcome"], second["admitted"]) == ("already_inside", False)
    assert second["entered"]["device"] == "Phone"

    assert scan(client, phone, token, direction="out")["outcome"] == "valid"
    assert scan(client, phone, token)["outcome"] == "valid"  # back in after leaving


@pytest.mark.parametrize(
    "status, values, outcome",
    [
        ("pending", {}, "not_approved"),
        ("rejected", {}, "not_approved"),
        ("cancelled", {}, "cancelled"),
        ("approved", {"identity_change_pending": True}, "change_pending"),
    ],
)
def test_a_registration_that_is_not_approved_is_turned_away(client, make, door, status, values, outcome):
    _event, _list, phone, delegate = door
    person = delegate(status=status, **values)
    result = scan(client, phone, make.checkin.token(person.id))
    assert (result["outcome"], result["admitted"]) == (outcome, False)


def test_an_old_serial_scans_as_revoked_and_a_forged_one_as_unknown(app, client, make, door):
    _event, _list, phone, delegate = door
    person = delegate()
    make.badge_printed(person.id, serial=2)
    assert scan(client, phone, make.checkin.token(person.id, 1))["outcome"] == "revoked"
    assert scan(client, phone, make.checkin.token(person.id, 3))["outcome"] == "unknown"
    forged = make.checkin.token(person.id, 2)[:-3] + "AAA"
    assert scan(client, phone, forged)["outcome"] == "unknown"
    assert scan(client, phone, "not a badge at all")["outcome"] == "unknown"
    assert scan(client, phone, make.checkin.token(person.id, 2))["outcome"] == "valid"
    # Every failed scan is kept too.
    assert count(app, Scan) == 5


def test_a_badge_of_another_event_is_unknown_here(client, make, door):
    _event, _list, phone, _delegate = door
    other = make.event(slug="wg1", short_name="WG1")
    stranger = make.registration(
        other.id,
        make.country(code="TH", name_en="Thailand").id,
        make.category(other.id).id,
        status="approved",
    )
    assert scan(client, phone, make.checkin.token(stranger.id))["outcome"] == "unknown"


def test_a_hall_for_some_categories_turns_the_others_away(client, make, door):
    event, _list, _phone, delegate = door
    heads = make.category(event.id, code="HOD")
    hall = make.checkin.list(event.id, category_ids=[heads.id])
    organiser = make.user(role="organiser", email="second@example.org")
    phone = make.checkin.device(hall.id, organiser.id)
    head, other = delegate(category_id=heads.id), delegate()
    assert scan(client, phone, make.checkin.token(head.id))["outcome"] == "valid"
    assert scan(client, phone, make.checkin.token(other.id))["outcome"] == "not_on_list"


def test_a_bus_boards_confirmed_bookings_and_shows_the_waiting_list_as_standby(client, make, door):
    event, _list, _phone, delegate = door
    visit = make.visits.visit(event.id, seats=1, closes_at=utcnow() + timedelta(days=1))
    seated, waiting, absent = delegate(), delegate(), delegate()
    make.visits.book(visit.id, seated.id)
    make.visits.book(visit.id, waiting.id)
    bus = make.checkin.list(event.id, kind="visit", visit_id=visit.id)
    organiser = make.user(role="organiser", email="bus@example.org")
    phone = make.checkin.device(bus.id, organiser.id)
    assert scan(client, phone, make.checkin.token(seated.id))["outcome"] == "valid"
    assert scan(client, phone, make.checkin.token(waiting.id))["outcome"] == "standby"
    assert scan(client, phone, make.checkin.token(absent.id))["outcome"] == "not_on_list"


def test_two_phones_that_admitted_one_badge_offline_make_one_conflict_whichever_syncs_first(
    app, client, make, door
):
    event, checkin_list, phone, delegate = door
    organiser = make.user(role="organiser", email="other-door@example.org")
    other_phone = make.checkin.device(checkin_list.id, organiser.id, name="Phone B")
    person = delegate()
    token = make.checkin.token(person.id)
    now = utcnow()
    # The later scan reaches the server first.
    assert sync(client, other_phone, [offline(token, now - timedelta(minutes=5))]).status_code == 200
    assert sync(client, phone, [offline(token, now - timedelta(minutes=10))]).status_code == 200

    assert count(app, Scan) == 2
    with app.app_context():
        conflict = db.session.scalars(select(Conflict)).one()
        assert conflict.kind == "double_entry"
        assert conflict.scan.device.name == "Phone B"
        assert conflict.other_scan.device.name == "Phone"
        presence = db.session.get(Presence, (checkin_list.id, person.id))
        assert presence.inside and presence.since == conflict.scan.scanned_at


def test_a_scan_admitted_offline_that_the_server_judges_revoked_is_kept_with_a_conflict(
    app, client, make, door
):
    _event, _list, phone, delegate = door
    person = delegate()
    token = make.checkin.token(person.id, 1)
    make.badge_printed(person.id, serial=2)  # reprinted while the phone was offline
    response = sync(client, phone, [offline(token, utcnow() - timedelta(minutes=1))])
    result = response.get_json()["results"][0]
    assert (result["outcome"], result["admitted"], result["conflict"]) == (
        "revoked",
        True,
        "judged_otherwise",
    )
    assert count(app, Conflict, kind="judged_otherwise") == 1


def test_a_batch_sent_twice_is_stored_once(app, client, make, door):
    _event, _list, phone, delegate = door
    people = [delegate() for _ in range(3)]
    now = utcnow()
    batch = [offline(make.checkin.token(p.id), now - timedelta(minutes=3 - i)) for i, p in enumerate(people)]
    first = sync(client, phone, batch).get_json()["results"]
    again = sync(client, phone, batch).get_json()["results"]
    assert [r["duplicate"] for r in first] == [False] * 3
    assert [r["duplicate"] for r in again] == [True] * 3
    assert [r["outcome"] for r in again] == [r["outcome"] for r in first] == ["valid"] * 3
    assert count(app, Scan) == 3


def test_a_scan_sent_again_with_a_new_one_is_answered_as_before_and_the_new_one_judged(
    app, client, make, door
):
    """The phone lost the answer and sends the scan again, this time with the next one."""
    _event, _list, phone, delegate = door
    person, other = delegate(badge_name="Siti Aminah"), delegate(badge_name="Nguyen Van An")
    first = {"id": "again-1", "token": make.checkin.token(person.id)}
    answered = client.post("/ascn8/api/checkin/scans", json={"scans": [first]}, headers=phone.headers)
    later = {"id": "again-2", "token": make.checkin.token(other.id)}
    response = client.post("/ascn8/api/checkin/scans", json={"scans": [first, later]}, headers=phone.headers)
    before, (again, fresh) = answered.get_json()["results"][0], response.get_json()["results"]
    assert (again["outcome"], again["duplicate"], again["person"]["name"]) == ("valid", True, "Siti Aminah")
    assert before["duplicate"] is False and before["outcome"] == "valid"
    assert (fresh["outcome"], fresh["duplicate"], fresh["person"]["name"]) == (
        "valid",
        False,
        "Nguyen Van An",
    )
    assert count(app, Scan) == 2 and count(app, Presence, inside=True) == 2


def test_a_scan_time_in_the_future_or_before_the_event_is_kept_at_its_arrival_with_a_conflict(
    app, client, make, door
):
    _event, _list, phone, delegate = door
    person, other = delegate(), delegate()
    future = offline(make.checkin.token(person.id), utcnow() + timedelta(days=3))
    ancient = offline(make.checkin.token(other.id), datetime(2001, 1, 1, tzinfo=timezone.utc))
    results = sync(client, phone, [future, ancient]).get_json()["results"]
    assert [r["conflict"] for r in results] == ["clock", "clock"]
    with app.app_context():
        for stored in db.session.scalars(select(Scan)):
            assert abs(stored.scanned_at - utcnow()) < timedelta(minutes=1)
            assert stored.device_time is not None


def test_a_batch_of_ten_thousand_scans_is_refused_whole(app, client, make, door):
    _event, _list, phone, delegate = door
    token = make.checkin.token(delegate().id)
    batch = [offline(token, utcnow(), client_id=f"x{i}") for i in range(10_000)]
    response = sync(client, phone, batch)
    assert response.status_code in (400, 413)
    assert response.get_json()["code"] == "refused"
    assert count(app, Scan) == 0


@pytest.mark.parametrize(
    "body",
    [
        None,
        {},
        {"scans": "x"},
        {"scans": [1]},
        {"scans": [{"id": ""}]},
        {"scans": [{"id": "a", "direction": "up", "token": "t"}]},
    ],
)
def test_a_malformed_body_is_refused_with_a_message(client, door, body):
    _event, _list, phone, _delegate = door
    response = client.post("/ascn8/api/checkin/scans", json=body, headers=phone.headers)
    assert response.status_code == 400
    assert response.get_json()["message"]


def test_a_revoked_phone_hands_over_what_it_scanned_before_and_nothing_after(app, client, make, door):
    _event, _list, phone, delegate = door
    person, late = delegate(), delegate()
    before = offline(make.checkin.token(person.id), utcnow() - timedelta(minutes=2))
    assert client.post("/ascn8/api/checkin/sign-out", headers=phone.headers).status_code == 200
    after = offline(make.checkin.token(late.id), utcnow())
    results = sync(client, phone, [before, after]).get_json()["results"]
    assert results[0]["conflict"] == "device_revoked"
    assert results[1]["error"] == "device_revoked"
    assert count(app, Scan) == 1
    assert client.get("/ascn8/api/checkin/offline", headers=phone.headers).status_code == 403


def test_the_api_needs_a_paired_device_of_this_event(client, make, door):
    _event, _list, phone, _delegate = door
    assert client.get("/ascn8/api/checkin/device").status_code == 401
    assert (
        client.get("/ascn8/api/checkin/device", headers={"Authorization": "Device nonsense"}).status_code
        == 401
    )
    make.event(slug="wg1", short_name="WG1")
    assert client.get("/wg1/api/checkin/device", headers=phone.headers).status_code == 401
    assert client.get("/ascn8/api/checkin/device", headers=phone.headers).get_json()["name"] == "Phone"


def test_staff_removed_from_a_list_can_no_longer_scan_there(app, client, make, door):
    event, checkin_list, _phone, delegate = door
    staff = make.user(role="staff", email="staff@example.org")
    other_list = make.checkin.list(event.id, staff_ids=[staff.id])
    with pytest.raises(ServiceError, match="not assigned"):
        make.checkin.device(checkin_list.id, staff.id)  # not assigned to this list
    phone = make.checkin.device(other_list.id, staff.id)
    assert scan(client, phone, make.checkin.token(delegate().id))["outcome"] == "valid"
    with app.app_context():
        from ascn.checkin.models import CheckinList

        db.session.get(CheckinList, other_list.id).staff = []
        db.session.commit()
    response = client.get("/ascn8/api/checkin/offline", headers=phone.headers)
    assert (response.status_code, response.get_json()["code"]) == (403, "not_assigned")


def test_the_offline_data_names_no_more_than_the_screen_shows(client, make, door):
    _event, _list, phone, delegate = door
    person = delegate(badge_name="Nguyễn Thị Ánh", email="anh@example.org", mobile="+60123456789")
    data = client.get("/ascn8/api/checkin/offline", headers=phone.headers)
    body = data.get_data(as_text=True)
    assert "Nguyễn Thị Ánh" in body
    assert "anh@example.org" not in body and "60123456789" not in body
    row = data.get_json()["people"][0]
    assert row[:2] == [person.id, 1] and row[4] == "valid"
