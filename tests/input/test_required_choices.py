"""A required choice starts empty, so nobody is registered for the first country in a list
by not touching it; and the language for emails starts on the language of the person
filling in the form."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.events.models import Country
from ascn.extensions import db
from ascn.registration.models import Registration
from tests.support.web import post

NOW = datetime.now(timezone.utc)


@pytest.fixture
def world(make):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=30)
    )
    category = make.category(event.id, "delegate", label_en="Delegate")
    brunei = make.country("BN", "Brunei Darussalam", "Brunei Darussalam")
    malaysia = make.country()
    return {"event": event, "category": category, "brunei": brunei, "malaysia": malaysia}


def first_option(page: str, field: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.search(r"<option[^>]*>", select_html).group(0)


def selected_value(page: str, field: str) -> str | None:
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    chosen = re.search(r'<option selected value="([^"]*)"', select_html)
    return chosen.group(1) if chosen else None


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("field", ["country_id", "category_id"])
def test_the_registration_form_starts_with_nothing_chosen(client, world, field):
    page = client.get("/ascn8/register").get_data(as_text=True)
    assert first_option(page, field) == '<option selected value="">'
    assert "Choose…" in page


@pytest.mark.parametrize(
    "missing, message",
    [("country_id", "Choose a country or organisation."), ("category_id", "Choose a category.")],
)
def test_registering_without_choosing_is_refused_and_stores_nothing(app, client, world, missing, message):
    values = {
        "given_names": "Awang",
        "country_id": world["brunei"].id,
        "category_id": world["category"].id,
        "email": "awang@example.bn",
        "locale": "en",
        "consent": "y",
        missing: "",
    }
    response = post(client, "/ascn8/register", values, token_from="/ascn8/register")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(app, Registration) == 0 and count(app, User) == 0


@pytest.fixture
def focal(make, auth, world):
    def login(locale):
        user = make.user(role="focal_point", country_id=world["malaysia"].id, locale=locale)
        auth.login(user.email)
        return user

    return login


def test_the_focal_points_form_starts_without_a_category_and_refuses_none(app, client, world, focal):
    focal("en")
    page = client.get("/ascn8/delegation/add").get_data(as_text=True)
    assert first_option(page, "category_id") == '<option selected value="">'
    values = {"given_names": "Aminah", "email": "aminah@example.gov.my", "category_id": "", "locale": "en"}
    response = post(client, "/ascn8/delegation/add", values, token_from="/ascn8/delegation/add")
    assert "Choose a category." in response.get_data(as_text=True)
    assert count(app, Registration) == 0


@pytest.mark.parametrize("locale", ["en", "ms"])
def test_the_language_for_emails_starts_on_the_language_of_the_focal_point(client, world, focal, locale):
    focal(locale)
    assert selected_value(client.get("/ascn8/delegation/add").get_data(as_text=True), "locale") == locale


@pytest.mark.parametrize("locale", ["en", "ms"])
def test_the_language_for_emails_starts_on_the_language_of_the_registrant(client, world, locale):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = locale
    assert selected_value(client.get("/ascn8/register").get_data(as_text=True), "locale") == locale


def test_an_organisers_required_lists_start_empty_too(app, client, auth, make, world):
    auth.login(make.user(role="admin").email)
    invite = client.get("/admin/users/new").get_data(as_text=True)
    assert first_option(invite, "role") == '<option selected value="">'
    assert selected_value(invite, "locale") == "en"  # the admin reads English
    values = {
        "full_name": "New Person",
        "email": "new@example.org",
        "role": "",
        "country_id": "0",
        "locale": "en",
    }
    page = post(client, "/admin/users/new", values, token_from="/admin/users/new").get_data(as_text=True)
    assert "Choose a role." in page
    assert count(app, User) == 1
    country = client.get("/ascn8/manage/countries/new").get_data(as_text=True)
    assert first_option(country, "country_group") == '<option selected value="">'
    values = {
        "code": "TL",
        "name_en": "Timor-Leste",
        "name_ms": "Timor-Leste",
        "country_group": "",
        "sort_order": "0",
    }
    page = post(
        client, "/ascn8/manage/countries/new", values, token_from="/ascn8/manage/countries/new"
    ).get_data(as_text=True)
    assert "Choose a group." in page
    assert count(app, Country) == 2


def test_a_bulk_decision_without_an_action_changes_nothing_and_says_why(app, client, auth, make, world):
    pending = make.registration(world["event"].id, world["malaysia"].id, world["category"].id)
    auth.login(make.user(role="organiser").email)
    listing = client.get("/ascn8/manage/registrations").get_data(as_text=True)
    assert first_option(listing, "action") == '<option selected value="">'
    values = {"ids": [str(pending.id)], "action": "", "reason": ""}
    page = post(
        client,
        "/ascn8/manage/registrations/decide",
        values,
        token_from="/ascn8/manage/registrations",
        follow_redirects=True,
    )
    assert "Choose an action." in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Registration, pending.id).status == "pending"
