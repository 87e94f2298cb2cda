"""Seats and the waiting list under the visit locks (helper: runs inside a booking
service's transaction, never commits).

A place in line may keep a seat held on another visit at the same hour
(`VisitBooking.held_booking_id`). Its promotion gives that seat up in the same
transaction, which promotes the next in line there, whose own held seat may go in turn.
So before a change that can promote, `lock_all` locks every visit such a chain can reach,
in id order (docs/ARCHITECTURE.md, level 3). The chain is read before the locks and again
under them: links are only made under the lock of the visit whose line they join, so once
read under the locks it cannot grow; one made in between is locked as found, which may be
out of order, and the unit of work's deadlock retry covers that rare case.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import aliased

from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import ACTIVE_STATUSES, Registration
from ascn.visits import notices
from ascn.visits.models import SiteVisit, VisitBooking

_HELD = aliased(VisitBooking, name="held")


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


def _chain(visit_ids) -> set[int]:
    """These visits and those whose seats a promotion on them may give up, transitively."""
    found, frontier = set(visit_ids), set(visit_ids)
    while frontier:
        reached = db.session.scalars(
            select(_HELD.visit_id)
            .join(VisitBooking, VisitBooking.held_booking_id == _HELD.id)
            .where(VisitBooking.visit_id.in_(frontier), VisitBooking.status == "waiting")
        )
        frontier = set(reached) - found
        found |= frontier
    return found


def lock_all(visit_ids) -> dict[int, SiteVisit]:
    """Lock these visits and every visit their promotions can reach, in id order."""
    locked: dict[int, SiteVisit] = {}
    wanted = _chain(visit_ids)
    while wanted - locked.keys():
        for visit_id in sorted(wanted - locked.keys()):
            locked[visit_id] = lock(visit_id)
        wanted = _chain(locked.keys())
    return locked


def recount(visit: SiteVisit) -> None:
    db.session.flush()
    confirmed = VisitBooking.status == "confirmed"
    head = Registration.is_head.is_(True) & Registration.status.in_(ACTIVE_STATUSES)
    row = db.session.execute(
        select(
            func.count().filter(confirmed),
            func.count().filter(VisitBooking.status == "waiting"),
            func.count().filter(confirmed, VisitBooking.override.is_(True)),
            func.count().filter(confirmed, head),
        )
        .select_from(VisitBooking)
        .join(Registration, Registration.id == VisitBooking.registration_id)
        .where(VisitBooking.visit_id == visit.id)
    ).one()
    visit.confirmed_count, visit.waiting_count, visit.override_count, visit.heads_count = row
    db.session.flush()


def free_seat(visit: SiteVisit) -> int:
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


def clashing_seat(visit: SiteVisit, registration_id: int, keep_id: int | None = None) -> VisitBooking | None:
    """A seat this delegate holds on another visit at the same hour, other than `keep_id`:
    read under the locks, so nobody ends up on two buses at once."""
    return db.session.scalar(
        select(VisitBooking)
        .join(SiteVisit, SiteVisit.id == VisitBooking.visit_id)
        .where(
            VisitBooking.registration_id == registration_id,
            VisitBooking.status == "confirmed",
            VisitBooking.id != (keep_id or 0),
            SiteVisit.id != visit.id,
            SiteVisit.departs_at < visit.returns_at,
            SiteVisit.returns_at > visit.departs_at,
        )
        .limit(1)
    )


def _next_in_line(visit: SiteVisit) -> VisitBooking | None:
    """The first waiting who may take a free seat: while seats are held back for Heads of
    Delegation and only those are free, the first Head in line."""
    stmt = (
        select(VisitBooking)
        .join(Registration, Registration.id == VisitBooking.registration_id)
        .where(VisitBooking.visit_id == visit.id, VisitBooking.status == "waiting")
        .order_by(VisitBooking.number)
    )
    if visit.seats_left_for(head=False) == 0:
        stmt = stmt.where(Registration.is_head.is_(True), Registration.status.in_(ACTIVE_STATUSES))
    for candidate in db.session.scalars(stmt).all():
        if clashing_seat(visit, candidate.registration_id, candidate.held_booking_id) is None:
            return candidate
    return None


def promote(visit: SiteVisit) -> list[VisitBooking]:
    """Fill free seats from the waiting list in order; each promoted delegate is told. A
    promoted place that kept a seat elsewhere gives it up here, which promotes the next in
    line there (its visit was locked by `lock_all`)."""
    promoted = []
    recount(visit)
    while visit.seats > visit.confirmed_count and visit.waiting_count:
        head = _next_in_line(visit)
        if head is None:
            break
        kept = head.held_booking_id and db.session.get(
            VisitBooking, head.held_booking_id, populate_existing=True
        )
        seat = free_seat(visit)  # before the change: the query flushes
        head.status, head.seat, head.held_booking_id = "confirmed", seat, None
        head.confirmed_at = head.promoted_at = utcnow()
        promoted.append(head)
        recount(visit)
        if kept and kept.status == "confirmed":
            given_up = lock(kept.visit_id)
            notices.swapped(head, given_up)
            promoted += cancel(given_up, kept, None)
        else:
            notices.promoted(head)
    return promoted


def cancel(visit: SiteVisit, booking: VisitBooking, actor) -> list[VisitBooking]:
    """Cancel a seat or a place in line, then promote. A place in line waiting for another
    visit while keeping this seat stays in that line, as a plain place."""
    db.session.execute(
        update(VisitBooking).where(VisitBooking.held_booking_id == booking.id).values(held_booking_id=None)
    )
    booking.status, booking.seat, booking.override = "cancelled", None, False
    booking.held_booking_id = None
    booking.cancelled_at = utcnow()
    booking.cancelled_by_id = actor.id if actor else None
    return promote(visit)
