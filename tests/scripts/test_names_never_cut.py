"""No name a person types is cut: the full style of the Crown Prince of Brunei (200
characters) passes every form that takes a name and is stored whole; a value over a
limit is refused with a message and changes nothing."""

import io
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.programme.models import Speaker
from ascn.registration.models import Registration
from ascn.textlimits import NAME_PART, check, limit
from tests.support.delegations import import_sheet
from tests.support.web import post

GIVEN = "Duli Yang Teramat Mulia Paduka Seri Pengiran Muda Mahkota Pengiran Muda Haji Al-Muhtadee Billah"
FAMILY = (
    "ibni Kebawah Duli Yang Maha Mulia Paduka Seri Baginda Sultan Haji Hassanal Bolkiah Mu'izzaddin Waddaulah"
)
ROYAL = f"{GIVEN} {FAMILY}"
TOO_LONG = "A" * (NAME_PART + 1)
NOW = datetime.now(timezone.utc)


def test_the_royal_name_is_longer_than_the_old_limits():
    assert len(ROYAL) == 200 and len(GIVEN) > 0 and len(FAMILY) > 0


@pytest.fixture
def world(make):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=30)
    )
    category = make.category(event.id, code="delegate", label_en="Delegate")
    brunei = make.country("BN", "Brunei Darussalam", "Brunei Darussalam")
    make.delegation(event.id, brunei.id, quota=10)
    return {"event": event, "category": category, "country": brunei}


def person(world, **changes):
    values = {
        "honorific": "Kebawah Duli Yang Teramat Mulia",
        "given_names": GIVEN,
        "family_name": FAMILY,
        "badge_name": "",
        "latin_name": ROYAL,
        "country_id": world["country"].id,
        "category_id": world["category"].id,
        "protocol_rank": "minister",
        "position": "Senior Minister at the Prime Minister's Office",
        "organisation": "Prime Minister's Office",
        "email": "royal@example.gov.bn",
        "locale": "en",
        "consent": "y",
    }
    values.update(changes)
    return values


def stored(app):
    with app.app_context():
        return db.session.scalar(select(Registration).order_by(Registration.id.desc()))


def assert_whole(registration):
    assert registration.given_names == GIVEN and registration.family_name == FAMILY
    assert registration.badge_name == ROYAL  # made from both parts, not cut at 160
    assert registration.latin_name == ROYAL


def test_the_public_form(app, client, world):
    assert post(client, "/ascn8/register", person(world), token_from="/ascn8/register").status_code == 302
    assert_whole(stored(app))
    with app.app_context():
        assert db.session.scalar(select(User.full_name)) == ROYAL


def test_a_delegate_editing_their_registration(app, client, make, auth, world):
    mine = make.registration(world["event"].id, world["country"].id, world["category"].id)
    auth.login(mine.email)
    response = post(client, "/ascn8/registration/edit", person(world), token_from="/ascn8/registration/edit")
    assert response.status_code == 302
    assert_whole(stored(app))


def test_the_focal_points_forms(app, client, make, auth, world):
    auth.login(make.user(role="focal_point", country_id=world["country"].id).email)
    assert (
        post(client, "/ascn8/delegation/add", person(world), token_from="/ascn8/delegation/add").status_code
        == 302
    )
    added = stored(app)
    assert_whole(added)
    url = f"/ascn8/delegation/{added.id}"
    assert post(client, url, person(world, badge_name=ROYAL), token_from=url).status_code == 302
    assert_whole(stored(app))
    url = f"/ascn8/delegation/{added.id}/replace"
    response = post(client, url, person(world, email="heir@example.gov.bn"), token_from=url)
    assert response.status_code == 302
    assert_whole(stored(app))


