"""A wrong password takes as long whether the address has an account or not: the password
for an unknown address is checked against a hash made the same way (same method, same
work factor) as the hashes of the accounts that exist, demo accounts included."""

import pytest
from sqlalchemy import update

from ascn.accounts import services
from ascn.accounts.models import User
from ascn.demo.records import demo_password_hash
from ascn.extensions import db
from tests.support.web import post


def _method(password_hash: str) -> str:
    """ "scrypt:32768:8:1" of "scrypt:32768:8:1$salt$hash": what sets the cost of checking."""
    return password_hash.split("$", 1)[0]


@pytest.fixture
def checked(monkeypatch):
    """The hashes the log-in checks passwords against, in order."""
    hashes = []
    real = services.check_password_hash

    def check(password_hash, password):
        hashes.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(services, "check_password_hash", check)
    return hashes


def _log_in(client, email):
    return post(client, "/account/login", {"email": email, "password": "a wrong password 123"})


def _stored(app, user) -> str:
    with app.app_context():
        return db.session.get(User, user.id).password_hash


def test_an_unknown_address_costs_what_a_normal_account_costs(app, client, make, checked, monkeypatch):
    # Production's method (the tests otherwise hash cheaply, see conftest).
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")
    user = make.user()
    _log_in(client, user.email)
    _log_in(client, "nobody@example.org")
    [known, unknown] = checked
    assert known == _stored(app, user)
    assert _method(unknown) == _method(known) == "scrypt:32768:8:1"
    assert unknown != known


def test_with_the_tests_cheap_method_an_unknown_address_is_checked_the_same_way(app, client, make, checked):
    user = make.user()
    _log_in(client, user.email)
    _log_in(client, "nobody@example.org")
    [known, unknown] = checked
    assert _method(unknown) == _method(known) == app.config["PASSWORD_HASH_METHOD"] != "scrypt:32768:8:1"


def test_where_the_demo_was_seeded_an_unknown_address_costs_what_a_demo_account_costs(
    app, client, make, checked
):
    demo = make.user()
    with app.app_context():
        db.session.execute(update(User).where(User.id == demo.id).values(password_hash=demo_password_hash()))
        db.session.commit()
    _log_in(client, demo.email)
    _log_in(client, "nobody@example.org")
    [known, unknown] = checked
    assert known == _stored(app, demo)
    assert _method(unknown) == _method(known) == services.DEMO_PASSWORD_METHOD
