"""What a delegation's pages show (query): its requests asked, received and confirmed,
one of them, the delegations it may ask, its members, the event's meeting times, and the
clashes of the people named with the times chosen."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from ascn.bilaterals import busy
from ascn.bilaterals.models import BilateralParticipant, BilateralRequest, BilateralSlot
from ascn.dates import format_date, format_time
from ascn.events.models import COUNTRY_GROUP_LABELS, COUNTRY_GROUPS, Country, Event
from ascn.extensions import db
from ascn.i18n import pick
from ascn.paging import Page, paginate
from ascn.registration.models import RANK_ORDER, Delegation, Registration

SHOWS = ("asked", "received", "confirmed")


def requests_page(delegation: Delegation, show: str, status: str | None, number: int) -> Page:
    """A page of the delegation's requests: those it asked, those it received, or its
    meetings both sides agreed to (accepted), newest first; one query for the rows."""
    mine = BilateralRequest.event_id == delegation.event_id
    if show == "asked":
        stmt = select(BilateralRequest).where(mine, BilateralRequest.requester_id == delegation.id)
    elif show == "received":
        stmt = select(BilateralRequest).where(mine, BilateralRequest.counterpart_id == delegation.id)
    else:
        stmt = select(BilateralRequest).where(mine, _of(delegation), BilateralRequest.status == "accepted")
    if status and show != "confirmed":
        stmt = stmt.where(BilateralRequest.status == status)
    stmt = stmt.options(
        joinedload(BilateralRequest.requester).joinedload(Delegation.country),
        joinedload(BilateralRequest.counterpart).joinedload(Delegation.country),
        joinedload(BilateralRequest.room),
        joinedload(BilateralRequest.slot),
    )
    if show == "confirmed":
        # Placed meetings first, by time; then the accepted ones still waiting for a place.
        stmt = stmt.outerjoin(BilateralSlot, BilateralSlot.id == BilateralRequest.slot_id)
        order = (BilateralSlot.starts_at.is_(None), BilateralSlot.starts_at, BilateralRequest.id)
    else:
        order = (BilateralRequest.created_at.desc(), BilateralRequest.id.desc())
    return paginate(stmt, number, order=order)


def _of(delegation: Delegation):
    return or_(
        BilateralRequest.requester_id == delegation.id, BilateralRequest.counterpart_id == delegation.id
    )


def request_for(delegation: Delegation, request_id: int) -> BilateralRequest | None:
    """One of the delegation's requests, with both sides' people and times; None for a
    request of another pair or another event."""
    return db.session.scalar(
        select(BilateralRequest)
        .where(
            BilateralRequest.id == request_id,
            BilateralRequest.event_id == delegation.event_id,
            _of(delegation),
        )
        .options(
            selectinload(BilateralRequest.participants).selectinload(BilateralParticipant.registration),
            selectinload(BilateralRequest.preferences),
        )
    )


def counterparts(event: Event, delegation: Delegation) -> list[tuple[str, list[tuple[int, str]]]]:
    """The other delegations of the event, grouped (member states, partners,
    organisations), each group by name."""
    rows = db.session.execute(
        select(Delegation.id, Country)
        .join(Country, Country.id == Delegation.country_id)
        .where(Delegation.event_id == event.id, Delegation.id != delegation.id)
        .order_by(Country.sort_order, Country.name_en)
    ).all()
    groups = []
    for group in COUNTRY_GROUPS:
        choices = sorted(
            ((row.id, row.Country.name) for row in rows if row.Country.country_group == group),
            key=lambda choice: choice[1],
        )
        if choices:
            groups.append((str(COUNTRY_GROUP_LABELS[group]), choices))
    return groups


def members(delegation: Delegation) -> list[Registration]:
    """The delegation's accredited members, in protocol order: who may be named."""
    people = db.session.scalars(
        select(Registration).where(
            Registration.event_id == delegation.event_id,
            Registration.country_id == delegation.country_id,
            Registration.status == "approved",
            Registration.awaiting_confirmation.is_(False),
        )
    ).all()
    return sorted(people, key=lambda person: (RANK_ORDER.get(person.protocol_rank, 99), person.list_name))


def slots(event: Event) -> list[BilateralSlot]:
    return list(
        db.session.scalars(
            select(BilateralSlot).where(BilateralSlot.event_id == event.id).order_by(BilateralSlot.starts_at)
        )
    )


def slots_by_day(event: Event, all_slots: list[BilateralSlot]) -> list[tuple[date, list[BilateralSlot]]]:
    """The slots grouped by their day on the event's clock."""
    days: dict[date, list[BilateralSlot]] = {}
    for slot in all_slots:
        days.setdefault(event.local(slot.starts_at).date(), []).append(slot)
    return list(days.items())


@dataclass(frozen=True)
class Clash:
    """A person named who is taken during a time chosen: a warning shown before confirming."""

    slot: BilateralSlot
    text: str


def clashes(event: Event, people: list[Registration], chosen: list[BilateralSlot], request_id=None) -> list:
    """Each named person's engagements overlapping the times chosen, as sentences."""
    if not people or not chosen:
        return []
    found = busy.engagements(event, [person.id for person in people], except_request_id=request_id)
    names = {person.id: person.full_name for person in people}
    out = []
    for slot in chosen:
        for registration_id, items in busy.clashes(found, slot.starts_at, slot.ends_at).items():
            for item in items:
                out.append(Clash(slot, _sentence(names[registration_id], item)))
    return out


def _sentence(name: str, item: busy.Engagement) -> str:
    values = {
        "name": name,
        "title": pick(item.what),
        "day": format_date(item.starts_at, "EEE d MMM"),
        "start": format_time(item.starts_at),
        "end": format_time(item.ends_at),
    }
    if item.kind == "session":
        return _("%(name)s speaks or chairs in “%(title)s”, %(day)s %(start)s–%(end)s.", **values)
    if item.kind == "visit":
        return _("%(name)s is booked on the site visit “%(title)s”, %(day)s %(start)s–%(end)s.", **values)
    return _("%(name)s is in another bilateral meeting, “%(title)s”, %(day)s %(start)s–%(end)s.", **values)
