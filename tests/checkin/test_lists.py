"""Organisers keep the check-in lists: doors for everyone or for some categories, a bus per
site visit, staff assigned; bad input is refused with a message and changes nothing."""

import pytest
from sqlalchemy import select

from ascn.checkin.models import CheckinList, Device
from ascn.extensions import db
from tests.support.checkin_manage import door_world, page_text, rows, scan
from tests.support.pages import flashes
from tests.support.web import Auth, new_client, post

NEW = "/ascn8/manage/checkin/lists/new"


@pytest.fixture
def world(make, auth):
    world = door_world(make)
    auth.login(world.organiser.email)
    return world


def _lists(app):
    with app.app_context():
        found = db.session.scalars(select(CheckinList).order_by(CheckinList.id))
        return [
            (
                c.name_en,
                c.kind,
                c.all_categories,
                [x.id for x in c.categories],
                [u.id for u in c.staff],
                c.visit_id,
            )
            for c in found
        ]


def _create(client, **values):
    data = {"kind": "door", "name_en": "Plenary hall", "name_ms": "Dewan plenari", "admits": "all", **values}
    return post(client, NEW, data, token_from=NEW)


def test_an_organiser_makes_a_door_for_some_categories_with_its_staff(app, client, make, world):
    heads = make.category(
        world.event.id, code="heads", label_en="Head of Delegation", label_ms="Ketua Delegasi"
    )
    response = _create(
        client,
        name_en="Ministerial session",
        name_ms="Sesi menteri",
        admits="categories",
        category_ids=[heads.id],
        staff_ids=[world.staff.id],
    )
    assert response.status_code == 302
    made = _lists(app)[-1]
    assert made == ("Ministerial session", "door", False, [heads.id], [world.staff.id], None)

    index = client.get("/ascn8/manage/checkin/")
    text = page_text(index)
    assert "Ministerial session" in text and "Head of Delegation" in text and world.staff.full_name in text


def test_a_bus_list_takes_its_visits_title_and_admits_its_bookings(app, client, make, world):
    visit = make.visits.visit(
        world.event.id, title_en="Putrajaya Wetlands", title_ms="Taman Wetland Putrajaya"
    )
    response = _create(client, kind="visit", visit_id=visit.id, name_en="", name_ms="")
    assert response.status_code == 302
    assert _lists(app)[-1][0:2] == ("Putrajaya Wetlands", "visit")
    assert _lists(app)[-1][5] == visit.id

    again = _create(client, kind="visit", visit_id=visit.id, name_en="Second bus")
    assert again.status_code == 200
    assert "This visit already has its bus list." in page_text(again)
    assert len(_lists(app)) == 2  # the door and the one bus


def test_one_action_makes_a_bus_list_for_every_visit_without_one(app, client, make, world):
    first = make.visits.visit(world.event.id, title_en="Command Centre", title_ms="Pusat Kawalan")
    second = make.visits.visit(world.event.id, title_en="Wetlands", title_ms="Tanah Bencah")
    make.checkin.list(world.event.id, kind="visit", visit_id=first.id, name_en="Bus A")

    response = post(client, "/ascn8/manage/checkin/lists/buses", token_from="/ascn8/manage/checkin/")
    assert "1 bus list made." in flashes(client.get(response.headers["Location"]))
    buses = [row for row in _lists(app) if row[1] == "visit"]
    assert sorted(row[5] for row in buses) == sorted([first.id, second.id])

    post(client, "/ascn8/manage/checkin/lists/buses", token_from="/ascn8/manage/checkin/")
    assert "Every visit already has its bus list." in flashes(client.get("/ascn8/manage/checkin/"))
    assert len([row for row in _lists(app) if row[1] == "visit"]) == 2


def test_a_visit_title_too_long_for_a_list_name_is_left_to_be_named_by_hand(app, client, make, world):
    long_title = "Putrajaya " * 15  # 150 characters: a list's name holds 120
    make.visits.visit(world.event.id, title_en=long_title.strip(), title_ms="Putrajaya")
    post(client, "/ascn8/manage/checkin/lists/buses", token_from="/ascn8/manage/checkin/")
    messages = flashes(client.get("/ascn8/manage/checkin/"))
    assert any("too long for a list's name" in message for message in messages)
    assert [row for row in _lists(app) if row[1] == "visit"] == []


def test_editing_a_list_changes_its_names_categories_and_staff(app, client, make, world):
    other_staff = make.user(role="staff", event_id=world.event.id)
    url = f"/ascn8/manage/checkin/lists/{world.door.id}/edit"
    form = page_text(client.get(url))
    assert "Main entrance" in client.get(url).get_data(as_text=True) and "Staff who scan here" in form
    response = post(
        client,
        url,
        {"name_en": "Main door", "name_ms": "Pintu utama", "admits": "categories",
         "category_ids": [world.category.id], "staff_ids": [other_staff.id]},
        token_from=url,
    )  # fmt: skip
    assert response.status_code == 302
    assert _lists(app)[0] == ("Main door", "door", False, [world.category.id], [other_staff.id], None)


