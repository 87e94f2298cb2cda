"""Registrations made at the same moment get different reference numbers (the event's
counter is raised atomically); a badge handed over by two desks at once, or by a double
click, is recorded once."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.badges import handover
from ascn.badges.models import BadgeHandover
from ascn.extensions import db
from ascn.registration import registering
from ascn.registration.models import Registration
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def test_simultaneous_registrations_get_different_reference_numbers(app, make):
    from ascn.events.models import Event

    now = datetime.now(timezone.utc)
    event = make.event(
        registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=9)
    )
    category = make.category(event.id)
    countries = [make.country(f"C{n}", f"Country {n}", f"Negara {n}") for n in range(4)]

    def work(n):
        values = {
            "given_names": f"Person {n}",
            "country_id": countries[n % 4].id,
            "category_id": category.id,
            "email": f"person{n}@example.org",
            "locale": "en",
            "consent": True,
        }
        registering.register(db.session.get(Event, event.id), values, None, None)

    outcomes = rush(app, 10, work)
    assert outcomes == ["ok"] * 10, outcomes
    with app.app_context():
        numbers = db.session.scalars(select(Registration.reference_no)).all()
    assert sorted(numbers) == list(range(1, 11))


def test_simultaneous_handovers_are_recorded_once(app, make):
    from ascn.accounts.models import User

    event = make.event()
    person = make.registration(event.id, make.country().id, make.category(event.id).id, status="approved")
    make.badge_printed(person.id)
    staff = [make.user(role="staff") for _ in range(2)]

    def work(n):
        handover.hand_over(person.id, db.session.get(User, staff[n % 2].id))

    outcomes = rush(app, 8, work)
    assert outcomes == ["ok"] * 8, outcomes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BadgeHandover)) == 1
