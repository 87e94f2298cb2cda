"""A self-registration for a delegation with a quota holds no place until the country's
focal point (or an organiser) confirms it; the focal point confirms or declines it, and
the person who registered is written to in their own language."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Delegation, Registration, RegistrationChange
from tests.support.web import post

NOW = datetime.now(timezone.utc)


@pytest.fixture
def world(make):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=30)
    )
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    make.delegation(event.id, thailand.id, quota=2)
    make.delegation(event.id, vietnam.id, quota=2)
    return {
        "event": event,
        "category": category,
        "thailand": thailand,
        "vietnam": vietnam,
        "focal": make.user(role="focal_point", country_id=thailand.id),
        "organiser": make.user(role="organiser"),
    }


def self_register(app, world, email="stranger@example.org", country="thailand", locale="ms"):
    """An anonymous registration through /register, in its own browser."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    values = {
        "given_names": "Somchai",
        "family_name": "Jaidee",
        "country_id": world[country].id,
        "category_id": world["category"].id,
        "email": email,
        "locale": locale,
        "consent": "y",
    }
    response = post(client, "/ascn8/register", values, token_from="/ascn8/register")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    with app.app_context():
        return db.session.scalar(select(Registration).where(Registration.email == email)).id


def focal_add(client, world, email):
    values = {"given_names": "Named", "email": email, "category_id": world["category"].id, "locale": "en"}
    return post(client, "/ascn8/delegation/add", values, token_from="/ascn8/delegation/add")


def used(app, country_id):
    with app.app_context():
        return db.session.scalar(select(Delegation.members_count).where(Delegation.country_id == country_id))


def registration(app, registration_id):
    with app.app_context():
        row = db.session.get(Registration, registration_id)
        return row.status, row.awaiting_confirmation, row.status_reason


def mails(app, template):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def test_a_self_registration_holds_no_place_until_the_delegation_confirms_it(app, client, auth, world):
    stranger = self_register(app, world)
    assert registration(app, stranger) == ("pending", True, "")
    assert used(app, world["thailand"].id) == 0
    auth.login(world["focal"].email)
    page = client.get("/ascn8/delegation").get_data(as_text=True)
    assert "awaiting your confirmation" in page and "stranger@example.org" in page
    post(client, f"/ascn8/delegation/{stranger}/confirm", token_from="/ascn8/delegation")
    assert registration(app, stranger) == ("pending", False, "")
    assert used(app, world["thailand"].id) == 1
    [mail] = mails(app, "delegation_confirmed")
    assert mail.recipient == "stranger@example.org" and mail.locale == "ms"
    with app.app_context():
        log = db.session.scalar(select(RegistrationChange).where(RegistrationChange.action == "confirmed"))
        assert log.actor_id == world["focal"].id


def test_a_self_registration_cannot_take_the_last_place_and_the_focal_point_still_can(
    app, client, auth, make, world
):
    make.registration(world["event"].id, world["thailand"].id, world["category"].id)
    squatter = self_register(app, world)  # for the last place
    auth.login(world["focal"].email)
    assert focal_add(client, world, "chosen@example.go.th").status_code == 302
    assert used(app, world["thailand"].id) == 2
    # The delegation is full now: confirming the squatter is refused, nothing changes.
    page = post(
        client, f"/ascn8/delegation/{squatter}/confirm", token_from="/ascn8/delegation", follow_redirects=True
    )
    assert "All 2 places of this delegation are taken" in page.get_data(as_text=True)
    assert registration(app, squatter) == ("pending", True, "")
    assert used(app, world["thailand"].id) == 2
    assert mails(app, "delegation_confirmed") == []


def test_declining_cancels_with_the_reason_and_writes_to_the_delegate(app, client, auth, world):
    stranger = self_register(app, world, locale="en")
    auth.login(world["focal"].email)
    refused = post(
        client, f"/ascn8/delegation/{stranger}/decline", {"reason": "  "}, token_from="/ascn8/delegation"
    )
    assert refused.status_code == 302
    assert "Give a reason" in client.get("/ascn8/delegation").get_data(as_text=True)
    assert registration(app, stranger) == ("pending", True, "")
    post(
        client,
        f"/ascn8/delegation/{stranger}/decline",
        {"reason": "Not in our delegation"},
        token_from="/ascn8/delegation",
    )
    assert registration(app, stranger) == ("cancelled", True, "Not in our delegation")
    [mail] = mails(app, "delegation_declined")
    assert mail.recipient == "stranger@example.org" and "Not in our delegation" in mail.body_text
    assert mails(app, "registration_status") == []  # one message, not two
    assert "stranger@example.org" not in client.get("/ascn8/delegation").get_data(as_text=True)


