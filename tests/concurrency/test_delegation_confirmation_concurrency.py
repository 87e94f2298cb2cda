"""Confirmations racing for a delegation's last place: exactly one takes it, the others
are refused with the quota's message and nothing of theirs is kept."""

import pytest
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.registration import confirmation
from ascn.registration.models import Delegation, Registration
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def test_two_confirmations_racing_for_the_last_place_confirm_only_one(app, make):
    event = make.event()
    category = make.category(event.id)
    thailand = make.country("TH", "Thailand", "Thailand")
    make.delegation(event.id, thailand.id, quota=2)
    make.registration(event.id, thailand.id, category.id)  # one place taken, one left
    waiting = [
        make.registration(event.id, thailand.id, category.id, awaiting_confirmation=True) for _ in range(2)
    ]
    deciders = [make.user(role="focal_point", country_id=thailand.id), make.user(role="organiser")]

    def confirm(n):
        registration = db.session.get(Registration, waiting[n].id)
        confirmation.confirm(registration, db.session.get(User, deciders[n].id))

    outcomes = rush(app, 2, confirm)
    assert outcomes.count("ok") == 1
    assert "All 2 places of this delegation are taken" in next(o for o in outcomes if o != "ok")
    with app.app_context():
        confirmed = db.session.scalars(
            select(Registration).where(Registration.awaiting_confirmation.is_(False))
        ).all()
        assert len(confirmed) == 2  # the one already there, and one of the two
        assert db.session.scalar(select(Delegation.members_count)) == 2


def test_the_same_registration_confirmed_twice_at_once_is_confirmed_once(app, make):
    from ascn.mail import OutboxMessage

    event = make.event()
    category = make.category(event.id)
    thailand = make.country("TH", "Thailand", "Thailand")
    make.delegation(event.id, thailand.id, quota=5)
    waiting = make.registration(event.id, thailand.id, category.id, awaiting_confirmation=True)
    focal = make.user(role="focal_point", country_id=thailand.id)

    def confirm(n):
        confirmation.confirm(db.session.get(Registration, waiting.id), db.session.get(User, focal.id))

    outcomes = rush(app, 4, confirm)
    assert outcomes.count("ok") == 1
    assert all("no longer awaits" in o for o in outcomes if o != "ok"), outcomes
    with app.app_context():
        assert db.session.scalar(select(Delegation.members_count)) == 1
        sent = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "delegation_confirmed")
        ).all()
        assert len(sent) == 1
