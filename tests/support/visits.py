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