def test_a_form_sent_twice_makes_one_list(app, client, world):
    assert _create(client).status_code == 302
    twice = _create(client)
    assert twice.status_code == 200
    assert "Another list already has this name." in page_text(twice)
    assert [row[0] for row in _lists(app)] == ["Main entrance", "Plenary hall"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name_en": "", "name_ms": ""}, "Give the list a name in at least one language."),
        ({"name_en": "N" * 121}, "Field cannot be longer than 120 characters."),
        ({"admits": "categories"}, "Choose at least one category, or admit every approved delegate."),
        ({"admits": "categories", "category_ids": ["٣"]}, "Choose categories from the list."),
        ({"kind": "visit", "visit_id": ""}, "Choose a visit from the list."),
        ({"kind": "visit", "visit_id": "99999999999999999999"}, "Choose a visit from the list."),
        ({"kind": "boat"}, "Not a valid choice."),
        ({"staff_ids": ["²"]}, "Only staff and organisers of this event can scan at a list"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(app, client, world, values, message):
    before = _lists(app)
    response = _create(client, **values)
    assert response.status_code == 200
    assert message in page_text(response)
    assert _lists(app) == before


def test_another_events_category_visit_or_staff_is_refused(app, client, make, world):
    from datetime import date

    other = make.event(slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3))
    their_category = make.category(other.id)
    their_visit = make.visits.visit(other.id)
    their_staff = make.user(role="staff", event_id=other.id)
    a_delegate = world.delegate()
    before = _lists(app)

    cases = [
        ({"admits": "categories", "category_ids": [their_category.id]}, "Choose categories from the list."),
        ({"kind": "visit", "visit_id": their_visit.id}, "Choose a visit from the list."),
        ({"staff_ids": [their_staff.id]}, "Only staff and organisers of this event can scan at a list"),
        ({"staff_ids": [a_delegate.user_id]}, "Only staff and organisers of this event can scan at a list"),
    ]
    for values, message in cases:
        response = _create(client, **values)
        assert message in page_text(response), values
    assert _lists(app) == before


def test_a_list_without_scans_is_deleted_one_with_scans_is_kept(app, client, make, world):
    empty = make.checkin.list(world.event.id, name_en="Side door")
    make.checkin.device(empty.id, world.organiser.id, name="Side phone")
    response = post(
        client, f"/ascn8/manage/checkin/lists/{empty.id}/delete", token_from="/ascn8/manage/checkin/"
    )
    assert response.status_code == 302
    assert "Side door" not in [row[0] for row in _lists(app)]
    assert rows(app, Device, list_id=empty.id) == 0  # its devices went with it

    person = world.delegate()
    scan(client, world.phone, make.checkin.token(person.id))
    refused = post(
        client, f"/ascn8/manage/checkin/lists/{world.door.id}/delete", token_from="/ascn8/manage/checkin/"
    )
    assert refused.status_code == 302
    messages = flashes(client.get(refused.headers["Location"]))
    assert any("cannot be deleted" in message for message in messages)
    assert [row[0] for row in _lists(app)] == ["Main entrance"]


def test_staff_read_the_index_but_change_nothing(app, make, world):
    staff = new_client(app)
    Auth(staff).login(world.staff.email)
    index = staff.get("/ascn8/manage/checkin/")
    assert index.status_code == 200
    assert "Main entrance" in page_text(index) and "Add a list" not in page_text(index)
    assert staff.get(NEW).status_code == 403
    assert staff.get(f"/ascn8/manage/checkin/lists/{world.door.id}").status_code == 403


def test_another_events_list_is_not_found_at_this_event(app, make, world):
    from datetime import date

    other = make.event(slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3))
    theirs = make.user(role="organiser", event_id=other.id)
    client = new_client(app)
    Auth(client).login(theirs.email)
    for path in ("edit", "attendance", ""):
        url = f"/wg1/manage/checkin/lists/{world.door.id}/{path}".rstrip("/")
        assert client.get(url).status_code == 404, url
    assert client.get(f"/ascn8/manage/checkin/lists/{world.door.id}/edit").status_code == 403
    assert client.get("/wg1/manage/checkin/lists/٣/edit").status_code == 404


def test_the_index_costs_the_same_queries_for_two_lists_or_twenty(app, client, make, world, count_queries):
    def queries():
        with count_queries() as counter:
            assert client.get("/ascn8/manage/checkin/").status_code == 200
        return counter.count

    make.checkin.list(world.event.id, staff_ids=[world.staff.id], category_ids=[world.category.id])
    few = queries()
    for _ in range(18):
        make.checkin.list(world.event.id, staff_ids=[world.staff.id], category_ids=[world.category.id])
    assert queries() == few
