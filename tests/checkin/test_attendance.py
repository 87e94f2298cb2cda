"""Live attendance of a list: inside now and entered today on the event's clock, by
country and by category, the same figures in the JSON the page polls; for a bus, who on
the manifest has not boarded (with a number to call) and the stand-by list; a delegate's
attendance history. Staff read all of it; the query count does not grow with people."""

from datetime import timedelta

import pytest

from ascn.db import utcnow
from tests.support.checkin_manage import door_world, offline_scan, page_text, scan
from tests.support.visits import mail_from_now
from tests.support.web import Auth, new_client


@pytest.fixture
def world(make, auth):
    world = door_world(make)
    auth.login(world.organiser.email)
    world.page = f"/ascn8/manage/checkin/lists/{world.door.id}/attendance"
    return world


def test_inside_now_and_entered_today_by_country_and_category(app, client, make, world):
    siti = world.delegate(badge_name="Siti Aminah", given_names="Siti", family_name="Aminah")
    somchai = world.delegate(
        world.thailand, badge_name="Somchai Jaidee", given_names="Somchai", family_name="Jaidee"
    )
    yesterday = world.delegate(badge_name="Ahmad Yesterday", given_names="Ahmad", family_name="Yesterday")
    refused = world.delegate(status="pending")
    scan(client, world.phone, make.checkin.token(siti.id))
    scan(client, world.phone, make.checkin.token(somchai.id))
    scan(client, world.phone, make.checkin.token(somchai.id), direction="out")
    scan(client, world.phone, make.checkin.token(refused.id))  # not approved: not admitted
    offline_scan(client, world.phone, make.checkin.token(yesterday.id), utcnow() - timedelta(hours=30))

    data = client.get(f"{world.page}.json").get_json()
    assert (data["inside"], data["entered_today"]) == ("2", "2")  # Siti and Ahmad; Siti and Somchai
    assert data["countries"] == [["Malaysia", "2", "1"], ["Thailand", "0", "1"]]
    assert data["categories"] == [["Delegate", "2", "2"]]

    text = page_text(client.get(world.page))
    assert "2 inside now" in text and "2 entered today" in text
    # Who is inside, latest first, and filtered by name.
    assert text.index("Siti Aminah") < text.index("Ahmad Yesterday")
    assert "Somchai Jaidee" not in text.split("Inside now Name")[1]
    filtered = page_text(client.get(f"{world.page}?q=siti"))
    assert "Siti Aminah" in filtered and "Ahmad Yesterday" not in filtered


def test_today_is_the_events_day_not_the_servers(app, client, make, world):
    person = world.delegate()
    event_clock = utcnow() + timedelta(hours=8)  # Kuala Lumpur
    start_of_day = event_clock.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(hours=8)
    offline_scan(client, world.phone, make.checkin.token(person.id), start_of_day - timedelta(minutes=5))
    data = client.get(f"{world.page}.json").get_json()
    assert (data["inside"], data["entered_today"]) == ("1", "0")
    offline_scan(
        client,
        world.phone,
        make.checkin.token(person.id),
        start_of_day + timedelta(minutes=5),
        "already_inside",
    )
    assert client.get(f"{world.page}.json").get_json()["entered_today"] == "0"  # not admitted again


def test_a_bus_shows_who_has_not_boarded_with_a_number_to_call_and_its_stand_by(app, client, make, world):
    visit = make.visits.visit(world.event.id, seats=2, title_en="Putrajaya Wetlands", title_ms="Tanah Bencah")
    aboard = world.delegate(badge_name="Aboard Person", given_names="Aboard", family_name="Person")
    late = world.delegate(
        badge_name="Late Person", given_names="Late", family_name="Person", mobile="+60123456789"
    )
    waiting = world.delegate(badge_name="Waiting Person", given_names="Waiting", family_name="Person")
    for person in (aboard, late, waiting):
        make.visits.book(visit.id, person.id)
    bus = make.checkin.list(world.event.id, kind="visit", visit_id=visit.id, name_en="Wetlands bus")
    phone = make.checkin.device(bus.id, world.organiser.id, name="Bus phone")
    assert scan(client, phone, make.checkin.token(aboard.id))["outcome"] == "valid"
    assert scan(client, phone, make.checkin.token(waiting.id))["outcome"] == "standby"

    page = f"/ascn8/manage/checkin/lists/{bus.id}/attendance"
    text = page_text(client.get(page))
    not_boarded = text.split("Not boarded yet")[2].split("On board Seat")[0]
    assert (
        "Late Person" in not_boarded
        and "+60 12-345 6789" in not_boarded
        and "Aboard Person" not in not_boarded
    )
    assert 'href="tel:+60123456789"' in client.get(page).get_data(as_text=True)
    assert "Waiting Person" in text.split("Stand-by")[-1]

    data = client.get(f"{page}.json").get_json()
    assert (data["on_board"], data["not_boarded"]) == ("1", "1")
    assert data["passengers"][str(aboard.id)]["on_board"] is True
    assert data["passengers"][str(late.id)] == {"on_board": False, "state": "Not boarded"}
    assert str(waiting.id) not in data["passengers"]

    scan(client, phone, make.checkin.token(aboard.id), direction="out")
    state = client.get(f"{page}.json").get_json()["passengers"][str(aboard.id)]
    assert state["on_board"] is False and state["state"].startswith("Got off at ")


