"""A change that tells many people answers the organiser without rendering their emails:
one job after the commit writes them, each in its recipient's language."""

import threading
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import template_rendered
from sqlalchemy import select, update

from ascn import jobs
from ascn.db import utcnow
from ascn.extensions import db
from ascn.mail import MailFanOut, OutboxMessage, write_letters
from ascn.programme.models import ProgrammeSession
from ascn.registration.models import Registration
from tests.support.delegations import focal_world, import_sheet, sheet
from tests.support.programme import programme_world, publish_confirmed
from tests.support.visits import mail_from_now
from tests.support.web import post

PEOPLE = 6


@contextmanager
def mail_rendered_in_this_thread(app):
    """The email templates rendered by the request (the test client runs it in this
    thread; the job runs in the worker's thread or process)."""
    rendered, here = [], threading.get_ident()

    def seen(sender, template, context, **extra):
        if threading.get_ident() == here and (template.name or "").startswith("email/"):
            rendered.append(template.name)

    template_rendered.connect(seen, app)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(seen, app)


def _messages(app, template):
    with app.app_context():
        jobs.drain()
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template))
        return [(m.recipient, m.locale, m.subject) for m in rows]


@pytest.fixture
def programme(make, auth):
    world = programme_world(make)
    auth.login(world.organiser.email)
    return world


def test_publishing_renders_no_email_in_the_request_and_tells_each_saver_once(app, client, make, programme):
    savers = [make.user(locale="ms" if n % 2 else "en") for n in range(PEOPLE)]
    for saver in savers:
        for session in programme.sessions[:2]:  # two changed sessions: still one email each
            make.programme.save(saver.id, session.id)
    with app.app_context():
        for session in programme.sessions[:2]:
            db.session.get(ProgrammeSession, session.id).title_en += " (moved)"
        db.session.commit()

    with mail_rendered_in_this_thread(app) as rendered:
        response = publish_confirmed(client)
    assert response.status_code == 302
    assert rendered == []
    page = client.get("/ascn8/manage/programme/publish").get_data(as_text=True)
    assert f"{PEOPLE} delegates will be told" in page

    messages = _messages(app, "programme_changed")
    assert sorted((r, loc) for r, loc, _ in messages) == sorted((s.email, s.locale) for s in savers)
    for _recipient, locale, subject in messages:
        assert subject.startswith("Kemas kini" if locale == "ms" else "Programme update")


@pytest.fixture
def registrations(make, auth):
    event = make.event()
    delegate = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    country = make.country("TH", "Thailand", "Thailand")
    auth.login(make.user(role="organiser").email)
    made = []
    for n in range(PEOPLE):
        locale = "ms" if n % 2 else "en"
        made.append((make.registration(event.id, country.id, delegate.id, locale=locale), locale))
    return made


def test_a_bulk_decision_renders_no_email_in_the_request_and_tells_each_delegate_once(
    app, client, registrations
):
    with mail_rendered_in_this_thread(app) as rendered:
        response = post(
            client,
            "/ascn8/manage/registrations/decide",
            {"ids": [r.id for r, _ in registrations], "action": "approved", "category_id": "0"},
            token_from="/ascn8/manage/registrations",
        )
    assert response.status_code == 302
    assert rendered == []

    messages = _messages(app, "registration_status")
    expected = sorted((r.email, locale) for r, locale in registrations)
    assert sorted((r, loc) for r, loc, _ in messages) == expected
    for _recipient, locale, subject in messages:
        assert subject.startswith("Anda" if locale == "ms" else "You are accredited")


def test_a_refused_bulk_decision_tells_nobody(app, client, registrations):
    response = post(
        client,
        "/ascn8/manage/registrations/decide",
        {"ids": [r.id for r, _ in registrations], "action": "rejected", "reason": "", "category_id": "0"},
        token_from="/ascn8/manage/registrations",
    )
    assert response.status_code in (200, 302)
    assert _messages(app, "registration_status") == []


def test_a_bulk_cancellation_tells_the_promoted_delegates_by_the_job(app, client, make, registrations):
    """Cancelling three seated delegates promotes three from the waiting list: their
    emails are written after the commit too, one each."""
    people = [r for r, _ in registrations]
    with app.app_context():
        event_id = db.session.get(Registration, people[0].id).event_id
    visit = make.visits.visit(event_id, seats=3, accredited_only=False)
    for person in people:
        make.visits.book(visit.id, person.id)
    mail_from_now(app)  # each booking's own confirmation

    with mail_rendered_in_this_thread(app) as rendered:
        post(
            client,
            "/ascn8/manage/registrations/decide",
            {"ids": [p.id for p in people[:3]], "action": "cancelled", "category_id": "0"},
            token_from="/ascn8/manage/registrations",
        )
    assert rendered == []
    promoted = sorted(r for r, _, _ in _messages(app, "visit_booking"))
    assert promoted == sorted(p.email for p in people[3:])


def test_importing_members_renders_no_email_in_the_request(app, client, make, auth):
    world = focal_world(make)
    auth.login(world["focal"].email)
    emails = [f"member{n}@example.org" for n in range(4)]
    lines = [[f"Member {n}", "Test", email, "Delegate", "", "Delegate"] for n, email in enumerate(emails)]
    with mail_rendered_in_this_thread(app) as rendered:
        assert import_sheet(client, sheet(lines)).status_code == 302
    assert rendered == []
    messages = _messages(app, "registration_received")
    assert sorted(r for r, _, _ in messages) == emails
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body_text)).all()
    assert all("/account/reset/" in body for body in bodies)  # each with the link to their new account


def _approve_all(client, registrations):
    return post(
        client,
        "/ascn8/manage/registrations/decide",
        {"ids": [r.id for r, _ in registrations], "action": "approved", "category_id": "0"},
        token_from="/ascn8/manage/registrations",
    )


def test_letters_whose_job_was_lost_are_written_by_the_sweep(app, client, monkeypatch, registrations):
    """Redis lost the job after the decision committed: the row committed with the decision
    says the letters are owed, and the workers' sweep queues their job again."""
    if app.config["JOBS_MODE"] == "rq":
        pytest.skip("stubs the queue in this process; RQ workers run elsewhere")
    monkeypatch.setitem(app.config, "JOBS_SWEEP_INTERVAL", 0)  # the sweep below is the only one
    with monkeypatch.context() as lost:
        lost.setattr(jobs, "enqueue", lambda *args, **kwargs: None)
        assert _approve_all(client, registrations).status_code == 302
    assert _messages(app, "registration_status") == []
    with app.app_context():
        db.session.execute(update(MailFanOut).values(queued_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        jobs.sweep()
    assert len(_messages(app, "registration_status")) == PEOPLE


def test_a_letters_job_run_twice_writes_them_once(app, client, registrations):
    assert _approve_all(client, registrations).status_code == 302
    assert len(_messages(app, "registration_status")) == PEOPLE
    with app.app_context():
        [fanout] = db.session.scalars(select(MailFanOut)).all()
        assert fanout.written_at is not None
        assert write_letters(fanout.id) == 0
    assert len(_messages(app, "registration_status")) == PEOPLE
