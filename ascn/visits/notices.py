"""Emails to a delegate whose booking someone else changed: promoted from the waiting
list, cancelled, moved or added by an organiser. Written to the outbox inside the
change's transaction and sent after its commit, in the delegate's language."""

from ascn.mail import queue_mail
from ascn.urls import public_url
from ascn.visits.models import SiteVisit, VisitBooking


def _send(booking: VisitBooking, change: str, previous: SiteVisit | None = None) -> None:
    registration = booking.registration
    queue_mail(
        registration.email,
        "visit_booking",
        registration.locale,
        change=change,
        registration=registration,
        booking=booking,
        visit=booking.visit,
        previous=previous,
        page=public_url("visits.visit", event=registration.event.slug, visit_id=booking.visit_id),
    )


def promoted(booking: VisitBooking) -> None:
    _send(booking, "promoted")


def cancelled(booking: VisitBooking) -> None:
    _send(booking, "cancelled")


def moved(booking: VisitBooking, previous: SiteVisit) -> None:
    _send(booking, "moved", previous)


def added(booking: VisitBooking) -> None:
    _send(booking, "added")
