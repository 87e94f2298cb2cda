"""Personal data per event: one account registered at two events. Purging one event takes
only what belongs to it; the account closes once nothing of it remains anywhere."""

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from ascn import jobs
from ascn.accounts.models import User
from ascn.badges.models import BadgeBatch, BadgeBatchChunk
from ascn.events.models import Event
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.programme.models import SavedSession
from ascn.registration import accreditation
from ascn.registration.models import Registration
from ascn.registration.privacy import purge

AFTER_BOTH = date(2027, 1, 1)


@pytest.fixture
def world(app, make):
    """Events A (ascn8, ended) and B (ascn9, ended later), one person registered at both
    with the same account, a badge batch, a saved session and mail at each."""
    a = make.event()
    b = make.event(
        slug="ascn9",
        short_name="ASCN9",
        start_date=date(2026, 3, 9),
        end_date=date(2026, 3, 13),
        registration_opens_at=datetime(2025, 12, 1, tzinfo=timezone.utc),
        registration_closes_at=datetime(2026, 2, 27, tzinfo=timezone.utc),
    )
    country = make.country()
    person = make.user(email="aisyah@example.org")
    organiser = make.user(role="organiser")
    other = {}
    registrations = {}
    for event in (a, b):
        category = make.category(event.id)
        make.delegation(event.id, country.id, quota=5)
        registrations[event.slug] = make.registration(
            event.id, country.id, category.id, user_id=person.id, email=person.email, given_names="Aisyah"
        )
        other[event.slug] = make.registration(event.id, country.id, category.id, given_names="Other")
        kind = make.programme.session_type(event.id)
        session = make.programme.session(event.id, kind.id)
        make.programme.save(person.id, session.id)
    make.outbox_message(recipient=person.email, template="confirm_email")  # about no event
    with app.test_request_context():
        actor = db.session.get(User, organiser.id)
        for event in (a, b):  # each approval mails the person about that event
            row = db.session.get(Event, event.id)
            accreditation.decide(row, [registrations[event.slug].id], "approved", actor)
            db.session.add(
                BadgeBatch(
                    event_id=event.id,
                    status="done",
                    total=1,
                    pdf=b"%PDF- Aisyah",
                    chunks=[BadgeBatchChunk(number=1, registration_ids="1", size=1, pdf=b"%PDF-")],
                )
            )
        db.session.commit()
        jobs.drain()  # a decision's letters are written by a job after its commit
    return {"a": a, "b": b, "person": person, "registrations": registrations, "other": other}


def _purge(app, slug, before=AFTER_BOTH):
    with app.test_request_context():
        return purge(db.session.scalar(select(Event).where(Event.slug == slug)), before, dry_run=False)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_mail_about_a_registration_says_which_event_it_is_about(app, world):
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "aisyah@example.org")
        )
        assert sorted((m.template, m.event_id) for m in rows) == sorted(
            [
                ("confirm_email", None),
                ("registration_status", world["a"].id),
                ("registration_status", world["b"].id),
            ]
        )


def test_purging_one_event_leaves_the_other_and_the_account_intact(app, auth, world):
    report = _purge(app, "ascn8")
    assert report.registrations == 2 and report.accounts == 1  # only the other person's own account
    assert report.others["badge batches with their PDFs"] == 1 and report.others["outbox messages"] >= 1
    with app.app_context():
        a, b = world["a"].id, world["b"].id
        at_b = db.session.get(Registration, world["registrations"]["ascn9"].id)
        assert at_b.given_names == "Aisyah" and at_b.user_id == world["person"].id
        assert db.session.get(Registration, world["registrations"]["ascn8"].id).given_names == ""
        account = db.session.get(User, world["person"].id)
        assert account.active and account.email == "aisyah@example.org"
        assert _count(BadgeBatch, BadgeBatch.event_id == a) == 0
        assert db.session.scalars(select(BadgeBatch.pdf).where(BadgeBatch.event_id == b)).all() == [
            b"%PDF- Aisyah"
        ]
        assert _count(OutboxMessage, OutboxMessage.event_id == a) == 0
        assert _count(OutboxMessage, OutboxMessage.event_id == b) == 1
        assert _count(OutboxMessage, OutboxMessage.event_id.is_(None)) == 1
        assert _count(SavedSession, SavedSession.user_id == world["person"].id) == 1
    auth.login("aisyah@example.org")  # still logs in


