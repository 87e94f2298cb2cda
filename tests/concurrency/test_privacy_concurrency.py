"""The purge of one event while the same person's data at another event is being changed,
on PostgreSQL: each transaction ends with a clear outcome, and an account shared by two
events purged at once is closed by whichever purge finishes last."""

import threading
import time
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration import accreditation
from ascn.registration.details import PERSONAL_FIELDS
from ascn.registration.models import Registration
from ascn.registration.privacy import purge
from ascn.transactions import unit_of_work
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)

AFTER_BOTH = date(2027, 1, 1)


@pytest.fixture
def world(make):
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
    held = {}
    for event in (a, b):
        category = make.category(event.id)
        make.delegation(event.id, country.id, quota=5)
        held[event.slug] = make.registration(
            event.id, country.id, category.id, user_id=person.id, email=person.email, status="approved"
        )
    return {"person": person, "registrations": held, "organiser": make.user(role="organiser")}


def _event(slug):
    return db.session.scalar(select(Event).where(Event.slug == slug))


def _in_thread(app, work, outcome):
    def run():
        with app.test_request_context(headers={"Accept-Language": "en"}):
            try:
                work()
                outcome.append("ok")
            except Exception as error:
                outcome.append(repr(error))
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _holding(first_done: threading.Event, release: threading.Event, change):
    """A unit of work that makes `change`, then keeps its transaction open until released."""

    @unit_of_work
    def run():
        change()
        first_done.set()
        assert release.wait(30)

    return run


def test_purging_both_events_at_once_closes_the_shared_account(app, world):
    first_done, release = threading.Event(), threading.Event()
    outcomes = [[], []]
    # A's purge is done but not committed when B's starts: B's must wait for it, then see
    # that nothing of the account remains (without the lock each sees the other's
    # registration still there, and neither closes the account).
    holder = _in_thread(
        app,
        _holding(first_done, release, lambda: purge(_event("ascn8"), AFTER_BOTH, dry_run=False)),
        outcomes[0],
    )
    assert first_done.wait(30)
    second = _in_thread(app, lambda: purge(_event("ascn9"), AFTER_BOTH, dry_run=False), outcomes[1])
    time.sleep(0.5)
    release.set()
    for thread in (holder, second):
        thread.join(60)
    assert outcomes == [["ok"], ["ok"]]
    with app.app_context():
        account = db.session.get(User, world["person"].id)
        assert not account.active and account.email.endswith("@invalid")


def test_purging_one_event_while_the_other_registration_is_edited(app, world):
    first_done, release = threading.Event(), threading.Event()
    outcomes = [[], []]
    at_b = world["registrations"]["ascn9"].id

    def edit():
        registration = db.session.get(Registration, at_b)
        values = {name: getattr(registration, name) for name in PERSONAL_FIELDS}
        values["position"] = "Director of Smart Cities"
        accreditation.update_details(registration, values, db.session.get(User, world["organiser"].id))

    holder = _in_thread(app, _holding(first_done, release, edit), outcomes[0])
    assert first_done.wait(30)
    purging = _in_thread(app, lambda: purge(_event("ascn8"), AFTER_BOTH, dry_run=False), outcomes[1])
    purging.join(30)
    assert not purging.is_alive(), "the purge of A waited for an edit at B"
    release.set()
    holder.join(30)
    assert outcomes == [["ok"], ["ok"]]
    with app.app_context():
        registration = db.session.get(Registration, at_b)
        assert registration.position == "Director of Smart Cities" and registration.user_id is not None
        assert db.session.get(Registration, world["registrations"]["ascn8"].id).purged_at is not None
        account = db.session.get(User, world["person"].id)
        assert account.active and account.email == "aisyah@example.org"
