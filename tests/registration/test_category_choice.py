"""Organisers mark which categories a delegate registering themselves, and a focal point
naming delegates, may choose. The forms offer only those, and the services refuse any
other id, so a forged form changes nothing. Head of Delegation is never offered."""

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from ascn.events.models import Category
from ascn.extensions import db
from ascn.registration.models import Registration
from tests.support.web import post

NOW = datetime.now(timezone.utc)


@pytest.fixture
def world(make):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=30)
    )
    both = dict(delegate_may_choose=True, focal_point_may_choose=True)
    neither = dict(delegate_may_choose=False, focal_point_may_choose=False)
    delegates_only = dict(delegate_may_choose=True, focal_point_may_choose=False)
    focal_points_only = dict(delegate_may_choose=False, focal_point_may_choose=True)
    categories = {
        "head": make.category(event.id, "head_of_delegation", label_en="Head of Delegation", **both),
        "delegate": make.category(event.id, "delegate", label_en="Delegate", **both),
        "media": make.category(event.id, "media", label_en="Media", **delegates_only),
        "support": make.category(event.id, "support", label_en="Support", **focal_points_only),
        "organiser": make.category(event.id, "organiser", label_en="Organiser", **neither),
        "staff": make.category(event.id, "staff", label_en="Staff", **neither),
    }
    malaysia = make.country()
    return {"event": event, "category": categories, "malaysia": malaysia}


def offered(page: str, field: str) -> set[str]:
    """The labels of a select's options, the blank one left out."""
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {
        label
        for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)<', select_html)
        if value
    }


def registrations(app):
    with app.app_context():
        return db.session.scalars(select(Registration).order_by(Registration.id)).all()


def register(client, world, category):
    values = {
        "given_names": "Siti",
        "country_id": world["malaysia"].id,
        "category_id": world["category"][category].id,
        "email": "siti@example.my",
        "locale": "en",
        "consent": "y",
    }
    return post(client, "/ascn8/register", values, token_from="/ascn8/register")


def test_self_registration_offers_only_what_a_delegate_may_choose(client, world):
    assert offered(client.get("/ascn8/register").get_data(as_text=True), "category_id") == {
        "Delegate",
        "Media",
    }


@pytest.mark.parametrize("category", ["organiser", "staff", "support", "head"])
def test_a_forged_category_in_a_self_registration_is_refused(app, client, world, category):
    page = register(client, world, category).get_data(as_text=True)
    assert "Not a valid choice" in page or "given by the secretariat only" in page
    assert registrations(app) == []


def test_the_service_refuses_a_category_the_form_would_not_offer(app, world):
    """Past the form: the rule holds in the service, whoever calls it."""
    from ascn.errors import ServiceError
    from ascn.events.models import Event
    from ascn.registration import registering

    with app.test_request_context(headers={"Accept-Language": "en"}):
        event = db.session.get(Event, world["event"].id)
        values = {
            "given_names": "Siti",
            "country_id": world["malaysia"].id,
            "category_id": world["category"]["organiser"].id,
            "email": "siti@example.my",
            "locale": "en",
            "consent": True,
        }
        with pytest.raises(ServiceError, match="given by the secretariat only"):
            registering.register(event, values, None, None)
    assert registrations(app) == []


def test_a_delegate_registers_in_a_category_they_may_choose(app, client, world):
    assert register(client, world, "media").status_code == 302
    assert registrations(app)[0].category_id == world["category"]["media"].id


@pytest.fixture
def focal(make, auth, world):
    make.delegation(world["event"].id, world["malaysia"].id, quota=10)
    user = make.user(role="focal_point", country_id=world["malaysia"].id)
    auth.login(user.email)
    return user


def member(world, category, email="aminah@example.gov.my"):
    return {
        "given_names": "Aminah",
        "email": email,
        "category_id": world["category"][category].id,
        "locale": "en",
    }


def test_the_focal_points_form_offers_only_what_a_focal_point_may_choose(client, world, focal):
    page = client.get("/ascn8/delegation/add").get_data(as_text=True)
    assert offered(page, "category_id") == {"Delegate", "Support"}