def test_purging_both_events_closes_the_account(app, client, world):
    _purge(app, "ascn8")
    report = _purge(app, "ascn9")
    assert report.accounts == 2
    with app.app_context():
        account = db.session.get(User, world["person"].id)
        assert not account.active and account.email.endswith("@invalid") and account.full_name == ""
        assert _count(OutboxMessage) == 0  # the account's own mail went with it
        assert _count(BadgeBatch) == 0 and _count(SavedSession) == 0
    from tests.support.web import post

    response = post(
        client, "/account/login", {"email": "aisyah@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 200  # the login form again: no such account


def test_a_role_keeps_the_account_open(app, make, world):
    """Staff at a third meeting: purging both events the person attended keeps the account."""
    third = make.event(slug="ascn10", short_name="ASCN10")
    make.role(world["person"].id, third.id, "staff")
    _purge(app, "ascn8")
    _purge(app, "ascn9")
    with app.app_context():
        account = db.session.get(User, world["person"].id)
        assert account.active and account.email == "aisyah@example.org"


def test_a_dry_run_reports_what_the_purge_removes_and_changes_nothing(app, world):
    with app.test_request_context():
        event = db.session.scalar(select(Event).where(Event.slug == "ascn8"))
        dry = purge(event, AFTER_BOTH, dry_run=True)
    with app.app_context():
        assert _count(BadgeBatch) == 2 and _count(Registration, Registration.given_names == "Aisyah") == 2
    real = _purge(app, "ascn8")
    assert dry == real


def test_the_copy_of_ones_data_holds_every_domains_part(app, client, auth, make, world):
    auth.login("aisyah@example.org")
    data = json.loads(client.get("/ascn8/registration/data.json").get_data(as_text=True))
    assert {r["event"] for r in data["registrations"]} == {"ASCN8", "ASCN9"}
    assert len(data["agenda"]) == 2 and data["speaker_profiles"] == [] and data["site_visits"] == []
    assert data["badges_printed"] == []


def test_notes_on_bookings_and_prints_go_with_their_event_only(app, client, auth, make, world):
    from ascn.badges.models import BadgePrint
    from ascn.visits.models import VisitBooking

    for slug, event in (("ascn8", world["a"]), ("ascn9", world["b"])):
        registration = world["registrations"][slug].id
        visit = make.visits.visit(event.id)
        booking = make.visits.book(visit.id, registration)
        make.badge_printed(registration)
        with app.app_context():
            db.session.get(VisitBooking, booking.id).note = f"Wheelchair user ({slug})"
            db.session.scalar(
                select(BadgePrint).where(BadgePrint.registration_id == registration)
            ).note = slug
            db.session.commit()
    auth.login("aisyah@example.org")
    data = json.loads(client.get("/ascn8/registration/data.json").get_data(as_text=True))
    assert sorted(b["note"] for b in data["site_visits"]) == [
        "Wheelchair user (ascn8)",
        "Wheelchair user (ascn9)",
    ]
    assert sorted((p["event"], p["note"]) for p in data["badges_printed"]) == [
        ("ASCN8", "ascn8"),
        ("ASCN9", "ascn9"),
    ]

    report = _purge(app, "ascn8")
    assert (
        report.others["visit booking notes emptied"] == 1 and report.others["badge print notes emptied"] == 1
    )
    with app.app_context():
        assert sorted(db.session.scalars(select(VisitBooking.note))) == ["", "Wheelchair user (ascn9)"]
        assert sorted(db.session.scalars(select(BadgePrint.note))) == ["", "ascn9"]
        assert _count(VisitBooking) == 2 and _count(BadgePrint) == 2  # the counts stay