def test_a_focal_point_cannot_confirm_or_decline_another_countrys_registration(app, client, auth, world):
    vietnamese = self_register(app, world, email="nguyen@example.vn", country="vietnam")
    auth.login(world["focal"].email)
    assert (
        post(client, f"/ascn8/delegation/{vietnamese}/confirm", token_from="/ascn8/delegation").status_code
        == 404
    )
    declined = post(
        client, f"/ascn8/delegation/{vietnamese}/decline", {"reason": "x"}, token_from="/ascn8/delegation"
    )
    assert declined.status_code == 404
    assert registration(app, vietnamese) == ("pending", True, "")
    assert "nguyen@example.vn" not in client.get("/ascn8/delegation").get_data(as_text=True)


def test_confirming_needs_the_csrf_token(app, client, auth, world):
    stranger = self_register(app, world)
    auth.login(world["focal"].email)
    assert client.post(f"/ascn8/delegation/{stranger}/confirm").status_code == 400
    assert registration(app, stranger) == ("pending", True, "")


def test_an_organiser_confirms_from_the_registration_page(app, client, auth, world):
    stranger = self_register(app, world)
    auth.login(world["organiser"].email)
    page = client.get(f"/ascn8/manage/registrations/{stranger}").get_data(as_text=True)
    assert "Confirm for the delegation" in page
    post(
        client,
        f"/ascn8/manage/registrations/{stranger}/confirm",
        token_from=f"/ascn8/manage/registrations/{stranger}",
    )
    assert registration(app, stranger) == ("pending", False, "")
    assert used(app, world["thailand"].id) == 1


def test_approving_an_unconfirmed_self_registration_confirms_it_within_the_quota(
    app, client, auth, make, world
):
    first, second, third = (self_register(app, world, email=f"p{n}@example.org") for n in range(3))
    auth.login(world["organiser"].email)
    for registration_id in (first, second):
        post(
            client,
            f"/ascn8/manage/registrations/{registration_id}/decide",
            {"action": "approved"},
            token_from="/ascn8/manage/registrations",
        )
        assert registration(app, registration_id) == ("approved", False, "")
    assert used(app, world["thailand"].id) == 2
    page = post(
        client,
        f"/ascn8/manage/registrations/{third}/decide",
        {"action": "approved"},
        token_from="/ascn8/manage/registrations",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "All 2 places of this delegation are taken" in page
    assert registration(app, third) == ("pending", True, "")


def test_a_partner_without_a_quota_is_not_held_back(app, make, world):
    partner = make.country("JP", "Japan", "Jepun", group="partner")
    world["japan"] = partner
    japanese = self_register(app, world, email="tanaka@example.jp", country="japan")
    assert registration(app, japanese) == ("pending", False, "")


def test_the_focal_point_registering_themselves_needs_no_confirmation(app, client, auth, world):
    auth.login(world["focal"].email)
    values = {
        "given_names": "Focal",
        "country_id": world["thailand"].id,
        "category_id": world["category"].id,
        "email": world["focal"].email,
        "locale": "en",
        "consent": "y",
    }
    assert post(client, "/ascn8/register", values, token_from="/ascn8/register").status_code == 302
    with app.app_context():
        own = db.session.scalar(select(Registration).where(Registration.email == world["focal"].email))
        assert not own.awaiting_confirmation
    assert used(app, world["thailand"].id) == 1


def test_the_delegate_sees_that_their_delegation_has_not_confirmed_them_yet(app, client, auth, make, world):
    delegate = make.user(role="delegate", email="waiting@example.org")
    auth.login(delegate.email)
    values = {
        "given_names": "Waiting",
        "email": delegate.email,
        "country_id": world["thailand"].id,
        "category_id": world["category"].id,
        "locale": "en",
        "consent": "y",
    }
    assert post(client, "/ascn8/register", values, token_from="/ascn8/register").status_code == 302
    page = client.get("/ascn8/registration").get_data(as_text=True)
    assert "has not confirmed your registration yet" in page


def test_naming_a_person_who_registered_themselves_points_to_confirming_them(app, client, auth, world):
    stranger = self_register(app, world, email="known@example.go.th")
    auth.login(world["focal"].email)
    page = focal_add(client, world, "known@example.go.th").get_data(as_text=True)
    assert "confirm their registration on the delegation" in page
    assert registration(app, stranger) == ("pending", True, "")