@pytest.mark.parametrize("category", ["organiser", "staff", "media", "head"])
def test_a_forged_category_from_a_focal_point_is_refused(app, client, world, focal, category):
    page = post(client, "/ascn8/delegation/add", member(world, category), token_from="/ascn8/delegation/add")
    text = page.get_data(as_text=True)
    assert "Not a valid choice" in text or "given by the secretariat only" in text
    assert registrations(app) == []


def test_editing_keeps_a_category_the_secretariat_gave_but_cannot_switch_to_one(
    app, client, make, world, focal
):
    given = make.registration(world["event"].id, world["malaysia"].id, world["category"]["staff"].id)
    edit = f"/ascn8/delegation/{given.id}"
    assert "Staff" in offered(client.get(edit).get_data(as_text=True), "category_id")
    values = {"given_names": "Renamed", "category_id": world["category"]["staff"].id, "locale": "en"}
    assert post(client, edit, values, token_from=edit).status_code == 302
    assert registrations(app)[0].given_names == "Renamed"
    values["category_id"] = world["category"]["organiser"].id
    page = post(client, edit, values, token_from=edit).get_data(as_text=True)
    assert "Not a valid choice" in page
    from ascn.accounts.models import User
    from ascn.errors import ServiceError
    from ascn.registration import delegations

    with app.test_request_context(headers={"Accept-Language": "en"}):
        registration = db.session.get(Registration, given.id)
        with pytest.raises(ServiceError, match="given by the secretariat only"):
            delegations.update_member(registration, values, db.session.get(User, focal.id))
    assert registrations(app)[0].category_id == world["category"]["staff"].id


def sheet(lines) -> io.BytesIO:
    book = Workbook()
    book.active.append(["Given name(s)", "Family name", "Email", "Category"])
    for line in lines:
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_an_import_naming_a_category_the_focal_point_may_not_choose_saves_nothing(app, client, world, focal):
    lines = [["Ok", "Row", "ok@example.org", "Delegate"], ["Not", "Staff", "staff@example.org", "Staff"]]
    page = post(
        client,
        "/ascn8/delegation/import",
        {"file": (sheet(lines), "delegation.xlsx")},
        token_from="/ascn8/delegation/import",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Row 3 (Not Staff): The category Staff is given by the secretariat only" in page  # in the preview
    assert ">Import</button>" not in page
    assert registrations(app) == []


def test_the_import_template_lists_only_what_a_focal_point_may_choose(client, world, focal):
    book = load_workbook(io.BytesIO(client.get("/ascn8/delegation/template.xlsx?lang=en").data))
    listed = {row[0].value for row in book.worksheets[1].iter_rows() if row[0].value}
    assert listed == {"Delegate", "Support"}


def test_organisers_mark_who_may_choose_a_category(app, client, auth, make, world):
    auth.login(make.user(role="organiser").email)
    values = {
        "code": "observer",
        "label_en": "Observer",
        "label_ms": "Pemerhati",
        "colour": "#546e7a",
        "sort_order": "5",
        "delegate_may_choose": "y",
    }
    assert (
        post(
            client, "/ascn8/manage/categories/new", values, token_from="/ascn8/manage/categories/new"
        ).status_code
        == 302
    )
    with app.app_context():
        observer = db.session.scalar(select(Category).where(Category.code == "observer"))
        assert observer.delegate_may_choose and not observer.focal_point_may_choose
    assert "Observer" in offered(client.get("/ascn8/register").get_data(as_text=True), "category_id")


def test_the_head_of_delegation_category_cannot_be_marked_for_a_form(app, client, auth, make, world):
    auth.login(make.user(role="organiser").email)
    head = world["category"]["head"]
    url = f"/ascn8/manage/categories/{head.id}"
    values = {
        "code": "head_of_delegation",
        "label_en": "Head of Delegation",
        "label_ms": "Ketua Delegasi",
        "colour": "#8b1a1a",
        "sort_order": "0",
        "focal_point_may_choose": "y",
    }
    page = post(client, url, values, token_from=url).get_data(as_text=True)
    assert "comes with the head designation" in page
