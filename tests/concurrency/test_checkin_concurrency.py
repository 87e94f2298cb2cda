"""Doors at once on PostgreSQL: the same badge scanned at the same instant by many phones is
admitted once, and offline batches of two phones synced at the same moment make exactly
one conflict per badge they both admitted, whatever the order in which they commit."""

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


def _doors(make, phones, people):
    event = make.event(start_date=utcnow().date(), end_date=utcnow().date() + timedelta(days=1))
    category, country = make.category(event.id), make.country()
    organiser = make.user(role="organiser")
    door = make.checkin.list(event.id)
    devices = [make.checkin.device(door.id, organiser.id, name=f"Phone {n}") for n in range(phones)]
    delegates = [
        make.registration(event.id, country.id, category.id, status="approved") for _ in range(people)
    ]
    return door, devices, delegates


def _send(device_id, items):
    scanning.record(db.session.get(Device, device_id), items)


def _count(app, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Scan).where(*where))


def test_ten_phones_scanning_one_badge_at_the_same_instant_admit_it_once(app, make):
    door, devices, (person,) = _doors(make, 10, 1)
    token = make.checkin.token(person.id)

    outcomes = rush(app, 10, lambda n: _send(devices[n].id, [scanning.Item(f"p{n}", token=token)]))

    assert outcomes == ["ok"] * 10
    assert _count(app, Scan.admitted.is_(True)) == 1
    assert _count(app, Scan.outcome == "already_inside") == 9
    with app.app_context():
        assert db.session.get(Presence, (door.id, person.id)).inside


def test_two_phones_syncing_overlapping_offline_batches_at_once_make_one_conflict_per_shared_badge(app, make):
    _door, (first, second), people = _doors(make, 2, 40)
    tokens = [make.checkin.token(person.id) for person in people]
    start = utcnow() - timedelta(hours=1)
    # Each phone admitted 30 badges offline; the middle 20 at both doors, a minute apart,
    # in opposite orders, so that the two transactions lock the same rows.
    batches = {
        first.id: [
            scanning.Item(
                f"a{i}", token=tokens[i], scanned_at=start + timedelta(minutes=i), device_outcome="valid"
            )
            for i in range(0, 30)
        ],
        second.id: [
            scanning.Item(
                f"b{i}",
                token=tokens[i],
                scanned_at=start + timedelta(minutes=i, seconds=30),
                device_outcome="valid",
            )
            for i in reversed(range(10, 40))
        ],
    }
    device_ids = list(batches)

    outcomes = rush(app, 2, lambda n: _send(device_ids[n], batches[device_ids[n]]))

    assert outcomes == ["ok", "ok"]
    assert _count(app) == 60
    with app.app_context():
        conflicts = db.session.scalars(select(Conflict)).all()
        assert len(conflicts) == 20
        assert {conflict.kind for conflict in conflicts} == {"double_entry"}
        # The later scan of each pair is the one in conflict, whichever phone committed first.
        assert all(conflict.scan.scanned_at > conflict.other_scan.scanned_at for conflict in conflicts)
