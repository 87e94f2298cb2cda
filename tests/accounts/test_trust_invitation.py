"""The invitation a focal point's entry mails to a delegate is tied to the account's
password: whoever signed up with the delegate's address first cannot void it by changing
that password, since an account changes its password only once its address is proven."""

import re

import pytest
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Registration
from tests.support.delegations import VICTIM, focal_adds, focal_world
from tests.support.web import Auth, post

IMPOSTOR_PASSWORD = "impostor chose this one"
IMPOSTOR_NEW_PASSWORD = "impostor changed it again"
OWNER_PASSWORD = "the real owner's phrase"


@pytest.fixture
def world(make):
    return focal_world(make)


def _account(app):
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == VICTIM))


def _invitation_link(app) -> str:
    with app.app_context():
        [mail] = db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.recipient == VICTIM, OutboxMessage.template == "registration_received"
            )
        ).all()
    return re.search(r"http://ascn\.test(/account/reset/\S+)", mail.body_text).group(1)


def _change_password(client, current, new):
    data = {"current_password": current, "password": new, "confirm": new}
    return post(client, "/account/password", data, token_from="/account/password")


def test_an_impostor_cannot_void_the_invitation_by_changing_the_password(app, client, world):
    data = {
        "full_name": "Someone Else",
        "email": VICTIM,
        "password": IMPOSTOR_PASSWORD,
        "confirm": IMPOSTOR_PASSWORD,
    }
    assert post(client, "/account/signup", data, token_from="/account/signup").status_code == 302
    Auth(client).login(VICTIM, IMPOSTOR_PASSWORD)
    focal_adds(app, world)
    hash_before = _account(app).password_hash

    response = _change_password(client, IMPOSTOR_PASSWORD, IMPOSTOR_NEW_PASSWORD)
    assert response.status_code == 200
    assert "Please confirm your email address before changing your password" in response.get_data(
        as_text=True
    )
    assert _account(app).password_hash == hash_before

    owner = app.test_client()
    link = _invitation_link(app)
    page = owner.get(link)
    assert page.status_code == 200 and "already been used" not in page.get_data(as_text=True)
    response = post(owner, link, {"password": OWNER_PASSWORD, "confirm": OWNER_PASSWORD}, token_from=link)
    assert response.status_code == 302
    account = _account(app)
    assert account.email_confirmed_at is not None
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.email == VICTIM))
        assert registration.user_id == account.id
    Auth(owner).login(VICTIM, OWNER_PASSWORD)


def test_a_confirmed_account_still_changes_its_password(app, client, make):
    user = make.user()
    Auth(client).login(user.email)
    response = _change_password(client, make.PASSWORD, "a brand new passphrase")
    assert response.status_code == 302
    Auth(app.test_client()).login(user.email, "a brand new passphrase")
