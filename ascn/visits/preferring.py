"""Waiting for a preferred visit while keeping a seat at the same hour (service).

A delegate with a seat on one visit may not also wait for another that overlaps it, as a
plain place in line would leave them on two buses at once when promoted. Instead the
place in line names the seat it keeps (`VisitBooking.held_booking_id`); its promotion
gives that seat up in the same transaction, under both visits' locks, taken in id order
(`seats.lock_all`), and the next in line there is promoted. At most one such place per
kept seat (a unique index), and only while waiting (a check). Leaving the line keeps the
seat; cancelling the seat leaves a plain place in line (`seats.cancel`).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.transactions import unit_of_work
from ascn.visits import booking, notices, rules, seats
from ascn.visits.models import SiteVisit, VisitBooking

ALREADY = _l("You can wait for only one other visit while keeping this seat. Leave that waiting list first.")


def seat_to_keep(visit: SiteVisit, registration: Registration | None) -> VisitBooking | None:
    """The delegate's seat at the same hour as `visit`, which they may keep while they wait
    for it (query)."""
    if registration is None:
        return None
    return seats.clashing_seat(visit, registration.id)


def waiting_for(kept: VisitBooking) -> VisitBooking | None:
    """The place in line that keeps this seat, if any (query)."""
    return db.session.scalar(
        select(VisitBooking).where(VisitBooking.held_booking_id == kept.id, VisitBooking.status == "waiting")
    )


@unit_of_work(on_conflict=ALREADY)
def wait_keeping_seat(visit: SiteVisit, registration: Registration | None, actor: User) -> VisitBooking:
    """A place on the waiting list of `visit` that keeps the delegate's seat at the same
    hour; a seat free for them at once is theirs now, and the kept one goes to the next."""
    rules.check_eligible(visit, registration)
    kept = seat_to_keep(visit, registration)
    if kept is None:
        raise ServiceError(_l("You have no seat at the same time as this visit: book it directly."))
    locked = seats.lock_all([visit.id, kept.visit_id])
    visit = locked[visit.id]
    kept = db.session.get(VisitBooking, kept.id, populate_existing=True)
    if not visit.published:
        raise ServiceError(_l("This visit no longer exists."))
    if kept.status != "confirmed":
        raise ServiceError(_l("Your seat at that time has just changed. Please look again and retry."))
    rules.check_window(visit)
    if waiting_for(kept) is not None:
        raise ServiceError(ALREADY)
    rules.check_clashes(visit, registration, ignore_visit_id=kept.visit_id)
    seats.promote(visit)  # seats released by the clock go to those already in line first
    place = booking.place(visit, registration, actor, keep=kept)
    seats.promote(visit)  # a seat free for them: theirs now, and the kept seat given up
    if place.status == "waiting":
        notices.booked(place)
    return place


def seats_to_keep(visits: list[SiteVisit], held: dict) -> dict[int, tuple[VisitBooking, bool]]:
    """Rule, for a page of visits: for each visit the delegate holds nothing on, their seat
    at the same hour that they may keep while waiting for it, and whether that seat
    already keeps a place in line elsewhere (`held`: `catalogue.held_by`). No query."""
    bookings = [entry.booking for entry in held.values()]
    seats_held = [b for b in bookings if b.status == "confirmed"]
    busy = {b.held_booking_id for b in bookings if b.status == "waiting" and b.held_booking_id}
    found = {}
    for visit in visits:
        if visit.id in held:
            continue
        for seat in seats_held:
            if seat.visit.departs_at < visit.returns_at and seat.visit.returns_at > visit.departs_at:
                found[visit.id] = (seat, seat.id in busy)
                break
    return found
