"""Organisers' visits and the lists built from them, each in a fixed number of queries."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import aliased, joinedload, selectinload

from ascn.errors import ServiceError
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.paging import Page, paginate
from ascn.registration import listing
from ascn.registration.models import ACTIVE_STATUSES, Registration
from ascn.transactions import unit_of_work
from ascn.visits import booking as seats
from ascn.visits.models import SiteVisit, VisitBooking

TEXT_FIELDS = (
    "title_en", "title_ms", "description_en", "description_ms",
    "meeting_point_en", "meeting_point_ms", "notes_en", "notes_ms",
)  # fmt: skip
MAX_SEATS = 1000
# Everything the organisers' visit form sends.
VISIT_FIELDS = (
    *TEXT_FIELDS, "day", "departs", "returns", "seats", "category_ids",
    "accredited_only", "opens_at", "closes_at", "published", "reserved_for_heads", "release_at",
)  # fmt: skip


def visits(event: Event, published_only: bool = True) -> list[SiteVisit]:
    stmt = (
        select(SiteVisit)
        .where(SiteVisit.event_id == event.id)
        .options(selectinload(SiteVisit.categories))
        .order_by(SiteVisit.departs_at, SiteVisit.id)
    )
    if published_only:
        stmt = stmt.where(SiteVisit.published.is_(True))
    return list(db.session.scalars(stmt))


def _site(title: str) -> str:
    """Runs of one site share its title; a note in brackets tells them apart ("(afternoon)")."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", title or "").strip().casefold()


def other_runs(visit: SiteVisit, registration: Registration | None) -> list[SiteVisit]:
    """Other runs of the same site (another day or hour) with a seat this delegate may
    take, for when this one is full. One query: an event has a few dozen visits."""
    names = {_site(visit.title_en), _site(visit.title_ms)} - {""}
    runs = db.session.scalars(
        select(SiteVisit)
        .where(SiteVisit.event_id == visit.event_id, SiteVisit.published.is_(True), SiteVisit.id != visit.id)
        .order_by(SiteVisit.departs_at, SiteVisit.id)
    )
    return [
        run
        for run in runs
        if names & {_site(run.title_en), _site(run.title_ms)} and not run.is_full_for(registration)
    ]


def visit_for(event: Event, visit_id: int, published_only: bool = True) -> SiteVisit | None:
    visit = db.session.get(SiteVisit, visit_id)
    if visit is None or visit.event_id != event.id or (published_only and not visit.published):
        return None
    return visit


# Made once: building an alias costs more than the query that uses it.
_AHEAD = aliased(VisitBooking, name="ahead")


@dataclass
class Held:
    """A delegate's booking of one visit, with their place on its waiting list."""

    booking: VisitBooking
    position: int | None


def held_by(registration: Registration | None) -> dict[int, Held]:
    """The delegate's bookings that are not cancelled, by visit id, with positions; two
    queries however many visits there are."""
    if registration is None:
        return {}
    bookings = db.session.scalars(
        select(VisitBooking).where(
            VisitBooking.registration_id == registration.id, VisitBooking.status != "cancelled"
        )
    ).all()
    ahead = _AHEAD
    positions = dict(
        db.session.execute(
            select(VisitBooking.visit_id, func.count(ahead.id) + 1)
            .outerjoin(
                ahead,
                (ahead.visit_id == VisitBooking.visit_id)
                & (ahead.status == "waiting")
                & (ahead.number < VisitBooking.number),
            )
            .where(VisitBooking.registration_id == registration.id, VisitBooking.status == "waiting")
            .group_by(VisitBooking.visit_id)
        ).all()
    )
    return {b.visit_id: Held(b, positions.get(b.visit_id)) for b in bookings}


def confirmed(visit: SiteVisit) -> list[VisitBooking]:
    """The bus: confirmed bookings by seat, with who they are (no query per row)."""
    return list(
        db.session.scalars(
            select(VisitBooking)
            .where(VisitBooking.visit_id == visit.id, VisitBooking.status == "confirmed")
            .options(
                joinedload(VisitBooking.registration).joinedload(Registration.country),
                joinedload(VisitBooking.registration).joinedload(Registration.category),
                joinedload(VisitBooking.booked_by),
            )
            .order_by(VisitBooking.seat)
        )
    )


def waiting(visit: SiteVisit, number: int) -> Page:
    """The waiting list in order, a page at a time."""
    stmt = (
        select(VisitBooking)
        .where(VisitBooking.visit_id == visit.id, VisitBooking.status == "waiting")
        .options(
            joinedload(VisitBooking.registration).joinedload(Registration.country),
            joinedload(VisitBooking.registration).joinedload(Registration.category),
            joinedload(VisitBooking.held_booking).joinedload(VisitBooking.visit),
        )
    )
    return paginate(stmt, number, (VisitBooking.number,))


