"""Two organisers reject selections at the same moment whose delegations or visits come
in opposite orders. Locks are taken in the order of docs/ARCHITECTURE.md, so
neither waits on the other in a circle: both decisions go through, and the delegations'
and visits' counters match their rows."""

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration import accreditation, quotas
from ascn.registration.models import Delegation
from ascn.visits.models import SiteVisit, VisitBooking
from tests.support.settings import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)

ROUNDS = 6
COUNTRIES = ("TH", "VN", "ID", "PH")


def _at_once(app, works):
    """Run each of `works` in its own thread, released together; what each ended with."""
    barrier = threading.Barrier(len(works))
    outcomes = [None] * len(works)

    def run(n):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            barrier.wait()
            try:
                works[n]()
                outcomes[n] = "ok"
            except ServiceError as error:
                outcomes[n] = str(error.message)
            except Exception as error:  # a deadlock escaping as a 500
                outcomes[n] = repr(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.parametrize(
    "same_countries", [True, False], ids=["same countries", "other countries, same visits"]
)
def test_opposite_bulk_rejections_never_deadlock(app, make, monkeypatch, same_countries):
    # The lock order alone must prevent the deadlock: no retry hides one here.
    monkeypatch.setattr("ascn.transactions.RETRYABLE_SQLSTATES", frozenset())
    event = make.event()
    category = make.category(event.id)
    countries = [make.country(code, code, code) for code in COUNTRIES]
    for country in countries:
        make.delegation(event.id, country.id, quota=100)
    start = datetime(2025, 9, 9, 0, 30, tzinfo=timezone.utc)
    visits = [make.visits.visit(event.id, seats=100, departs_at=start + timedelta(days=n)) for n in range(2)]
    organisers = [make.user(role="organiser") for _ in range(2)]

    for _ in range(ROUNDS):
        # Ids rise in this order: the first decision meets the countries (or, when the
        # two decisions share no country, the visits) forwards, the second backwards.
        first, second = [], []
        for n in range(len(countries) if same_countries else 2):
            for selection, country, visit in (
                (first, countries[n], visits[n % 2]),
                (second, countries[-1 - n] if same_countries else countries[2 + n % 2], visits[1 - n % 2]),
            ):
                registration = make.registration(event.id, country.id, category.id, status="approved")
                make.visits.book(visit.id, registration.id)
                selection.append(registration.id)

        def reject(ids, organiser):
            return lambda: accreditation.decide(
                db.session.get(Event, event.id),
                ids,
                "rejected",
                db.session.get(User, organiser.id),
                reason="Not eligible",
            )

        outcomes = _at_once(app, [reject(first, organisers[0]), reject(second, organisers[1])])
        assert outcomes == ["ok", "ok"], outcomes

    with app.app_context():
        for delegation in db.session.scalars(select(Delegation)):
            members, heads = quotas.used_places(event.id, delegation.country_id)
            assert (delegation.members_count, delegation.heads_count) == (members, heads) == (0, 0)
        for visit in db.session.scalars(select(SiteVisit)):
            confirmed = db.session.scalar(
                select(func.count()).where(
                    VisitBooking.visit_id == visit.id, VisitBooking.status == "confirmed"
                )
            )
            assert visit.confirmed_count == confirmed == 0
