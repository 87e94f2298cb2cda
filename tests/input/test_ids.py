"""Ids in addresses, query strings and forms that are not ids: Unicode digits ('²', '①',
Arabic-Indic '٣'), a number beyond any database integer, '-1' and '0'. Each is ignored,
skipped or answered with a 404 or a message; none is a 500, on SQLite or PostgreSQL."""

import pytest
from sqlalchemy import select

from ascn.events.models import Category
from ascn.extensions import db
from ascn.ids import MAX_ID, parse_id, parse_ids, parse_whole
from ascn.programme.models import Room
from ascn.visits.models import SiteVisit
from tests.support.programme import programme_world
from tests.support.web import post

NOT_IDS = ["²", "①", "٣", "9" * 30, "-1", "0", str(MAX_ID + 1), " 1", "1.0", ""]


def test_the_parser_reads_ascii_ids_within_the_database_integer_only():
    assert [parse_id(value) for value in NOT_IDS] == [None] * len(NOT_IDS)
    assert parse_id("1") == 1 and parse_id(str(MAX_ID)) == MAX_ID and parse_id(7) == 7
    assert parse_id(None) is None and parse_id(True) is None and parse_id(10**30) is None
    assert parse_ids(["3", "²", "1", "3", "٣", "9" * 30]) == [3, 1]
    assert parse_whole("0") == 0 and parse_whole("٣") is None and parse_whole("-1") is None


@pytest.fixture
def organiser_world(make, auth):
    event = make.event()
    category = make.category(event.id)
    thailand = make.country("TH", "Thailand", "Thailand")
    make.delegation(event.id, thailand.id, quota=5)
    registration = make.registration(event.id, thailand.id, category.id, given_names="Somchai")
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    return dict(event=event, thailand=thailand, registration=registration)


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_organisers_list_and_export_ignore_a_filter_that_is_no_id(client, organiser_world, value):
    for name in ("country", "category", "page"):
        page = client.get("/ascn8/manage/registrations", query_string={name: value})
        assert page.status_code == 200, (name, value)
        assert "Somchai" in page.get_data(as_text=True)  # the filter is ignored
    for kind in ("csv", "xlsx"):
        export = client.get(f"/ascn8/manage/registrations/export.{kind}", query_string={"country": value})
        assert export.status_code == 200, (kind, value)


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_bulk_decision_on_ids_that_are_no_ids_changes_nothing(app, client, organiser_world, value):
    response = post(
        client,
        "/ascn8/manage/registrations/decide",
        {"ids": [value], "action": "approved", "reason": "", "category_id": "0"},
        token_from="/ascn8/manage/registrations",
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Select at least one registration." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_category_change_to_no_category_is_refused(app, client, organiser_world, value):
    data = {"ids": [organiser_world["registration"].id], "action": "category", "category_id": value}
    response = post(
        client,
        "/ascn8/manage/registrations/decide",
        data,
        token_from="/ascn8/manage/registrations",
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Choose a category from the list." in page or "New category: Not a valid choice" in page


@pytest.mark.parametrize("value", ["²", "①", "٣", "9" * 30, "-1", "1.5"])
def test_a_quota_that_is_no_whole_number_is_refused(app, client, organiser_world, value):
    country = organiser_world["thailand"].id
    response = post(
        client,
        "/ascn8/manage/delegations",
        {f"quota-{country}": value, f"heads-{country}": "1"},
        token_from="/ascn8/manage/delegations",
    )
    assert response.status_code == 200
    assert "Quotas must be whole numbers." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["²", "①", "٣", "9" * 30, "0", str(MAX_ID + 1)])
def test_an_address_with_no_id_is_not_found(client, organiser_world, value):
    for path in (
        "/ascn8/manage/registrations/{}",
        "/ascn8/manage/badges/registrations/{}",
        "/ascn8/manage/visits/{}",
        "/ascn8/visits/{}",
        "/ascn8/programme/sessions/{}",
        "/ascn8/api/programme/sessions/{}",
        "/ascn8/manage/categories/{}",
    ):
        assert client.get(path.format(value)).status_code == 404, (path, value)


@pytest.mark.parametrize("value", NOT_IDS)
def test_the_public_programme_ignores_a_filter_that_is_no_id(client, make, value):
    world = programme_world(make)
    for name in ("type", "track", "room"):
        page = client.get("/ascn8/programme", query_string={name: value})
        assert page.status_code == 200, (name, value)
        assert world.sessions[0].title_en in page.get_data(as_text=True)


@pytest.mark.parametrize("value", [v for v in NOT_IDS if v])
def test_the_api_explains_a_filter_that_is_no_id(client, make, value):
    programme_world(make)
    for name in ("type", "track", "room"):
        response = client.get("/ascn8/api/programme/sessions", query_string={name: value})
        assert response.status_code == 400, (name, value)
        assert "whole number" in response.json["message"]


def test_the_other_lists_page_on_whatever_page_number(client, make, auth):
    event = make.event()
    visit = make.visits.visit(event.id)
    auth.login(make.user(role="admin").email)
    for value in NOT_IDS:
        for path in ("/admin/users", "/admin/outbox", f"/ascn8/manage/visits/{visit.id}"):
            assert client.get(path, query_string={"page": value}).status_code == 200, (path, value)


@pytest.mark.parametrize("value", ["٣", "²", "9" * 30])
def test_the_desk_refuses_a_seen_serial_that_is_no_number(app, client, make, auth, value):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    registration = make.registration(event.id, country.id, category.id, status="approved")
    auth.login(make.user(role="staff").email)
    url = f"/ascn8/manage/badges/registrations/{registration.id}"
    response = post(client, f"{url}/print", {"serial": value}, token_from=url, follow_redirects=True)
    assert response.status_code == 200
    assert "The print form was incomplete." in response.get_data(as_text=True)


UNICODE_DIGITS = ["٣", "²", "①", "３"]  # each read as a number by `int()` or `str.isdigit`


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_a_count_typed_in_unicode_digits_is_refused_like_any_text(app, client, organiser_world, value):
    """The fourth kind of number a request carries, after addresses, query strings and
    choices: a count typed into a form. WTForms reads '٣' as 3; ours says it is no number."""
    visit = {
        "title_en": "Putrajaya Wetlands",
        "day": "2025-09-10",
        "departs": "08:30",
        "returns": "12:30",
        "closes_at": "2025-09-09T18:00",
    }
    forms = {  # url: (form, model, the column that would name the saved row)
        "/ascn8/manage/visits/new": ({**visit, "seats": value}, SiteVisit, SiteVisit.title_en),
        "/ascn8/manage/programme/rooms/new": (
            {"name_en": "Lotus Room", "capacity": value},
            Room,
            Room.name_en,
        ),
        "/ascn8/manage/categories/new": (
            {"code": "media", "label_en": "Media", "colour": "#e65100", "sort_order": value},
            Category,
            Category.code,
        ),
    }
    for url, (form, model, name) in forms.items():
        page = post(client, url, form, token_from=url)
        assert page.status_code == 200, url
        assert "Not a valid integer value." in page.get_data(as_text=True), url
        with app.app_context():
            assert db.session.scalars(select(model).where(name == form[name.key])).first() is None, url