def booking_for(visit: SiteVisit, booking_id: int) -> VisitBooking | None:
    booking = db.session.get(VisitBooking, booking_id)
    return booking if booking is not None and booking.visit_id == visit.id else None


def candidates(event: Event, query: str, limit: int = 20) -> list[Registration]:
    """Active registrations matching a name or email, for an organiser adding by hand."""
    if len((query or "").strip()) < 2:
        return []
    stmt = (
        listing.filtered(event, listing.Filters(q=query.strip()[:200]))
        .where(Registration.status.in_(ACTIVE_STATUSES))
        .options(joinedload(Registration.country), joinedload(Registration.category))
        .order_by(func.lower(Registration.family_name), Registration.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


@unit_of_work
def save_visit(event: Event, visit: SiteVisit | None, **values) -> SiteVisit:
    if not (values.get("title_en") or values.get("title_ms")):
        raise ServiceError(_l("Give the visit a title in at least one language."), field="title_en")
    departs_at, returns_at = _times(event, values.get("day"), values.get("departs"), values.get("returns"))
    seat_count = values.get("seats")
    if seat_count is None or not 0 <= seat_count <= MAX_SEATS:
        raise ServiceError(_("Use a number from 0 to %(max)s.", max=MAX_SEATS), field="seats")
    opens_at = event.to_utc(values["opens_at"]) if values.get("opens_at") else None
    if values.get("closes_at") is None:
        raise ServiceError(_l("Enter the booking deadline."), field="closes_at")
    closes_at = event.to_utc(values["closes_at"])
    if closes_at > departs_at:
        raise ServiceError(_l("The booking deadline must be before the bus leaves."), field="closes_at")
    if opens_at is not None and opens_at >= closes_at:
        raise ServiceError(_l("Booking must open before its deadline."), field="opens_at")
    reserved, release_at = _held_back(event, values, seat_count, opens_at, closes_at)
    chosen = set(values.get("category_ids") or ())
    categories = list(
        db.session.scalars(select(Category).where(Category.event_id == event.id, Category.id.in_(chosen)))
    )
    if len(categories) != len(chosen):
        raise ServiceError(_l("Choose categories from the list."), field="category_ids")
    if visit is None:
        visit = SiteVisit(
            event_id=event.id, seats=seat_count, reserved_for_heads=reserved, release_at=release_at
        )
        db.session.add(visit)
    else:  # locks the row and promotes into seats added or no longer held back
        seats.set_seats(visit, seat_count, reserved, release_at)
    for name in TEXT_FIELDS:
        setattr(visit, name, values.get(name) or "")
    visit.departs_at, visit.returns_at = departs_at, returns_at
    visit.opens_at, visit.closes_at = opens_at, closes_at
    visit.accredited_only = bool(values.get("accredited_only"))
    visit.published = bool(values.get("published"))
    visit.categories = categories
    return visit


def _held_back(event: Event, values: dict, seat_count: int, opens_at, closes_at):
    """Seats held back for Heads of Delegation, and when they become ordinary seats: after
    booking opens and before its deadline, so ordinary delegates can still take them."""
    reserved = values.get("reserved_for_heads") or 0
    if not 0 <= reserved <= seat_count:
        raise ServiceError(
            ngettext(
                "Hold back at most the visit's %(num)s seat.",
                "Hold back at most the visit's %(num)s seats.",
                seat_count,
            ),
            field="reserved_for_heads",
        )
    if not reserved:
        return 0, None
    if values.get("release_at") is None:
        raise ServiceError(_l("Say when the held-back seats are released to everyone."), field="release_at")
    release_at = event.to_utc(values["release_at"])
    if release_at >= closes_at:
        raise ServiceError(_l("Release the held-back seats before the booking deadline."), field="release_at")
    if opens_at is not None and release_at <= opens_at:
        raise ServiceError(_l("Release the held-back seats after booking opens."), field="release_at")
    return reserved, release_at


def _times(event: Event, day: date | None, departs: time | None, returns: time | None):
    if day is None:
        raise ServiceError(_l("Enter a valid date."), field="day")
    if not event.start_date <= day <= event.end_date:
        raise ServiceError(_l("The visit must take place during the event."), field="day")
    if departs is None or returns is None:
        raise ServiceError(_l("Enter when the bus leaves and when it is back."), field="departs")
    if returns <= departs:
        raise ServiceError(_l("The bus must be back after it leaves."), field="returns")
    return (
        event.to_utc(datetime.combine(day, departs)),
        event.to_utc(datetime.combine(day, returns)),
    )


@unit_of_work
def delete_visit(visit: SiteVisit) -> None:
    held = select(func.count()).where(VisitBooking.visit_id == visit.id, VisitBooking.status != "cancelled")
    if db.session.scalar(held):
        raise ServiceError(_l("This visit has bookings: cancel them first, or unpublish the visit."))
    db.session.delete(visit)
