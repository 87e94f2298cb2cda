"""Staff at two desks reprinting the same badge at the same moment raise its serial
once: the registration's row is locked before the serial is read."""

import pytest
from sqlalchemy import func, select

from ascn.badges import printing
from ascn.badges.models import Badge, BadgePrint
from ascn.extensions import db
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


@pytest.fixture
def printed(make):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    person = make.registration(event.id, country.id, category.id, status="approved")
    staff = [make.user(role="staff") for _ in range(2)]
    return person, staff


def _print(app, person, staff, seen, reason):
    from ascn.accounts.models import User

    def work(n):
        printing.print_badge(person.id, db.session.get(User, staff[n % 2].id), seen, reason)

    return rush(app, 12, work)


def test_simultaneous_first_prints_print_once(app, printed):
    person, staff = printed
    outcomes = _print(app, person, staff, 1, "")
    assert outcomes.count("ok") == 1, outcomes
    assert all("choose why it is reprinted" in o for o in outcomes if o != "ok"), outcomes
    with app.app_context():
        assert db.session.get(Badge, person.id).serial == 1
        assert db.session.scalar(select(func.count()).select_from(BadgePrint)) == 1


def test_simultaneous_reprints_raise_the_serial_once(app, make, printed):
    person, staff = printed
    make.badge_printed(person.id)
    outcomes = _print(app, person, staff, 1, "lost")
    assert outcomes.count("ok") == 1, outcomes
    assert all("just been reprinted by someone else" in o for o in outcomes if o != "ok"), outcomes
    with app.app_context():
        assert db.session.get(Badge, person.id).serial == 2
        reasons = db.session.scalars(select(BadgePrint.reason).order_by(BadgePrint.id)).all()
        assert reasons == ["first", "lost"]
