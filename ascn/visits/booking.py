"""Seats and the waiting list, changed only here and only under a lock on the visit row.

Every path (a delegate booking or cancelling, an organiser adding, cancelling, moving or
changing the seats, a registration being cancelled or rejected) locks the visit with
`SELECT … FOR UPDATE` (SQLite serialises writers), reads the counters fresh, makes its
change, promotes from the waiting list while a seat is free, and writes the counters
back; the database checks them. Queue numbers are taken under the same lock, so the
waiting list is in the order in which bookings committed. Several visits are locked in
id order, with every visit a promotion may reach (`seats.lock_all`: a place in line that
keeps a seat elsewhere gives it up when promoted), so two moves in opposite directions
cannot deadlock. The promotion itself and the counters live in `ascn.visits.seats`.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.transactions import unit_of_work
from ascn.visits import notices, rules
from ascn.visits.models import SiteVisit, VisitBooking
from ascn.visits.seats import cancel as _cancel
from ascn.visits.seats import free_seat, lock, lock_all, promote, recount

MAX_NOTE = 500


def lock_visits_of(registration_ids: list[int]) -> None:
    """Lock every visit these registrations hold a place on, and those their promotions
    reach, in id order: a decision on many registrations does so before it frees any seat
    (docs/ARCHITECTURE.md)."""
    held = select(VisitBooking.visit_id).where(
        VisitBooking.registration_id.in_(registration_ids), VisitBooking.status != "cancelled"
    )
    lock_all(set(db.session.scalars(held)))


def _fresh(booking: VisitBooking) -> VisitBooking:
    db.session.refresh(booking)
    return booking


def booking_of(visit_id: int, registration_id: int) -> VisitBooking | None:
    return db.session.scalar(
        select(VisitBooking)
        .where(VisitBooking.visit_id == visit_id, VisitBooking.registration_id == registration_id)
        .execution_options(populate_existing=True)
    )


def position(booking: VisitBooking) -> int:
    """1 for the first on the waiting list."""
    return notices.position_of(booking)


def place(
    visit: SiteVisit,
    registration: Registration,
    actor: User | None,
    override: bool = False,
    note: str = "",
    keep: VisitBooking | None = None,
) -> VisitBooking:
    """A new queue number for this delegate on this visit: a seat if one they may take is
    free (or the organiser overrides), else the end of the waiting list; always the waiting
    list when it keeps the seat `keep` (the caller promotes). Called under the lock."""
    booking = booking_of(visit.id, registration.id)
    if booking is not None and booking.status != "cancelled":
        if booking.status == "confirmed":
            raise ServiceError(
                _(
                    "%(name)s already has seat %(seat)s on this visit.",
                    name=registration.list_name,
                    seat=booking.seat,
                )
            )
        raise ServiceError(
            _(
                "%(name)s is already number %(position)s on the waiting list of this visit.",
                name=registration.list_name,
                position=position(booking),
            )
        )
    full = visit.is_full_for(registration) or keep is not None
    override = bool(override and full and keep is None)
    seat = None if full and not override else free_seat(visit)  # queries (and flushes) first
    booking = booking or VisitBooking(visit_id=visit.id, registration_id=registration.id)
    visit.last_number += 1
    booking.number = visit.last_number
    booking.booked_at = utcnow()
    booking.booked_by_id = actor.id if actor else None
    booking.cancelled_at = booking.cancelled_by_id = booking.promoted_at = None
    booking.note, booking.override = note, override
    booking.held_booking_id = keep.id if keep is not None else None
    booking.status = "waiting" if seat is None else "confirmed"
    booking.seat, booking.confirmed_at = seat, (None if seat is None else utcnow())
    db.session.add(booking)
    recount(visit)
    return booking


@unit_of_work
def book(visit: SiteVisit, registration: Registration | None, actor: User) -> VisitBooking:
    """A delegate books for themselves: a seat, or a place on the waiting list."""
    visit = lock_all([visit.id])[visit.id]
    if not visit.published:
        raise ServiceError(_l("This visit no longer exists."))
    rules.check_eligible(visit, registration)
    rules.check_window(visit)
    rules.check_clashes(visit, registration)
    promote(visit)  # seats released by the clock go to those already in line first
    booking = place(visit, registration, actor)
    notices.booked(booking)
    return booking


@unit_of_work
def add(
    visit: SiteVisit, registration: Registration, actor: User, override=False, note: str = "", notify=True
) -> VisitBooking:
    """An organiser adds a delegate, above the seats only when `override` is ticked."""
    note = _note(note)
    visit = lock_all([visit.id])[visit.id]
    rules.check_active(registration)
    rules.check_clashes(visit, registration)
    promote(visit)
    if override and visit.is_full_for(registration) and not note:
        raise ServiceError(_l("Say why this delegate goes above the visit's seats."), field="note")
    booking = place(visit, registration, actor, override=override, note=note)
    if notify:
        notices.added(booking)
    return booking


@unit_of_work
def cancel(booking: VisitBooking, actor: User, by_organiser: bool = False) -> list[VisitBooking]:
    """Cancel a seat or a place on the waiting list; a freed seat goes to the next in
    line. The promoted bookings are returned."""
    visit = lock_all([booking.visit_id])[booking.visit_id]
    booking = _fresh(booking)
    if not by_organiser:
        rules.check_window(visit)
    if booking.status == "cancelled":
        raise ServiceError(_l("This booking is already cancelled."))
    promoted = _cancel(visit, booking, actor)
    if by_organiser:
        notices.cancelled(booking)
    return promoted


def set_seats(visit: SiteVisit, seats: int, reserved: int = 0, release_at=None) -> list[VisitBooking]:
    """Change the seats, and those held back for Heads until `release_at`, under the lock
    (the caller commits). Seats freed for the waiting list promote from it in order; fewer
    than the confirmed bookings is refused."""
    visit = lock_all([visit.id])[visit.id]
    # Bookings an organiser added above the seats do not hold seats of their own.
    booked = visit.confirmed_count - visit.override_count
    if seats < booked:
        raise ServiceError(
            ngettext(
                "%(num)s seat is already booked; cancel bookings before lowering the seats to %(seats)s.",
                "%(num)s seats are already booked; cancel bookings before lowering the seats to %(seats)s.",
                booked,
                seats=seats,
            ),
            field="seats",
        )
    visit.seats, visit.reserved_for_heads, visit.release_at = seats, reserved, release_at
    return promote(visit)


@unit_of_work
def move(booking: VisitBooking, target: SiteVisit, actor: User, override: bool = False, note: str = ""):
    """An organiser moves a delegate to another visit: a seat there (above its seats only
    with `override`), then the seat here is freed for the next in line."""
    note = _note(note)
    if target.id == booking.visit_id:
        raise ServiceError(_l("Choose another visit."), field="visit_id")
    locked = lock_all([booking.visit_id, target.id])
    source, target = locked[booking.visit_id], locked[target.id]
    booking = _fresh(booking)
    if booking.status == "cancelled":
        raise ServiceError(_l("This booking is already cancelled."))
    registration = booking.registration
    rules.check_active(registration)
    rules.check_clashes(target, registration, ignore_visit_id=source.id)
    promote(target)
    if target.is_full_for(registration) and not override:
        raise ServiceError(
            _(
                "“%(title)s” is full. Tick the override to add a seat above its %(seats)s.",
                title=target.title,
                seats=target.seats,
            ),
            field="override",
        )
    if override and target.is_full_for(registration) and not note:
        raise ServiceError(_l("Say why this delegate goes above the visit's seats."), field="note")
    moved = place(target, registration, actor, override=override, note=note)
    _cancel(source, booking, actor)
    notices.moved(moved, source)
    return moved


def release(registration: Registration, actor: User | None) -> None:
    """A registration was cancelled or rejected: its bookings go, each freed seat to the
    next in line (inside the caller's transaction)."""
    bookings = db.session.scalars(
        select(VisitBooking)
        .where(VisitBooking.registration_id == registration.id, VisitBooking.status != "cancelled")
        .order_by(VisitBooking.visit_id)
    ).all()
    lock_all({booking.visit_id for booking in bookings})
    for booking in bookings:
        visit = lock(booking.visit_id)
        booking = _fresh(booking)
        if booking.status != "cancelled":  # a promotion above may have given this seat up
            _cancel(visit, booking, actor)


def _note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(_l("Field cannot be longer than %(max)d characters.", max=MAX_NOTE), field="note")
    return note
