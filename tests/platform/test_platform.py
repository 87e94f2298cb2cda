"""Configuration, the UTC column type, error pages, jobs after commit, mail delivery."""

import smtplib
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ascn import create_app, jobs
from ascn.events.models import Event, EventRole
from ascn.extensions import db
from ascn.mail import OutboxMessage, deliver, queue_mail
from tests.support.settings import REDIS_URL
from tests.support.web import post, wait_for

# --- configuration --------------------------------------------------------------------


def test_production_refuses_the_development_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"APP_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"APP_ENV": "production", "SECRET_KEY": "short", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_cookies_are_secure():
    app = create_app(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "x" * 48,
            "PUBLIC_URL": "https://ascn8.example.org",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/ascn")
    monkeypatch.setenv("MAIL_SERVER", "smtp.example")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/ascn"
    assert app.config["MAIL_SERVER"] == "smtp.example"


# --- the UTC column type ----------------------------------------------------------------


def _event(**values):
    return Event(slug="x", short_name="X", start_date=date(2025, 9, 8), end_date=date(2025, 9, 12), **values)


def test_naive_datetimes_are_refused(app):
    with app.app_context():
        db.session.add(_event(registration_opens_at=datetime(2025, 6, 1, 9, 0)))
        with pytest.raises(Exception, match="naive datetime"):
            db.session.flush()
        db.session.rollback()


def test_datetimes_come_back_in_utc(app):
    kl = timezone(timedelta(hours=8))
    with app.app_context():
        db.session.add(_event(registration_opens_at=datetime(2025, 6, 1, 9, 0, tzinfo=kl)))
        db.session.commit()
        db.session.expire_all()
        value = db.session.scalar(select(Event.registration_opens_at))
        assert value == datetime(2025, 6, 1, 1, 0, tzinfo=timezone.utc)
        assert value.utcoffset() == timedelta(0)


def test_database_refuses_an_event_that_ends_before_it_starts(app):
    with app.app_context():
        db.session.add(
            Event(slug="y", short_name="Y", start_date=date(2025, 9, 8), end_date=date(2025, 9, 1))
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


# --- error pages -----------------------------------------------------------------------


@pytest.mark.parametrize("lang,text", [("en", "Page not found"), ("ms", "Halaman tidak ditemui")])
def test_404_in_both_languages_in_the_site_layout(client, lang, text):
    response = client.get("/no/such/page", headers={"Accept-Language": lang})
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and text in page and 'class="site-header"' in page


def test_405_and_missing_csrf(client):
    assert client.post("/").status_code == 405
    response = client.post("/account/login", data={"email": "a@b.c", "password": "x"})
    assert response.status_code == 400 and "Form expired" in response.get_data(as_text=True)


def test_413_for_a_body_over_the_limit(client):
    response = client.post("/account/login", data={"email": "x" * (11 * 1024 * 1024)})
    assert response.status_code == 413 and "File too large" in response.get_data(as_text=True)


def test_500_shows_no_stack_trace(database_url):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "s" * 40, "PROPAGATE_EXCEPTIONS": False}
    )

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_json_clients_get_json_errors(client):
    response = client.get("/nowhere", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"] == "Page not found"


def test_security_headers(client):
    headers = client.get("/").headers
    assert headers["X-Frame-Options"] == "DENY" and "default-src 'self'" in headers["Content-Security-Policy"]


# --- jobs and mail -----------------------------------------------------------------------


def _outbox(app):
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_mail_is_queued_only_when_the_transaction_commits(app):
    with app.test_request_context():
        queue_mail(
            "a@example.org", "confirm_email", "en", user=type("U", (), {"full_name": "A"}), link="http://x/1"
        )
        db.session.rollback()
        queue_mail(
            "b@example.org", "confirm_email", "ms", user=type("U", (), {"full_name": "B"}), link="http://x/2"
        )
        db.session.commit()
        jobs.drain()
    messages = _outbox(app)
    assert [m.recipient for m in messages] == ["b@example.org"]
    assert wait_for(lambda: _outbox(app)[0].status == "sent")
    assert messages[0].subject == "Sahkan alamat e-mel anda" and "Tuan/Puan B" in messages[0].body_text


class FakeSMTP:
    sent: list = []
    fail = False

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("connection lost")
        FakeSMTP.sent.append(message)


def test_smtp_delivery_marks_sent_and_records_failures(app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent, FakeSMTP.fail = [], False
    with app.test_request_context():
        app.config["MAIL_SERVER"] = "smtp.example"
        try:
            ok_id, bad_id = (
                queue_mail(
                    to, "reset_password", "en", user=SimpleNamespace(full_name=name), link="http://x/r"
                ).id
                for to, name in (("a@example.org", "Ána"), ("b@example.org", "B"))
            )
            db.session.commit()
            jobs.drain()
            db.session.remove()
            FakeSMTP.fail = True
            db.session.get(OutboxMessage, bad_id).status = "queued"
            db.session.commit()
            with pytest.raises(smtplib.SMTPException):
                deliver(bad_id)
        finally:
            app.config["MAIL_SERVER"] = None
        db.session.remove()
        assert db.session.get(OutboxMessage, ok_id).status == "sent"
        failed = db.session.get(OutboxMessage, bad_id)
        assert failed.status == "failed" and "connection lost" in failed.error
    if not REDIS_URL:  # with RQ the worker process has no FakeSMTP: it sends nothing here
        assert FakeSMTP.sent[0]["To"] == "a@example.org"
        assert FakeSMTP.sent[0].get_body(("plain",)).get_content().startswith("Dear Ána,")


def record_job(value):
    """A job for the tests: it leaves a trace in the outbox table."""
    db.session.add(OutboxMessage(recipient=value, subject="job", body_text="", locale="en", template="job"))
    db.session.commit()


def test_enqueue_after_commit_runs_the_job_in_the_worker(app):
    with app.app_context():
        jobs.enqueue_after_commit(record_job, "after-commit@example.org")
        assert _outbox(app) == []  # nothing runs before the commit
        db.session.commit()
        jobs.enqueue_after_commit(record_job, "never@example.org")
        db.session.rollback()
        db.session.commit()
        jobs.drain()
    assert wait_for(lambda: [m.recipient for m in _outbox(app)] == ["after-commit@example.org"])


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL and a real rq worker (run in CI)")
def test_jobs_go_through_rq_when_redis_is_configured(app):
    from redis import Redis
    from rq import Queue

    assert jobs.mode(app) == "rq"
    with app.app_context():
        jobs.enqueue(record_job, "via-rq@example.org")
        jobs.drain()
    assert wait_for(lambda: "via-rq@example.org" in [m.recipient for m in _outbox(app)])
    assert Queue(app.config["JOBS_QUEUE"], connection=Redis.from_url(REDIS_URL)).count == 0


def test_database_enforces_foreign_keys(app):
    from ascn.accounts.models import User

    with app.app_context():
        user = User(email="fk@example.org", full_name="F K", password_hash="x", role="delegate")
        db.session.add(user)
        db.session.flush()
        db.session.add(EventRole(event_id=999999, user_id=user.id, role="staff"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "s" * 40, "PROXY_COUNT": 1})

    @app.route("/whoami")
    def whoami():
        from flask import request

        return request.remote_addr

    response = app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_a_queue_outage_after_the_commit_does_not_fail_the_request(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(jobs, "enqueue", broken)
    response = post(
        client,
        "/account/signup",
        {
            "full_name": "Ana",
            "email": "ana@example.org",
            "password": "dili harbour view",
            "confirm": "dili harbour view",
        },
    )
    assert response.status_code == 302
    [message] = _outbox(app)
    assert message.status == "queued"  # kept in the outbox, for an administrator to send again
