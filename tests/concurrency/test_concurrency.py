"""Under a rush: many sign-ups with the same address at the same moment make one account,
and every request gets the same answer (a confirmation or an 'account exists' email), not
an error."""

import threading

import pytest
from sqlalchemy import func, select

from ascn.accounts import services
from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.mail import OutboxMessage
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def test_simultaneous_sign_ups_with_one_email_make_one_account(app):
    barrier = threading.Barrier(20)
    outcomes = []

    def sign_up(n):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            barrier.wait()
            try:
                services.sign_up(
                    f"Rush@Example.org{' ' * (n % 2)}", "a long harbour passphrase", f"Rush {n}", "en"
                )
                outcomes.append("answered")
            except ServiceError as error:
                outcomes.append(str(error.message))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["answered"] * 20
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        confirmations = select(func.count()).where(OutboxMessage.template == "confirm_email")
        assert db.session.scalar(confirmations.select_from(OutboxMessage)) == 1


def test_two_focal_points_racing_for_the_last_places_never_overfill(app, make):
    from ascn.events.models import Country, Event
    from ascn.registration import delegations
    from ascn.registration.models import Delegation, Registration

    event = make.event()
    category = make.category(event.id)
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=5)
    focal_points = [make.user(role="focal_point", country_id=malaysia.id) for _ in range(2)]

    def add(n):
        from ascn.accounts.models import User

        actor = db.session.get(User, focal_points[n % 2].id)
        values = {
            "given_names": f"Racer {n}",
            "email": f"racer{n}@example.gov.my",
            "locale": "en",
            "category_id": category.id,
        }
        delegations.add_member(
            db.session.get(Event, event.id), db.session.get(Country, malaysia.id), values, actor
        )

    outcomes = rush(app, 16, add)
    assert outcomes.count("ok") == 5
    assert all("places of this delegation are taken" in o for o in outcomes if o != "ok"), outcomes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 5
        delegation = db.session.scalar(select(Delegation))
        assert delegation.members_count == 5


def test_public_registrations_and_approvals_at_once_respect_the_quota(app, make):
    """Organisers re-approving cancelled delegates while the last places are taken."""
    from ascn.accounts.models import User
    from ascn.registration import accreditation
    from ascn.registration.models import Registration

    event = make.event()
    category = make.category(event.id)
    malaysia = make.country()
    make.delegation(event.id, malaysia.id, quota=3)
    cancelled = [
        make.registration(event.id, malaysia.id, category.id, status="cancelled", email=f"c{n}@example.org")
        for n in range(10)
    ]
    organiser = make.user(role="organiser")

    def reopen(n):
        registration = db.session.get(Registration, cancelled[n].id)
        accreditation.set_status(registration, "approved", db.session.get(User, organiser.id))
        db.session.commit()

    outcomes = rush(app, 10, reopen)
    assert outcomes.count("ok") == 3, outcomes
    with app.app_context():
        approved = db.session.scalar(select(func.count()).where(Registration.status == "approved"))
        assert approved == 3


def test_simultaneous_registrations_with_one_email_make_one(app, make, monkeypatch):
    from datetime import datetime, timedelta, timezone

    # Production's hash: making the new account's password is the work between the check
    # for an existing registration and the insert, so with it all twelve requests race
    # (the tests' cheap hash would let the last ones find the first one already saved).
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")

    from ascn.events.models import Event
    from ascn.registration import registering
    from ascn.registration.models import Registration

    now = datetime.now(timezone.utc)
    event = make.event(
        registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=1)
    )
    category = make.category(event.id)
    thailand = make.country("TH", "Thailand", "Thailand")
    values = {
        "given_names": "Somchai",
        "email": "somchai@bma.go.th",
        "locale": "en",
        "country_id": thailand.id,
        "category_id": category.id,
        "consent": True,
    }

    def register(n):
        registering.register(db.session.get(Event, event.id), dict(values), None, None)

    outcomes = rush(app, 12, register)
    assert outcomes.count("ok") == 1, outcomes
    assert all("already" in o for o in outcomes if o != "ok"), outcomes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
