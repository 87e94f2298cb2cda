"""The organisers' list of registrations: filters, search, sort, counts at the top.

The same filtered statement feeds the page, the counts and the exports, so an export is
exactly what the organiser was looking at.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload

from ascn.events.models import Country, Event
from ascn.extensions import db
from ascn.ids import parse_id
from ascn.paging import Page, paginate
from ascn.registration import duplicates
from ascn.registration.models import STATUSES, Registration
from ascn.registration.people import fold

FLAGS = ("change_pending", "duplicates")
SORTS = {
    "name": (func.lower(Registration.family_name), func.lower(Registration.given_names)),
    "country": (Country.sort_order, Country.code, func.lower(Registration.family_name)),
    "newest": (Registration.created_at.desc(),),
    "oldest": (Registration.created_at,),
    "status": (Registration.status, Registration.created_at),
}


@dataclass
class Filters:
    status: str = ""
    country_id: int | None = None
    category_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = "newest"
    flag: str = ""  # "change_pending" or "duplicates": what needs an organiser's eye

    @classmethod
    def from_args(cls, args) -> "Filters":
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None

        status = args.get("status", "")
        sort = args.get("sort", "newest")
        return cls(
            status=status if status in STATUSES else "",
            country_id=parse_id(args.get("country")),
            category_id=parse_id(args.get("category")),
            date_from=day("from"),
            date_to=day("to"),
            q=args.get("q", "").strip()[:200],
            sort=sort if sort in SORTS else "newest",
            flag=args.get("flag", "") if args.get("flag", "") in FLAGS else "",
        )

    def as_args(self) -> dict[str, str]:
        """The query arguments that give these filters back (the defaults left out), so a
        registration's page and its decision keep the list's order and filters."""
        values = {
            "status": self.status,
            "country": self.country_id or "",
            "category": self.category_id or "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "q": self.q,
            "sort": "" if self.sort == "newest" else self.sort,
            "flag": self.flag,
        }
        return {name: str(value) for name, value in values.items() if value}


def filtered(event: Event, filters: Filters, with_status: bool = True) -> Select:
    stmt = select(Registration).where(Registration.event_id == event.id, Registration.purged_at.is_(None))
    if with_status and filters.status:
        stmt = stmt.where(Registration.status == filters.status)
    if filters.country_id:
        stmt = stmt.where(Registration.country_id == filters.country_id)
    if filters.category_id:
        stmt = stmt.where(Registration.category_id == filters.category_id)
    # Dates are the event's calendar days, whatever the server's time zone.
    if filters.date_from:
        stmt = stmt.where(
            Registration.created_at >= event.to_utc(datetime.combine(filters.date_from, time()))
        )
    if filters.date_to:
        end = event.to_utc(datetime.combine(filters.date_to + timedelta(days=1), time()))
        stmt = stmt.where(Registration.created_at < end)
    if filters.flag == "change_pending":
        stmt = stmt.where(Registration.identity_change_pending.is_(True))
    elif filters.flag == "duplicates":
        stmt = stmt.where(duplicates.has_likely_twin())
    for word in fold(filters.q).split()[:6]:
        stmt = stmt.where(Registration.search_text.contains(word, autoescape=True))
    return stmt


def _with_sort(stmt: Select, filters: Filters) -> tuple[Select, tuple]:
    if filters.sort == "country":
        stmt = stmt.join(Country, Country.id == Registration.country_id)
    stmt = stmt.options(joinedload(Registration.country), joinedload(Registration.category))
    return stmt, (*SORTS[filters.sort], Registration.id)


def page(event: Event, filters: Filters, number: int) -> Page:
    """One page of the list: a count and one query for the rows with their country and
    category, whatever the page size."""
    stmt, order = _with_sort(filtered(event, filters), filters)
    return paginate(stmt, number, order)


def next_pending(event: Event, filters: Filters, current_id: int) -> int | None:
    """The pending registration after `current_id` in the list's order and filters (the
    status tab aside), else the first one before it: where an organiser working through
    the queue goes next. One query of ids, whether or not the current one is still pending."""
    stmt = filtered(event, filters, with_status=False).where(
        or_(Registration.status == "pending", Registration.id == current_id)
    )
    if filters.sort == "country":
        stmt = stmt.join(Country, Country.id == Registration.country_id)
    ids = list(
        db.session.scalars(
            stmt.with_only_columns(Registration.id).order_by(*SORTS[filters.sort], Registration.id)
        )
    )
    if current_id in ids:
        at = ids.index(current_id)
        ids = ids[at + 1 :] + ids[:at]
    return ids[0] if ids else None


def everything(event: Event, filters: Filters) -> list[Registration]:
    """The whole filtered list in its order, for exports (which look up country and
    category names themselves, once)."""
    stmt = filtered(event, filters)
    if filters.sort == "country":
        stmt = stmt.join(Country, Country.id == Registration.country_id)
    return list(db.session.scalars(stmt.order_by(*SORTS[filters.sort], Registration.id)))


def status_counts(event: Event, filters: Filters) -> dict[str, int]:
    """How many per status among the other filters: the tabs at the top of the list."""
    sub = filtered(event, filters, with_status=False).subquery()
    rows = db.session.execute(select(sub.c.status, func.count()).group_by(sub.c.status)).all()
    counts = {status: 0 for status in STATUSES}
    counts.update(dict(rows))
    return counts


def country_counts(event: Event, filters: Filters) -> list[tuple[Country, int]]:
    sub = filtered(event, filters).subquery()
    rows = db.session.execute(
        select(Country, func.count(sub.c.id))
        .join(sub, sub.c.country_id == Country.id)
        .group_by(Country.id)
        .order_by(func.count(sub.c.id).desc(), Country.sort_order)
    ).all()
    return [(country, count) for country, count in rows]
