"""Reading a visit's bookings and counters."""

from sqlalchemy import select

from ascn.extensions import db
from ascn.visits.models import SiteVisit, VisitBooking


def bookings(app, visit_id):
    with app.app_context():
        rows = db.session.scalars(
            select(VisitBooking).where(VisitBooking.visit_id == visit_id).order_by(VisitBooking.number)
        )
        return [(b.registration_id, b.status, b.seat) for b in rows]


def counts(app, visit_id):
    with app.app_context():
        visit = db.session.get(SiteVisit, visit_id)
        return visit.confirmed_count, visit.waiting_count


def mail_from_now(app):
    """Write the mail already queued (a delegate's own booking is confirmed by email) and
    forget it, so a test reads only the mail of the step it is about."""
    from ascn import jobs
    from ascn.mail import OutboxMessage

    with app.app_context():
        jobs.drain()
        db.session.execute(OutboxMessage.__table__.delete())
        db.session.commit()


def wait_keeping_seat(app, visit_id, registration_id):
    """A delegate waits for a visit while keeping their seat at the same hour; the
    booking's (status, seat), or the refusal's message in English."""
    from ascn.errors import ServiceError
    from ascn.registration.models import Registration
    from ascn.visits import preferring

    with app.test_request_context(headers={"Accept-Language": "en"}):
        registration = db.session.get(Registration, registration_id)
        try:
            place = preferring.wait_keeping_seat(
                db.session.get(SiteVisit, visit_id), registration, registration.user
            )
        except ServiceError as error:
            return str(error.message)
        return place.status, place.seat


def cancel_booking(app, visit_id, registration_id):
    """The delegate cancels their own booking of this visit."""
    from ascn.visits import booking

    with app.test_request_context(headers={"Accept-Language": "en"}):
        held = booking.booking_of(visit_id, registration_id)
        booking.cancel(held, held.registration.user)


def kept_seat(app, visit_id, registration_id):
    """The visit whose seat this delegate's place in line keeps (None: a plain place)."""
    with app.app_context():
        row = db.session.scalar(
            select(VisitBooking).where(
                VisitBooking.visit_id == visit_id, VisitBooking.registration_id == registration_id
            )
        )
        return row.held_booking.visit_id if row.held_booking_id else None


def letters(app, template="visit_booking"):
    """The emails written so far (the job drained): (recipient, locale, subject, body)."""
    from ascn import jobs
    from ascn.mail import OutboxMessage

    with app.app_context():
        jobs.drain()
        rows = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
        )
        return [(m.recipient, m.locale, m.subject, m.body_text) for m in rows]
