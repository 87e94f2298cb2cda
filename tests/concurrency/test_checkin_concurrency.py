"""Scans at once on PostgreSQL: phones at one door scanning the same badge in the same
instant admit it once, and two phones syncing the same delegates in opposite orders wait
for each other instead of deadlocking; nothing is lost, nothing is stored twice."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ascn.checkin import scanning
from ascn.checkin.models import Conflict, Device, Presence, Scan
from ascn.db import utcnow
from ascn.extensions import db
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


@pytest.fixture
def door(make):
    event = make.event(start_date=utcnow().date(), end_date=utcnow().date() + timedelta(days=2))
    category, country = make.category(event.id), make.country()
    organiser = make.user(role="organiser")
    checkin_list = make.checkin.list(event.id)
    phones = [make.checkin.device(checkin_list.id, organiser.id, name=f"Phone {n}") for n in range(4)]
    people = [make.registration(event.id, country.id, category.id, status="approved").id for _ in range(40)]
    return checkin_list, phones, people


def _record(phone_id, items):
    return scanning.record(db.session.get(Device, phone_id), items)


def _count(app, *where, model=Scan):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_phones_scanning_one_badge_at_the_same_instant_admit_it_once(app, make, door):
    checkin_list, phones, people = door
    token = make.checkin.token(people[0])
    outcomes = []

    def scan(n):
        (result,) = _record(phones[n % len(phones)].id, [scanning.Item(client_id=f"same-{n}", token=token)])
        outcomes.append(result.outcome)

    assert rush(app, 12, scan) == ["ok"] * 12
    assert sorted(outcomes) == ["already_inside"] * 11 + ["valid"]
    assert _count(app, Scan.admitted.is_(True)) == 1 and _count(app) == 12
    with app.app_context():
        assert db.session.get(Presence, (checkin_list.id, people[0])).inside


def test_two_phones_syncing_the_same_delegates_in_opposite_orders_do_not_deadlock(app, make, door):
    _list, phones, people = door
    start = utcnow() - timedelta(minutes=50)

    def batch(phone, order, minutes):
        return [
            scanning.Item(
                client_id=f"{phone}-{person}",
                token=make.checkin.token(person),
                scanned_at=start + timedelta(minutes=minutes, seconds=n),
                device_outcome="valid",
            )
            for n, person in enumerate(order)
        ]

    # Each phone let every delegate in while offline, the second ten minutes after the first.
    batches = [batch("a", people, 0), batch("b", list(reversed(people)), 10)]
    assert rush(app, 2, lambda n: _record(phones[n].id, batches[n])) == ["ok", "ok"]
    assert _count(app) == 2 * len(people)
    # Whichever synced first, every delegate was admitted twice: one conflict each.
    assert _count(app, Conflict.kind == "double_entry", model=Conflict) == len(people)
    assert _count(app, Presence.inside.is_(True), model=Presence) == len(people)
