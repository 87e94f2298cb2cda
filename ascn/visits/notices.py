"""Emails about a delegate's booking: their own booking confirmed (a seat, a place in line,
a place in line that keeps a seat elsewhere), and the changes someone else made: promoted
from the waiting list (and the seat kept elsewhere given up), cancelled, moved or added by
an organiser. Written by one job after the change's
commit (a decision on many registrations may promote many people), in the delegate's
language."""

from sqlalchemy import func, select

from ascn.extensions import db
from ascn.mail import Letter, write_later
from ascn.urls import public_url
from ascn.visits.models import SiteVisit, VisitBooking


def _send(booking: VisitBooking, change: str, previous: SiteVisit | None = None) -> None:
    write_later(booking_letters, (booking.id, change, previous.id if previous else None))


def booked(booking: VisitBooking) -> None:
    """The delegate's own booking: a seat, a place in line, or one that keeps a seat."""
    if booking.status == "confirmed":
        _send(booking, "booked")
    elif booking.held_booking_id:
        _send(booking, "queued", booking.held_booking.visit)
    else:
        _send(booking, "waiting")


def swapped(booking: VisitBooking, given_up: SiteVisit) -> None:
    """Promoted to the visit they preferred; their seat on `given_up` went to the next."""
    _send(booking, "swapped", given_up)


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
                "position": position_of(booking) if booking.status == "waiting" else None,
                "page": public_url("visits.visit", event=registration.event.slug, visit_id=booking.visit_id),
            },
        )


def position_of(booking: VisitBooking) -> int:
    """1 for the first on the waiting list."""
    return 1 + db.session.scalar(
        select(func.count()).where(
            VisitBooking.visit_id == booking.visit_id,
            VisitBooking.status == "waiting",
            VisitBooking.number < booking.number,
        )
    )
