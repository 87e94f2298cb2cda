"""Live attendance of a list (a query): who is inside now, who entered today on the
event's clock, both by country and by category; for a bus, its manifest split into who
is on board and who is not yet (to be called), and its stand-by list.

Every figure is counted by the database (GROUP BY), so a page costs the same few queries
for ten delegates or five thousand.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import joinedload

from ascn.checkin.models import CheckinList, Presence, Scan
from ascn.db import utcnow
from ascn.events.models import Category, Country
from ascn.extensions import db
from ascn.paging import Page, paginate
from ascn.registration.models import Registration
from ascn.registration.people import fold
from ascn.visits.models import VisitBooking


@dataclass
class Tally:
    """One country's or category's line."""

    id: int
    name: str
    inside: int
    today: int


@dataclass
class Summary:
    day: date  # today, on the event's clock
    inside: int
    entered_today: int
    countries: list[Tally]
    categories: list[Tally]


@dataclass
class Passenger:
    booking: VisitBooking
    on_board: bool
    since: datetime | None  # when they boarded, or when they last got off


@dataclass
class Manifest:
    not_boarded: list[Passenger]
    on_board: list[Passenger]


def today_bounds(checkin_list: CheckinList, now: datetime | None = None) -> tuple[date, datetime, datetime]:
    """Today on the event's clock, and its start and end as UTC moments."""
    event = checkin_list.event
    day = event.local(now or utcnow()).date()
    start = event.to_utc(datetime.combine(day, time.min))
    end = event.to_utc(datetime.combine(day + timedelta(days=1), time.min))
    return day, start, end


def summary(checkin_list: CheckinList, now: datetime | None = None) -> Summary:
    """Three queries: the counts by country and category at once, then their names."""
    day, start, end = today_bounds(checkin_list, now)
    inside = select(
        Presence.registration_id.label("rid"), literal(1).label("inside"), literal(0).label("today")
    ).where(Presence.list_id == checkin_list.id, Presence.inside.is_(True))
    entered = select(Scan.registration_id, literal(0), literal(1)).where(
        Scan.list_id == checkin_list.id,
        Scan.admitted.is_(True),
        Scan.direction == "in",
        Scan.registration_id.is_not(None),
        Scan.scanned_at >= start,
        Scan.scanned_at < end,
    )
    both = union_all(inside, entered).subquery()
    person = (
        select(both.c.rid, func.max(both.c.inside).label("inside"), func.max(both.c.today).label("today"))
        .group_by(both.c.rid)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Registration.country_id,
            Registration.category_id,
            func.sum(person.c.inside),
            func.sum(person.c.today),
        )
        .join(person, person.c.rid == Registration.id)
        .group_by(Registration.country_id, Registration.category_id)
    ).all()
    countries = _tallies(Country, [(row[0], row[2], row[3]) for row in rows], lambda c: c.name)
    categories = _tallies(Category, [(row[1], row[2], row[3]) for row in rows], lambda c: c.label)
    return Summary(
        day=day,
        inside=sum(int(row[2] or 0) for row in rows),
        entered_today=sum(int(row[3] or 0) for row in rows),
        countries=countries,
        categories=categories,
    )


def _tallies(model, counts, name_of) -> list[Tally]:
    totals: dict[int, list[int]] = {}
    for key, inside, today in counts:
        line = totals.setdefault(key, [0, 0])
        line[0] += int(inside or 0)
        line[1] += int(today or 0)
    if not totals:
        return []
    names = {row.id: name_of(row) for row in db.session.scalars(select(model).where(model.id.in_(totals)))}
    tallies = [Tally(key, names.get(key, ""), inside, today) for key, (inside, today) in totals.items()]
    return sorted(tallies, key=lambda t: (-t.inside, -t.today, t.name.casefold()))


def inside_now(checkin_list: CheckinList, query: str, number: int) -> tuple[Page, dict[int, datetime]]:
    """A page of the delegates inside now, latest first, perhaps those whose name matches
    `query`; and since when each is inside."""
    stmt = (
        select(Registration)
        .join(Presence, Presence.registration_id == Registration.id)
        .where(Presence.list_id == checkin_list.id, Presence.inside.is_(True))
        .options(joinedload(Registration.country), joinedload(Registration.category))
    )
    for word in fold(query[:200]).split()[:6]:
        stmt = stmt.where(Registration.search_text.contains(word, autoescape=True))
    page = paginate(stmt, number, (Presence.since.desc(), Registration.id))
    since = {}
    if page.items:
        since = dict(
            db.session.execute(
                select(Presence.registration_id, Presence.since).where(
                    Presence.list_id == checkin_list.id,
                    Presence.registration_id.in_([registration.id for registration in page.items]),
                )
            ).all()
        )
    return page, since


def manifest(checkin_list: CheckinList) -> Manifest:
    """A bus's confirmed bookings by seat, each on board or not: one query."""
    rows = db.session.execute(
        select(VisitBooking, Presence.inside, Presence.since)
        .outerjoin(
            Presence,
            and_(
                Presence.registration_id == VisitBooking.registration_id, Presence.list_id == checkin_list.id
            ),
        )
        .where(VisitBooking.visit_id == checkin_list.visit_id, VisitBooking.status == "confirmed")
        .options(
            joinedload(VisitBooking.registration).joinedload(Registration.country),
            joinedload(VisitBooking.registration).joinedload(Registration.category),
        )
        .order_by(VisitBooking.seat)
    ).all()
    passengers = [Passenger(booking, bool(on_board), since) for booking, on_board, since in rows]
    return Manifest(
        not_boarded=[p for p in passengers if not p.on_board],
        on_board=[p for p in passengers if p.on_board],
    )


def standby(checkin_list: CheckinList, number: int) -> Page:
    """A bus's waiting list in its order, a page at a time."""
    stmt = (
        select(VisitBooking)
        .where(VisitBooking.visit_id == checkin_list.visit_id, VisitBooking.status == "waiting")
        .options(joinedload(VisitBooking.registration).joinedload(Registration.country))
    )
    return paginate(stmt, number, (VisitBooking.number,))