def test_staff_read_attendance_and_history_delegates_do_not(app, make, world):
    person = world.delegate()
    staff = new_client(app)
    Auth(staff).login(world.staff.email)
    assert staff.get(world.page).status_code == 200
    assert staff.get(f"{world.page}.json").status_code == 200
    assert staff.get(f"/ascn8/manage/checkin/people/{person.id}").status_code == 200
    assert "Scans of this list" not in page_text(staff.get(world.page))
    delegate = new_client(app)
    Auth(delegate).login(person.email)
    assert delegate.get(world.page).status_code == 403
    assert delegate.get(f"{world.page}.json").status_code == 403


def test_a_delegates_history_lists_every_scan_at_every_list(app, client, make, world):
    person = world.delegate(badge_name="Siti Aminah")
    hall = make.checkin.list(world.event.id, name_en="Plenary hall")
    hall_phone = make.checkin.device(hall.id, world.organiser.id, name="Hall phone")
    token = make.checkin.token(person.id)
    scan(client, world.phone, token)
    scan(client, hall_phone, token)
    scan(client, hall_phone, token, direction="out")
    scan(client, world.phone, make.checkin.token(person.id, serial=0))  # a forged old serial names no one

    text = page_text(client.get(f"/ascn8/manage/checkin/people/{person.id}"))
    assert "Siti Aminah" in text
    assert "Inside now Main entrance since" in text
    scans = text.split("Scans Time")[1]
    assert scans.count("Main entrance") == 1 and scans.count("Plenary hall") == 2
    assert "Entry" in scans and "Exit" in scans and "Hall phone" in scans and "Entrance phone" in scans

    registration_page = client.get(f"/ascn8/manage/registrations/{person.id}").get_data(as_text=True)
    assert f'href="/ascn8/manage/checkin/people/{person.id}"' in registration_page


@pytest.mark.parametrize("registration_id", ["٣", "99999999999999", "0"])
def test_a_bad_or_foreign_registration_id_is_not_found(app, client, make, world, registration_id):
    assert client.get(f"/ascn8/manage/checkin/people/{registration_id}").status_code == 404


def test_another_events_delegate_is_not_found(app, client, make, world):
    from datetime import date

    other = make.event(slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3))
    theirs = make.registration(other.id, world.malaysia.id, make.category(other.id).id)
    assert client.get(f"/ascn8/manage/checkin/people/{theirs.id}").status_code == 404


def test_the_pages_cost_the_same_queries_for_three_people_or_thirty(app, client, make, world, count_queries):
    visit = make.visits.visit(world.event.id, seats=40)
    bus = make.checkin.list(world.event.id, kind="visit", visit_id=visit.id, name_en="Bus")
    bus_phone = make.checkin.device(bus.id, world.organiser.id, name="Bus phone")
    countries = [make.country(f"C{n}", f"Country {n}", f"Negara {n}") for n in range(30)]
    categories = [make.category(world.event.id) for _ in range(30)]
    pages = [
        world.page,
        f"{world.page}.json",
        f"/ascn8/manage/checkin/lists/{bus.id}/attendance",
        f"/ascn8/manage/checkin/lists/{bus.id}/attendance.json",
    ]

    def arrive(n):
        person = world.delegate(countries[n], category_id=categories[n].id, mobile="+60123456789")
        make.visits.book(visit.id, person.id)
        token = make.checkin.token(person.id)
        scan(client, world.phone, token)
        if n % 2:
            scan(client, bus_phone, token)

    def queries():
        counts = []
        for url in pages:
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
        return counts

    for n in range(3):
        arrive(n)
    mail_from_now(app)  # the bookings' emails are written by a job: not the pages' queries
    few = queries()
    for n in range(3, 30):
        arrive(n)
    mail_from_now(app)
    assert queries() == few


def test_the_index_finds_a_delegate_whatever_their_status_to_open_their_history(app, client, world):
    found = world.delegate(
        badge_name="Nguyễn Thị Ánh", given_names="Thị Ánh", family_name="Nguyễn", status="cancelled"
    )
    world.delegate(badge_name="Somebody Else", given_names="Somebody", family_name="Else")
    page = client.get("/ascn8/manage/checkin/?q=nguyen")
    text = page_text(page)
    assert "Nguyễn Thị Ánh" in text and "Somebody Else" not in text
    assert f'href="/ascn8/manage/checkin/people/{found.id}"' in page.get_data(as_text=True)
    assert "No registration matches “nobody”." in page_text(client.get("/ascn8/manage/checkin/?q=nobody"))
