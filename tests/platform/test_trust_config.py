"""What an installation refuses to start with, and what a request cannot choose: the
address in emailed links, the host it answers to, the client address rate limits count."""

from pathlib import Path

import pytest
from sqlalchemy import select

from ascn import create_app
from ascn.config import DEV_SECRET_KEY
from ascn.extensions import db
from ascn.mail import OutboxMessage
from tests.support.web import post

KEY = "k" * 48
PRODUCTION = {
    "APP_ENV": "production",
    "SECRET_KEY": KEY,
    "PUBLIC_URL": "https://ascn8.example.org",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    for name in ("SECRET_KEY", "PUBLIC_URL", "TRUSTED_HOSTS", "APP_ENV", "PROXY_COUNT", "SERVER_NAME"):
        monkeypatch.delenv(name, raising=False)


# --- the development key ---------------------------------------------------------------


@pytest.mark.parametrize("env", ["staging", "demo", "prod"])
def test_the_development_key_is_refused_outside_development(env):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"APP_ENV": env, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(
    "settings",
    [
        {"PUBLIC_URL": "https://ascn8.example.org"},
        {"SERVER_NAME": "demo.ascn8.example.org"},
        {"PROXY_COUNT": 1},
    ],
)
def test_the_development_key_is_refused_when_others_reach_the_app(settings):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", **settings})


def test_an_app_on_the_development_key_answers_only_this_machine(app, database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY
    client = app.test_client()
    assert client.get("/account/login").status_code == 200
    remote = app.test_client()
    remote.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert remote.get("/account/login").status_code == 403


def test_a_key_of_its_own_is_accepted_in_any_environment(app, database_url):
    app = create_app({"APP_ENV": "staging", "SECRET_KEY": KEY, "SQLALCHEMY_DATABASE_URI": database_url})
    remote = app.test_client()
    remote.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert remote.get("/account/login").status_code == 200


# --- production settings ------------------------------------------------------------------


def test_production_needs_a_public_https_address():
    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app({**PRODUCTION, "PUBLIC_URL": None})
    with pytest.raises(RuntimeError, match="https"):
        create_app({**PRODUCTION, "PUBLIC_URL": "http://ascn8.example.org"})


def test_production_needs_rate_limits_in_redis():
    with pytest.raises(RuntimeError, match="Redis"):
        create_app({**PRODUCTION, "RATELIMIT_STORAGE_URI": "memory://"})


@pytest.mark.parametrize("method", ["pbkdf2:sha256:1", "scrypt:1024:8:1", "pbkdf2:sha1:600000", "plain"])
def test_production_refuses_a_password_hash_cheaper_than_the_default(method):
    with pytest.raises(RuntimeError, match="PASSWORD_HASH_METHOD"):
        create_app({**PRODUCTION, "PASSWORD_HASH_METHOD": method})


@pytest.mark.parametrize("method", [None, "scrypt:65536:8:1", "pbkdf2:sha256:600000"])
def test_production_hashes_passwords_with_scrypt_unless_told_a_method_as_strong(method):
    settings = {"PASSWORD_HASH_METHOD": method} if method else {}
    app = create_app({**PRODUCTION, **settings})
    assert app.config["PASSWORD_HASH_METHOD"] == (method or "scrypt")


def test_production_answers_only_its_own_hosts(app, database_url):
    settings = {**PRODUCTION, "SQLALCHEMY_DATABASE_URI": database_url}
    app = create_app({**settings, "TRUSTED_HOSTS": ["www.ascn8.example.org"]})
    assert app.config["TRUSTED_HOSTS"] == ["ascn8.example.org", "www.ascn8.example.org"]
    client = app.test_client()
    assert client.get("/health", base_url="https://evil.example").status_code == 400
    assert client.get("/health", base_url="https://ascn8.example.org").status_code != 400


# --- emailed links ------------------------------------------------------------------------


@pytest.fixture
def published(app, database_url):
    """The test database, served under its public address, with no SERVER_NAME to fall back
    on, behind one proxy."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": KEY,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PUBLIC_URL": "https://ascn8.example.org",
            "PROXY_COUNT": 1,
            "JOBS_MODE": "thread",
            "MAIL_SERVER": None,
        }
    )


def _mail(app, recipient):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == recipient)).all()


@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"Host": "ascn8.example.org", "X-Forwarded-Host": "evil.example"},
    ],
)
def test_reset_links_come_from_the_public_address_not_the_request(published, make, headers):
    user = make.user(role="admin")
    client = published.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get("/account/reset", headers=headers)
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/account/reset", data={"email": user.email, "csrf_token": token}, headers=headers)
    (message,) = _mail(published, user.email)
    assert "https://ascn8.example.org/account/reset/" in message.body_text
    assert "evil.example" not in message.body_text + (message.body_html or "")


def test_every_emailed_link_uses_the_one_public_address(published):
    from ascn.urls import public_url

    with published.test_request_context("/", headers={"Host": "evil.example"}):
        assert public_url("accounts.login") == "https://ascn8.example.org/account/login"
    with published.app_context():  # a job, outside any request
        assert (
            public_url("registration.mine", event="ascn8") == "https://ascn8.example.org/ascn8/registration"
        )


def test_no_module_that_sends_mail_builds_links_from_the_request():
    """A link built with url_for(_external=True) takes the request's Host; every module
    that queues mail builds its links with public_url instead."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ascn").rglob("*.py")
        if "queue_mail(" in (text := path.read_text(encoding="utf-8")) and "_external=True" in text
    ]
    assert offenders == []


# --- rate limits and forwarded addresses -----------------------------------------------------


def _login_codes(client, email, forwarded_for):
    return [
        post(
            client,
            "/account/login",
            {"email": email, "password": "wrong password"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for address in forwarded_for
    ]


def test_a_forged_forwarded_address_does_not_escape_the_login_limit(client, make):
    """Without PROXY_COUNT nobody's X-Forwarded-For is believed."""
    user = make.user()
    codes = _login_codes(client, user.email, [f"198.51.100.{n}" for n in range(12)])
    assert 429 in codes and codes.index(429) == 10


def test_behind_one_proxy_only_the_address_it_wrote_counts(published, make):
    """The proxy appends the address it saw; what the client put before it is ignored."""
    user = make.user()
    client = published.test_client()
    codes = _login_codes(client, user.email, [f"198.51.100.{n}, 203.0.113.9" for n in range(12)])
    assert 429 in codes and codes.index(429) == 10
