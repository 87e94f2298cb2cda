"""Emails to a delegate whose booking someone else changed: promoted from the waiting
list, cancelled, moved or added by an organiser. Written by one job after the change's
commit (a decision on many registrations may promote many people), in the delegate's
language."""

from sqlalchemy import select

from ascn.extensions import db
from ascn.mail import Letter, write_later
from ascn.urls import public_url
from ascn.visits.models import SiteVisit, VisitBooking


def _send(booking: VisitBooking, change: str, previous: SiteVisit | None = None) -> None:
    write_later(booking_letters, (booking.id, change, previous.id if previous else None))


def promoted(booking: VisitBooking) -> None:
    _send(booking, "promoted")


def cancelled(booking: VisitBooking) -> None:
    _send(booking, "cancelled")


def moved(booking: VisitBooking, previous: SiteVisit) -> None:
    _send(booking, "moved", previous)


def added(booking: VisitBooking) -> None:
    _send(booking, "added")


def booking_letters(keys: list[tuple[int, str, int | None]]):
    """Writer (`mail.write_later`). A booking cancelled again before the job ran is not
    told it got a seat, nor a booking taken again that it lost one."""
    bookings = {
        b.id: b
        for b in db.session.scalars(select(VisitBooking).where(VisitBooking.id.in_({k[0] for k in keys})))
    }
    for booking_id, change, previous_id in keys:
        booking = bookings.get(booking_id)
        if booking is None or (booking.status == "cancelled") != (change == "cancelled"):
            continue
        registration = booking.registration
        yield Letter(
            registration.email,
            "visit_booking",
            registration.locale,
            {
                "change": change,
                "registration": registration,
                "booking": booking,
                "visit": booking.visit,
                "previous": db.session.get(SiteVisit, previous_id) if previous_id else None,
                "page": public_url("visits.visit", event=registration.event.slug, visit_id=booking.visit_id),
            },
        )
