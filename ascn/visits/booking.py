"""Seats and the waiting list, changed only here and only under a lock on the visit row.

Every path (a delegate booking or cancelling, an organiser adding, cancelling, moving or
changing the seats, a registration being cancelled or rejected) locks the visit with
`SELECT … FOR UPDATE` (SQLite serialises writers), reads the counters fresh, makes its
change, promotes from the waiting list while a seat is free, and writes the counters
back; the database checks them. Queue numbers are taken under the same lock, so the
waiting list is in the order in which bookings committed. Several visits are locked in
id order, so two moves in opposite directions cannot deadlock.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.transactions import unit_of_work
from ascn.visits import notices, rules
from ascn.visits.models import SiteVisit, VisitBooking

MAX_NOTE = 500


def lock(visit_id: int) -> SiteVisit:
    """The visit, locked until the commit, with its counters as committed now."""
    visit = db.session.scalar(
        select(SiteVisit)
        .where(SiteVisit.id == visit_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if visit is None:
        raise ServiceError(_l("This visit no longer exists."))
    return visit


def lock_visits_of(registration_ids: list[int]) -> None:
    """Lock every visit these registrations hold a place on, in id order: a decision on
    many registrations does so before it frees any seat (docs/ARCHITECTURE.md)."""
    held = select(VisitBooking.visit_id).where(
        VisitBooking.registration_id.in_(registration_ids), VisitBooking.status != "cancelled"
    )
    for visit_id in sorted(set(db.session.scalars(held))):
        lock(visit_id)


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
    return 1 + db.session.scalar(
        select(func.count()).where(
            VisitBooking.visit_id == booking.visit_id,
            VisitBooking.status == "waiting",
            VisitBooking.number < booking.number,
        )
    )


def _recount(visit: SiteVisit) -> None:
    db.session.flush()
    row = db.session.execute(
        select(
            func.count().filter(VisitBooking.status == "confirmed"),
            func.count().filter(VisitBooking.status == "waiting"),
            func.count().filter(VisitBooking.status == "confirmed", VisitBooking.override.is_(True)),
        ).where(VisitBooking.visit_id == visit.id)
    ).one()
    visit.confirmed_count, visit.waiting_count, visit.override_count = row
    db.session.flush()


def _free_seat(visit: SiteVisit) -> int:
    taken = set(
        db.session.scalars(
            select(VisitBooking.seat).where(
                VisitBooking.visit_id == visit.id, VisitBooking.status == "confirmed"
            )
        )
    )
    seat = 1
    while seat in taken:
        seat += 1
    return seat


def _promote(visit: SiteVisit) -> list[VisitBooking]:
    """Fill free seats from the head of the waiting list; each promoted delegate is told."""
    promoted = []
    _recount(visit)
    while visit.seats > visit.confirmed_count and visit.waiting_count:
        head = db.session.scalar(
            select(VisitBooking)
            .where(VisitBooking.visit_id == visit.id, VisitBooking.status == "waiting")
            .order_by(VisitBooking.number)
            .limit(1)
        )
        seat = _free_seat(visit)  # before the change: the query flushes
        head.status, head.seat = "confirmed", seat
        head.confirmed_at = head.promoted_at = utcnow()
        notices.promoted(head)
        promoted.append(head)
        _recount(visit)
    return promoted


def _place(visit: SiteVisit, registration: Registration, actor: User | None, override: bool, note: str):
    """A new queue number for this delegate on this visit: a seat if one is free (or the
    organiser overrides), else the end of the waiting list. Called under the lock."""
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
    override = bool(override and visit.is_full)
    seat = None if visit.is_full and not override else _free_seat(visit)  # queries (and flushes) first
    booking = booking or VisitBooking(visit_id=visit.id, registration_id=registration.id)
    visit.last_number += 1
    booking.number = visit.last_number
    booking.booked_at = utcnow()
    booking.booked_by_id = actor.id if actor else None
    booking.cancelled_at = booking.cancelled_by_id = booking.promoted_at = None
    booking.note, booking.override = note, override
    booking.status = "waiting" if seat is None else "confirmed"
    booking.seat, booking.confirmed_at = seat, (None if seat is None else utcnow())
    db.session.add(booking)
    _recount(visit)
    return booking


@unit_of_work
def book(visit: SiteVisit, registration: Registration | None, actor: User) -> VisitBooking:
    """A delegate books for themselves: a seat, or a place on the waiting list."""
    visit = lock(visit.id)
    if not visit.published:
        raise ServiceError(_l("This visit no longer exists."))
    rules.check_eligible(visit, registration)
    rules.check_window(visit)
    rules.check_clashes(visit, registration)
    booking = _place(visit, registration, actor, override=False, note="")
    return booking


@unit_of_work
def add(
    visit: SiteVisit, registration: Registration, actor: User, override=False, note: str = "", notify=True
) -> VisitBooking:
    """An organiser adds a delegate, above the seats only when `override` is ticked."""
    note = _note(note)
    visit = lock(visit.id)
    rules.check_active(registration)
    rules.check_clashes(visit, registration)
    if override and visit.is_full and not note:
        raise ServiceError(_l("Say why this delegate goes above the visit's seats."), field="note")
    booking = _place(visit, registration, actor, override=override, note=note)
    if notify:
        notices.added(booking)
    return booking


@unit_of_work
def cancel(booking: VisitBooking, actor: User, by_organiser: bool = False) -> list[VisitBooking]:
    """Cancel a seat or a place on the waiting list; a freed seat goes to the next in
    line. The promoted bookings are returned."""
    visit = lock(booking.visit_id)
    booking = _fresh(booking)
    if not by_organiser:
        rules.check_window(visit)
    if booking.status == "cancelled":
        raise ServiceError(_l("This booking is already cancelled."))
    promoted = _cancel(visit, booking, actor)
    if by_organiser:
        notices.cancelled(booking)
    return promoted


def _cancel(visit: SiteVisit, booking: VisitBooking, actor: User | None) -> list[VisitBooking]:
    booking.status, booking.seat, booking.override = "cancelled", None, False
    booking.cancelled_at = utcnow()
    booking.cancelled_by_id = actor.id if actor else None
    return _promote(visit)


def set_seats(visit: SiteVisit, seats: int) -> list[VisitBooking]:
    """Change the number of seats under the lock (the caller commits). More seats promote
    from the waiting list in order; fewer than the confirmed bookings is refused."""
    visit = lock(visit.id)
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
    visit.seats = seats
    return _promote(visit)


@unit_of_work
def move(booking: VisitBooking, target: SiteVisit, actor: User, override: bool = False, note: str = ""):
    """An organiser moves a delegate to another visit: a seat there (above its seats only
    with `override`), then the seat here is freed for the next in line."""
    note = _note(note)
    if target.id == booking.visit_id:
        raise ServiceError(_l("Choose another visit."), field="visit_id")
    locked = {visit_id: lock(visit_id) for visit_id in sorted((booking.visit_id, target.id))}
    source, target = locked[booking.visit_id], locked[target.id]
    booking = _fresh(booking)
    if booking.status == "cancelled":
        raise ServiceError(_l("This booking is already cancelled."))
    registration = booking.registration
    rules.check_active(registration)
    rules.check_clashes(target, registration, ignore_visit_id=source.id)
    if target.is_full and not override:
        raise ServiceError(
            _(
                "“%(title)s” is full. Tick the override to add a seat above its %(seats)s.",
                title=target.title,
                seats=target.seats,
            ),
            field="override",
        )
    if override and target.is_full and not note:
        raise ServiceError(_l("Say why this delegate goes above the visit's seats."), field="note")
    moved = _place(target, registration, actor, override=override, note=note)
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
    for booking in bookings:
        visit = lock(booking.visit_id)
        _cancel(visit, _fresh(booking), actor)


def _note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(_l("Field cannot be longer than %(max)d characters.", max=MAX_NOTE), field="note")
    return note
