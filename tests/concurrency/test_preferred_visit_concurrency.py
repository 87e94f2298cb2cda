"""Waiting for a preferred visit while keeping a seat, on PostgreSQL with many threads:
the promotion that gives the kept seat up races other delegates' bookings, and two
delegates swapping visits race each other. No visit is overbooked, no delegate holds two
seats at one hour, the kept seat is given up once with exactly one promotion there, and
the locks are taken in id order (no retry hides a deadlock)."""

import pytest
from sqlalchemy import func, select

from ascn import jobs
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Registration
from ascn.visits.models import SiteVisit, VisitBooking
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL
from tests.support.visits import bookings, mail_from_now

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def _people(make, count):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    return event, [
        make.registration(event.id, country.id, category.id, status="approved") for _ in range(count)
    ]


def _book(visit_id, registration_id):
    from ascn.visits import booking

    registration = db.session.get(Registration, registration_id)
    booking.book(db.session.get(SiteVisit, visit_id), registration, registration.user)


def _cancel(visit_id, registration_id):
    from ascn.visits import booking

    held = booking.booking_of(visit_id, registration_id)
    booking.cancel(held, held.registration.user)


def _wait(visit_id, registration_id):
    from ascn.visits import preferring

    registration = db.session.get(Registration, registration_id)
    preferring.wait_keeping_seat(db.session.get(SiteVisit, visit_id), registration, registration.user)


def _state(app, visit_id):
    with app.app_context():
        visit = db.session.get(SiteVisit, visit_id)
        confirmed = db.session.scalar(
            select(func.count()).where(VisitBooking.visit_id == visit_id, VisitBooking.status == "confirmed")
        )
        return visit.seats, visit.confirmed_count, confirmed


def _two_seats_at_once(app):
    """Delegates holding a seat on both visits (all run at the same hour)."""
    with app.app_context():
        held = select(VisitBooking.registration_id).where(VisitBooking.status == "confirmed")
        rows = db.session.execute(held.group_by(VisitBooking.registration_id).having(func.count() > 1))
        return list(rows)


def test_a_promotion_to_the_preferred_visit_races_other_bookings(app, make, monkeypatch):
    monkeypatch.setattr("ascn.transactions.RETRYABLE_SQLSTATES", frozenset())
    event, (x, y, w, *newcomers) = _people(make, 33)
    kept = make.visits.visit(event.id, seats=1, title_en="Command Centre")
    preferred = make.visits.visit(event.id, seats=1, title_en="Wetlands")
    make.visits.book(kept.id, x.id)
    make.visits.book(kept.id, w.id)  # first in line for X's seat
    make.visits.book(preferred.id, y.id)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        _wait(preferred.id, x.id)
    mail_from_now(app)

    def work(n):
        if n == 0:
            _cancel(preferred.id, y.id)  # frees the seat X waits for
        else:
            _book((kept.id, preferred.id)[n % 2], newcomers[n - 1].id)

    outcomes = rush(app, 31, work)

    assert outcomes == ["ok"] * 31
    assert _state(app, kept.id) == (1, 1, 1) and _state(app, preferred.id) == (1, 1, 1)
    assert [b for b in bookings(app, preferred.id) if b[1] == "confirmed"] == [(x.id, "confirmed", 1)]
    # X's seat was given up once, and went to the first in line there, once.
    assert [b for b in bookings(app, kept.id) if b[1] != "waiting"] == [
        (x.id, "cancelled", None),
        (w.id, "confirmed", 1),
    ]
    assert _two_seats_at_once(app) == []
    with app.app_context():
        jobs.drain()
        told = dict(
            db.session.execute(
                select(OutboxMessage.recipient, func.count())
                .where(
                    OutboxMessage.template == "visit_booking", OutboxMessage.subject.like("A seat is yours%")
                )
                .group_by(OutboxMessage.recipient)
            ).all()
        )
    assert told == {x.email: 1, w.email: 1}


def test_two_delegates_swapping_visits_at_once_never_deadlock(app, make, monkeypatch):
    """X keeps a seat on the first visit waiting for the second; Y the opposite. Z leaves
    the first and W the second at the same moment: each cancellation reaches both visits,
    and locks them in id order, so neither waits on the other in a circle."""
    monkeypatch.setattr("ascn.transactions.RETRYABLE_SQLSTATES", frozenset())
    event, people = _people(make, 16)
    for n in range(4):
        x, y, z, w = people[4 * n : 4 * n + 4]
        first = make.visits.visit(event.id, seats=2)
        second = make.visits.visit(event.id, seats=2)
        for visit, seated in ((first, (x, z)), (second, (y, w))):
            for person in seated:
                make.visits.book(visit.id, person.id)
        with app.test_request_context(headers={"Accept-Language": "en"}):
            _wait(second.id, x.id)
            _wait(first.id, y.id)

        outcomes = rush(
            app, 2, lambda n, z=z, w=w, a=first, b=second: _cancel(*((a.id, z.id), (b.id, w.id))[n])
        )

        assert outcomes == ["ok", "ok"]
        assert [b[:2] for b in bookings(app, first.id) if b[1] == "confirmed"] == [(y.id, "confirmed")]
        assert [b[:2] for b in bookings(app, second.id) if b[1] == "confirmed"] == [(x.id, "confirmed")]
        assert _state(app, first.id) == (2, 1, 1) and _state(app, second.id) == (2, 1, 1)
        assert _two_seats_at_once(app) == []
