"""Random sequences of book, cancel, organiser add above the seats, change of seats, and
registrations cancelled and reopened, against a model of the rules: after every step the
database holds exactly the model's seats and waiting order, and its counters agree."""

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration import accreditation
from ascn.registration.models import Registration
from ascn.visits import booking
from ascn.visits.models import SiteVisit, VisitBooking

PEOPLE = 5
VISITS = 2

# Booking is drawn most often, so that visits fill and lines form; `who` is the number of
# seats for a "seats" step.
ACTIONS = ("book",) * 4 + ("cancel",) * 2 + ("override", "seats", "leave", "return")
step = st.tuples(st.sampled_from(ACTIONS), st.integers(0, PEOPLE - 1), st.integers(0, VISITS - 1))


class Model:
    """The rules, plainly: seats, who is confirmed (and who above the seats), the line."""

    def __init__(self, seats):
        self.seats = seats
        self.confirmed: set[int] = set()
        self.extra: set[int] = set()
        self.waiting: list[int] = []

    def holds(self, person):
        return person in self.confirmed or person in self.waiting

    def promote(self):
        while len(self.confirmed) < self.seats and self.waiting:
            self.confirmed.add(self.waiting.pop(0))

    def book(self, person, override=False):
        if len(self.confirmed) < self.seats or override:
            if len(self.confirmed) >= self.seats:
                self.extra.add(person)
            self.confirmed.add(person)
        else:
            self.waiting.append(person)

    def cancel(self, person):
        self.confirmed.discard(person)
        self.extra.discard(person)
        if person in self.waiting:
            self.waiting.remove(person)
        self.promote()


def _world(make):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    people = [
        make.registration(event.id, country.id, category.id, status="approved").id for _ in range(PEOPLE)
    ]
    visits = [
        make.visits.visit(
            event.id,
            seats=1,
            accredited_only=False,
            departs_at=datetime(2025, 9, 9 + n, 1, tzinfo=timezone.utc),
        ).id
        for n in range(VISITS)
    ]
    organiser = make.user(role="organiser").id
    return event.id, people, visits, organiser


def _apply(action, who, which, people, visits, organiser, models, active):
    registration = db.session.get(Registration, people[who])
    visit = db.session.get(SiteVisit, visits[which])
    actor = db.session.get(User, organiser)
    model = models[which]
    if action == "book":
        booking.book(visit, registration, registration.user)
        assert active[who] and not model.holds(who), "the service booked what the rules refuse"
        model.book(who)
    elif action == "override":
        booking.add(visit, registration, actor, override=True, note="protocol")
        assert active[who] and not model.holds(who)
        model.book(who, override=True)
    elif action == "cancel":
        held = booking.booking_of(visit.id, registration.id)
        if held is None or held.status == "cancelled":
            assert not model.holds(who)
            return
        booking.cancel(held, registration.user)
        model.cancel(who)
    elif action == "seats":
        booking.set_seats(visit, who)
        db.session.commit()
        assert who >= len(model.confirmed - model.extra)
        model.seats = who
        model.promote()
    elif action == "leave":
        changed = accreditation.set_status(registration, "cancelled", actor)
        db.session.commit()
        if changed:
            active[who] = False
            for each in models:
                each.cancel(who)
    elif action == "return":
        changed = accreditation.set_status(registration, "pending", actor)
        db.session.commit()
        if changed:
            active[who] = True


def _refused_by_rules(action, who, which, models, active) -> bool:
    model = models[which]
    if action in ("book", "override"):
        return not active[who] or model.holds(who)
    if action == "seats":
        return who < len(model.confirmed - model.extra)
    return False


def _check(visits, people, models):
    for visit_id, model in zip(visits, models, strict=True):
        visit = db.session.get(SiteVisit, visit_id)
        db.session.refresh(visit)
        rows = db.session.scalars(
            select(VisitBooking).where(VisitBooking.visit_id == visit_id).order_by(VisitBooking.number)
        ).all()
        index = {registration_id: n for n, registration_id in enumerate(people)}
        confirmed = {index[b.registration_id] for b in rows if b.status == "confirmed"}
        waiting = [index[b.registration_id] for b in rows if b.status == "waiting"]
        extra = {index[b.registration_id] for b in rows if b.status == "confirmed" and b.override}
        assert (confirmed, waiting, visit.seats) == (model.confirmed, model.waiting, model.seats)
        assert extra == model.extra
        assert (visit.confirmed_count, visit.waiting_count) == (len(confirmed), len(waiting))
        assert visit.confirmed_count <= visit.seats + visit.override_count
        assert not waiting or visit.confirmed_count >= visit.seats, "a seat is free while someone waits"
        seats = [b.seat for b in rows if b.status == "confirmed"]
        assert len(set(seats)) == len(seats) and all(seat >= 1 for seat in seats)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=12, max_size=40))
def test_random_bookings_keep_every_rule(app, make, steps):
    _event, people, visits, organiser = _world(make)
    models = [Model(1) for _ in visits]
    active = [True] * PEOPLE
    try:
        for action, who, which in steps:
            with app.test_request_context():
                try:
                    _apply(action, who, which, people, visits, organiser, models, active)
                except ServiceError as error:
                    db.session.rollback()
                    assert _refused_by_rules(action, who, which, models, active), error.message
                _check(visits, people, models)
    finally:
        with app.app_context():
            db.session.rollback()
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(delete(table))
            db.session.commit()
