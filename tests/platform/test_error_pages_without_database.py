"""With the database out of reach, every page answers with an error page of its own, in
the reader's language, that needs no database: not a bare English 'Internal Server
Error' from a second failure inside the error page."""

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from ascn import create_app
from ascn.extensions import db
from tests.support.web import post

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/ascn"  # nothing listens on port 1


@pytest.fixture(scope="module")
def down_app():
    app = create_app(
        {
            "TESTING": True,
            "PROPAGATE_EXCEPTIONS": False,  # as in production: faults become error pages
            "SECRET_KEY": "test-secret-key-that-is-long-enough-1234",
            "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
            "SERVER_NAME": "ascn.test",
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_SERVER": None,
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ms", ["Ralat 503", "Kembali ke laman utama", '<html lang="ms">']),
        ("en", ["Error 503", "Temporarily unavailable", "try again in a few minutes", '<html lang="en">']),
    ],
)
@pytest.mark.parametrize("path", ["/", "/ascn8/programme", "/ascn8/", "/ascn8/manage/registrations"])
def test_an_unreachable_database_answers_503_in_the_readers_language(down_app, path, language, expected):
    client = down_app.test_client()
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    for text in expected:
        assert text in page, (path, text)


def test_a_logged_in_reader_gets_the_page_in_their_cookie_language(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:abcdefabcdef"  # a log-in that cannot be checked now
    client.set_cookie("ascn_lang", "ms", domain="ascn.test")
    response = client.get("/ascn8/registration", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "Kembali ke laman utama" in response.get_data(as_text=True)


def test_the_api_answers_json(down_app):
    response = down_app.test_client().get(
        "/ascn8/api/programme", headers={"Accept": "application/json", "Accept-Language": "en"}
    )
    assert response.status_code == 503
    assert response.json["error"] == "Temporarily unavailable"


def _fail(*args, **kwargs):
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))


class _Deadlock(Exception):
    sqlstate = "40P01"


@pytest.fixture
def faulty_app(app, database_url):
    """The test database, and two pages: one fails and leaves the database failing, the
    other meets a deadlock that no unit of work retried."""
    fresh = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": database_url, "PROPAGATE_EXCEPTIONS": False})

    @fresh.route("/fault")
    def fault():
        event.listen(db.engine, "before_cursor_execute", _fail)
        raise RuntimeError("a fault in a page")

    @fresh.route("/deadlock")
    def deadlock():
        raise OperationalError("UPDATE delegation …", {}, _Deadlock("deadlock detected"))

    yield fresh
    with fresh.app_context():
        if event.contains(db.engine, "before_cursor_execute", _fail):
            event.remove(db.engine, "before_cursor_execute", _fail)
        db.engine.dispose()


def test_a_fault_while_the_database_fails_shows_the_500_page_in_malay(faulty_app, make):
    """A logged-in reader's page fails, and from then on every query fails: the 500 page
    looks up neither the account nor the event, and is in the browser's language."""
    make.event()
    user = make.user(locale="en")
    client = faulty_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ms"
    post(client, "/account/login", {"email": user.email, "password": make.PASSWORD})
    assert client.get("/account/profile").status_code == 200  # logged in
    response = client.get("/fault")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Ralat 500" in page and "Berlaku masalah" in page and '<html lang="ms">' in page


def test_a_deadlock_that_escapes_asks_to_try_again(faulty_app, make):
    make.event()
    response = faulty_app.test_client().get("/deadlock", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "Please try again." in response.get_data(as_text=True)
