"""A booking rush on PostgreSQL: a hundred delegates press "book" at the same moment, and
others cancel meanwhile. No seat is sold twice, no one sees an error, and the waiting
list is in the order the bookings committed."""

import pytest
from sqlalchemy import func, select

from ascn import jobs
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.visits.models import SiteVisit, VisitBooking
from tests.support.concurrency import rush
from tests.support.settings import TEST_DATABASE_URL
from tests.support.visits import mail_from_now

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite serialises writers"
)


def _people(make, count):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    people = [make.registration(event.id, country.id, category.id, status="approved") for _ in range(count)]
    return event, people


def _book(visit_id, registration_id):
    from ascn.registration.models import Registration
    from ascn.visits import booking

    registration = db.session.get(Registration, registration_id)
    booking.book(db.session.get(SiteVisit, visit_id), registration, registration.user)


def _queue(app, visit_id):
    with app.app_context():
        return db.session.scalars(
            select(VisitBooking).where(VisitBooking.visit_id == visit_id).order_by(VisitBooking.number)
        ).all()


def test_a_hundred_delegates_booking_ten_seats_at_once(app, make):
    event, people = _people(make, 100)
    visit = make.visits.visit(event.id, seats=10)

    outcomes = rush(app, 100, lambda n: _book(visit.id, people[n].id))

    assert outcomes == ["ok"] * 100  # every delegate got a seat or a place in line, no error
    queue = _queue(app, visit.id)
    assert [b.number for b in queue] == list(range(1, 101))
    assert [b.status for b in queue] == ["confirmed"] * 10 + ["waiting"] * 90
    assert sorted(b.seat for b in queue[:10]) == list(range(1, 11))
    # Numbers are taken under the row lock, held until the commit: the order of numbers is
    # the order in which the bookings took the lock and committed.
    assert sorted(queue, key=lambda b: b.booked_at) == queue
    with app.app_context():
        row = db.session.get(SiteVisit, visit.id)
        assert (row.confirmed_count, row.waiting_count, row.last_number) == (10, 90, 100)


def test_cancellations_during_a_rush_promote_each_waiting_delegate_once(app, make):
    from ascn.accounts.models import User
    from ascn.visits import booking

    event, people = _people(make, 80)
    visit = make.visits.visit(event.id, seats=20)
    held = [make.visits.book(visit.id, person.id) for person in people[:50]]
    mail_from_now(app)  # each booking's own confirmation
    confirmed, waiting = held[:20], held[20:]
    newcomers = people[50:]

    def work(n):
        if n < 20:
            mine = db.session.get(VisitBooking, confirmed[n].id)
            booking.cancel(mine, db.session.get(User, people[n].user_id))
        else:
            _book(visit.id, newcomers[n - 20].id)

    outcomes = rush(app, 50, work)

    assert outcomes == ["ok"] * 50
    queue = _queue(app, visit.id)
    now_confirmed = [b for b in queue if b.status == "confirmed"]
    now_waiting = [b for b in queue if b.status == "waiting"]
    assert len(now_confirmed) == 20 and sorted(b.seat for b in now_confirmed) == list(range(1, 21))
    # The twenty promoted are the twenty who waited longest, each promoted once.
    assert {b.id for b in now_confirmed} == {b.id for b in waiting[:20]}
    assert all(b.promoted_at is not None for b in now_confirmed)
    assert [b.number for b in now_waiting] == sorted(b.number for b in now_waiting)
    assert {b.id for b in now_waiting} >= {b.id for b in waiting[20:]} and len(now_waiting) == 40
    with app.app_context():
        row = db.session.get(SiteVisit, visit.id)
        assert (row.confirmed_count, row.waiting_count) == (20, 40)
        jobs.drain()
        mails = db.session.execute(
            select(OutboxMessage.recipient, func.count())
            .where(OutboxMessage.template == "visit_booking", OutboxMessage.subject.like("A seat is yours%"))
            .group_by(OutboxMessage.recipient)
        ).all()
        promoted_emails = {people[20 + i].email for i in range(20)}
        assert {recipient for recipient, _ in mails} == promoted_emails
        assert all(number == 1 for _, number in mails)
