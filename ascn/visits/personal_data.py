"""Site visits' part of a person's data: their bookings in their copy, and the notes on
the bookings of an ended event emptied by its purge (the bookings stay, for the counts)."""

from sqlalchemy import select, update

from ascn.accounts.models import User
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.visits.models import SiteVisit, VisitBooking


def export(user: User) -> dict:
    rows = db.session.execute(
        select(VisitBooking, SiteVisit)
        .join(SiteVisit, SiteVisit.id == VisitBooking.visit_id)
        .join(Registration, Registration.id == VisitBooking.registration_id)
        .where(Registration.user_id == user.id)
        .order_by(SiteVisit.departs_at, VisitBooking.id)
    )
    return {
        "site_visits": [
            {
                "visit": visit.title_en or visit.title_ms,
                "departs_at": visit.departs_at.isoformat(),
                "status": booking.status,
                "seat": booking.seat,
                "booked_at": booking.booked_at.isoformat(),
                "note": booking.note,
            }
            for booking, visit in rows
        ]
    }


def purge(event: Event) -> dict[str, int]:
    """Helper: an organiser's note on a booking may say anything about the person."""
    visits = select(SiteVisit.id).where(SiteVisit.event_id == event.id)
    notes = db.session.execute(
        update(VisitBooking)
        .where(VisitBooking.visit_id.in_(visits), VisitBooking.note != "")
        .values(note=""),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"visit booking notes emptied": notes}