def test_the_spreadsheet_import(app, client, make, auth, world):
    auth.login(make.user(role="focal_point", country_id=world["country"].id).email)
    book = Workbook()
    book.active.append(["Given name(s)", "Family name", "Email", "Category", "Name on the badge"])
    book.active.append([GIVEN, FAMILY, "royal@example.gov.bn", "delegate", ROYAL])
    book.active.append([TOO_LONG, "", "second@example.gov.bn", "delegate", ""])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    page = post(
        client,
        "/ascn8/delegation/import",
        {"file": (data, "delegation.xlsx")},
        token_from="/ascn8/delegation/import",
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert f"is longer than {NAME_PART} characters" in page and stored(app) is None
    book.active.delete_rows(3)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    import_sheet(client, data)
    registration = stored(app)
    assert (registration.given_names, registration.family_name, registration.badge_name) == (
        GIVEN,
        FAMILY,
        ROYAL,
    )


def test_an_organiser_correcting_a_registration(app, client, make, auth, world):
    row = make.registration(world["event"].id, world["country"].id, world["category"].id)
    auth.login(make.user(role="organiser").email)
    url = f"/ascn8/manage/registrations/{row.id}/edit"
    assert post(client, url, person(world), token_from=url).status_code == 302
    assert_whole(stored(app))


def test_accounts_and_admin_forms(app, client, make, auth):
    password = "a long harbour passphrase"
    data = {"full_name": ROYAL, "email": "prince@example.gov.bn", "password": password, "confirm": password}
    assert post(client, "/account/signup", data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.full_name).where(User.email == "prince@example.gov.bn")) == ROYAL
    auth.logout()
    user = make.user()
    auth.login(user.email)
    response = post(client, "/account/profile", {"full_name": ROYAL, "locale": "en"})
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    auth.login(make.user(role="admin").email)
    invite = {"full_name": ROYAL, "email": "royal.aide@example.gov.bn", "role": "delegate", "locale": "en"}
    response = post(client, "/admin/users/new", {**invite, "country_id": "0"})
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        names = db.session.scalars(select(User.full_name).where(User.id != 0)).all()
    assert names.count(ROYAL) == 3, [len(n) for n in names]


def test_a_speaker_in_the_programme(app, client, make, auth):
    from tests.support.programme import programme_world

    world = programme_world(make)
    auth.login(world.organiser.email)
    url = "/ascn8/manage/programme/speakers/new"
    assert post(client, url, {"full_name": ROYAL}, token_from=url).status_code == 302
    with app.app_context():
        assert ROYAL in db.session.scalars(select(Speaker.full_name)).all()


@pytest.mark.parametrize(
    "field", ["honorific", "given_names", "family_name", "badge_name", "latin_name", "position"]
)
def test_over_the_limit_is_refused_with_a_message_and_changes_nothing(app, client, make, auth, world, field):
    mine = make.registration(world["event"].id, world["country"].id, world["category"].id)
    auth.login(mine.email)
    maximum = limit(getattr(Registration, field))
    values = person(world, **{field: "A" * (maximum + 1)})
    page = post(client, "/ascn8/registration/edit", values, token_from="/ascn8/registration/edit").get_data(
        as_text=True
    )
    assert f"Field cannot be longer than {maximum} characters." in page
    assert stored(app).given_names == f"{mine.badge_name.split()[0]}"


def test_the_message_is_in_the_readers_language(app, client, make, auth, world):
    mine = make.registration(world["event"].id, world["country"].id, world["category"].id, locale="ms")
    auth.login(mine.email)
    page = post(
        client,
        "/ascn8/registration/edit",
        person(world, given_names=TOO_LONG),
        token_from="/ascn8/registration/edit",
        headers={"Accept-Language": "ms"},
    ).get_data(as_text=True)
    assert f"Medan tidak boleh melebihi {NAME_PART} aksara." in page


def test_the_service_and_the_flush_guard_refuse_too(app, make, world):
    row = make.registration(world["event"].id, world["country"].id, world["category"].id)
    with app.test_request_context():
        with pytest.raises(ServiceError) as refused:
            check({"given_names": TOO_LONG}, {"given_names": Registration.given_names})
        assert refused.value.field == "given_names"
        registration = db.session.get(Registration, row.id)
        registration.family_name = TOO_LONG  # a path that forgot to check
        with pytest.raises(ServiceError) as refused:
            db.session.commit()
        assert refused.value.field == "family_name"
        db.session.rollback()
    with app.app_context():
        assert db.session.get(Registration, row.id).family_name != TOO_LONG


def test_over_the_limit_in_the_account_admin_and_programme_forms(app, client, make, auth):
    from tests.support.programme import programme_world

    too_long = "A" * (limit(User.full_name) + 1)
    password = "a long harbour passphrase"
    data = {"full_name": too_long, "email": "long@example.org", "password": password, "confirm": password}
    assert "cannot be longer than" in post(client, "/account/signup", data).get_data(as_text=True)
    world = programme_world(make)
    auth.login(world.organiser.email)
    url = "/ascn8/manage/programme/speakers/new"
    page = post(client, url, {"full_name": "A" * (limit(Speaker.full_name) + 1)}, token_from=url)
    assert "cannot be longer than" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "long@example.org")) is None
        assert not [name for name in db.session.scalars(select(Speaker.full_name)) if name.startswith("AAAA")]


def test_a_deletion_request_reason_is_refused_whole_not_cut(app, make):
    from ascn.registration import privacy
    from ascn.registration.models import DeletionRequest

    user = make.user()
    with app.test_request_context():
        with pytest.raises(ServiceError):
            privacy.request_deletion(db.session.get(User, user.id), "x" * 1001)
        assert db.session.scalar(select(DeletionRequest)) is None
