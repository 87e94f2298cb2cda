"""What the secretariat reads about requests (query): the counts of the index page, the
filtered list a page at a time, one request with everything about it. Each in a fixed
number of queries, whatever the number of requests."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ascn.bilaterals.models import LEVELS, REQUEST_STATUSES, BilateralParticipant, BilateralRequest
from ascn.events.models import Event
from ascn.extensions import db
from ascn.paging import Page, paginate
from ascn.registration.models import Delegation, Registration


@dataclass(frozen=True)
class Counts:
    by_status: dict[str, int]
    accepted_unplaced: int
    placed: int


def counts(event: Event) -> Counts:
    rows = db.session.execute(
        select(BilateralRequest.status, BilateralRequest.slot_id.is_not(None), func.count())
        .where(BilateralRequest.event_id == event.id)
        .group_by(BilateralRequest.status, BilateralRequest.slot_id.is_not(None))
    ).all()
    by_status = dict.fromkeys(REQUEST_STATUSES, 0)
    placed = unplaced = 0
    for status, is_placed, number in rows:
        by_status[status] += number
        if status == "accepted":
            placed += number if is_placed else 0
            unplaced += 0 if is_placed else number
    return Counts(by_status, unplaced, placed)


@dataclass(frozen=True)
class Filters:
    status: str = ""
    delegation_id: int | None = None
    level: str = ""
    placed: str = ""  # "yes", "no" or "" (either)

    @classmethod
    def read(cls, args, parse_id) -> "Filters":
        """From a query string: anything not in the lists is no filter."""
        status = args.get("status", "")
        level = args.get("level", "")
        placed = args.get("placed", "")
        return cls(
            status=status if status in REQUEST_STATUSES else "",
            delegation_id=parse_id(args.get("delegation")),
            level=level if level in LEVELS else "",
            placed=placed if placed in ("yes", "no") else "",
        )


def page(event: Event, filters: Filters, number: int) -> Page:
    stmt = select(BilateralRequest).where(BilateralRequest.event_id == event.id)
    if filters.status:
        stmt = stmt.where(BilateralRequest.status == filters.status)
    if filters.delegation_id:
        stmt = stmt.where(
            or_(
                BilateralRequest.requester_id == filters.delegation_id,
                BilateralRequest.counterpart_id == filters.delegation_id,
            )
        )
    if filters.level:
        stmt = stmt.where(BilateralRequest.level == filters.level)
    if filters.placed:
        placed = BilateralRequest.slot_id.is_not(None)
        stmt = stmt.where(placed if filters.placed == "yes" else ~placed)
    stmt = stmt.options(
        joinedload(BilateralRequest.requester).joinedload(Delegation.country),
        joinedload(BilateralRequest.counterpart).joinedload(Delegation.country),
        joinedload(BilateralRequest.room),
        joinedload(BilateralRequest.slot),
    )
    return paginate(stmt, number, (BilateralRequest.created_at.desc(), BilateralRequest.id.desc()))


def delegations(event: Event) -> list[Delegation]:
    """The event's delegations, for the filter's list."""
    stmt = (
        select(Delegation)
        .where(Delegation.event_id == event.id)
        .options(joinedload(Delegation.country))
        .order_by(Delegation.id)
    )
    return sorted(db.session.scalars(stmt), key=lambda d: d.country.name.casefold())


def request_for(event: Event, request_id: int) -> BilateralRequest | None:
    """One request of this event with its sides, people and preferred slots."""
    return db.session.scalar(
        select(BilateralRequest)
        .where(BilateralRequest.id == request_id, BilateralRequest.event_id == event.id)
        .options(
            joinedload(BilateralRequest.requester).joinedload(Delegation.country),
            joinedload(BilateralRequest.counterpart).joinedload(Delegation.country),
            joinedload(BilateralRequest.room),
            joinedload(BilateralRequest.slot),
            selectinload(BilateralRequest.participants)
            .joinedload(BilateralParticipant.registration)
            .joinedload(Registration.category),
            selectinload(BilateralRequest.preferences),
        )
    )
