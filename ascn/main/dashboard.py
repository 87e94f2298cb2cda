"""Query: what a logged-in person's home at an event shows about them, each part in a
fixed number of queries whatever the size of the event.

- `delegate`: their registration, what it still lacks, the next items of their agenda,
  their site visits (meeting point, bus time, place on a waiting list), the notice;
- `delegation`: a focal point's delegation at a glance;
- `work`: what waits for the secretariat today.

`main` sits after the domains it reads (DESIGN.md: main may import domains, never the
other way round), so this module asks each domain's own queries where they exist."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select

from ascn.db import utcnow
from ascn.events import roles
from ascn.events.models import Country, Event
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.programme import agenda, agenda_items
from ascn.registration import quotas
from ascn.registration.models import ACTIVE_STATUSES, Delegation, Registration
from ascn.registration.registering import registration_of
from ascn.visits import catalogue
from ascn.visits.models import SiteVisit, VisitBooking

NEXT_ITEMS = 4  # the agenda's next few: the rest is one tap away on "My agenda"
LIST_LIMIT = 8  # quotas and visits needing an eye: more are on the page the link opens
# A delegation is near full when this share of its quota is used; a visit fills up likewise.
NEAR_FULL = 0.8


@dataclass(frozen=True)
class Upcoming:
    """One coming item of the person's agenda: a saved session or another domain's item."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    url_path: str  # '' when the item has no page of its own
    session_id: int | None = None


@dataclass(frozen=True)
class HeldVisit:
    visit: SiteVisit
    booking: VisitBooking
    position: int | None  # on the waiting list; None when confirmed


@dataclass
class DelegateHome:
    registration: Registration
    upcoming: list[Upcoming] = field(default_factory=list)
    visits: list[HeldVisit] = field(default_factory=list)

    @property
    def missing_photo(self) -> bool:
        return self.registration.status in ACTIVE_STATUSES and not self.registration.has_photo


@dataclass(frozen=True)
class DelegationGlance:
    country: Country
    quota: int | None  # None: the delegation keeps no quota
    used: int
    awaiting: int  # self-registrations waiting for the focal point's confirmation
    pending: int  # confirmed, waiting for the secretariat's decision
    without_photo: int


@dataclass(frozen=True)
class FullDelegation:
    country: Country
    used: int
    quota: int


@dataclass
class Work:
    pending: int | None = None
    identity_changes: int | None = None
    full_delegations: list[FullDelegation] | None = None
    filling_visits: list[SiteVisit] | None = None
    failed_mail: int | None = None


@dataclass
class PersonalHome:
    event: Event
    delegate: DelegateHome | None
    delegation: "DelegationGlance | None"
    work: "Work | None"

    @property
    def is_empty(self) -> bool:
        return self.delegate is None and self.delegation is None and self.work is None

    @property
    def notice(self) -> str:
        """The secretariat's notice to delegates, for the people it is written to."""
        return self.event.delegate_notice if self.delegate or self.delegation else ""


def home(event: Event, user) -> PersonalHome:
    return PersonalHome(event, delegate(event, user), delegation(event, user), work(event, user))


def delegate(event: Event, user) -> DelegateHome | None:
    """The person's own registration and what hangs on it; None when they have none. A
    cancelled one shows only its status (with the way to register again)."""
    registration = registration_of(user, event)
    if registration is None:
        return None
    home = DelegateHome(registration)
    if registration.status == "cancelled":
        return home
    home.upcoming = _upcoming(event, user)
    home.visits = _visits(registration)
    return home


def _upcoming(event: Event, user) -> list[Upcoming]:
    now = utcnow()
    mine, _clashing = agenda.agenda(event, user)
    found = [
        Upcoming(s.title, s.starts_at, s.ends_at, s.room.name if s.room else "", "", session_id=s.id)
        for s in mine
        if s.ends_at > now and not s.cancelled
    ]
    found += [
        Upcoming(item.title, item.starts_at, item.ends_at, item.place, item.path)
        for item in agenda_items.items(event, user)
        if item.ends_at > now
    ]
    return sorted(found, key=lambda item: item.starts_at)[:NEXT_ITEMS]


def _visits(registration: Registration) -> list[HeldVisit]:
    """Three queries: the bookings and positions (the visits domain's own), then their visits."""
    held = catalogue.held_by(registration)
    if not held:
        return []
    visits = db.session.scalars(
        select(SiteVisit).where(SiteVisit.id.in_(held)).order_by(SiteVisit.departs_at, SiteVisit.id)
    )
    return [HeldVisit(visit, held[visit.id].booking, held[visit.id].position) for visit in visits]


def delegation(event: Event, user) -> DelegationGlance | None:
    """A focal point's delegation: places used of the quota and what waits for them."""
    country_id = roles.focal_country_id(user, event)
    if country_id is None:
        return None
    country = roles.role_at(user, event).country
    places = db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.country_id == country_id)
    )
    waiting = Registration.awaiting_confirmation.is_(True)
    holds_place = quotas.holding_a_place()
    awaiting, pending, without_photo, used = db.session.execute(
        select(
            _count(Registration.status == "pending", waiting),
            _count(Registration.status == "pending", ~waiting),
            _count(holds_place, Registration.has_photo.is_(False)),
            _count(holds_place),
        ).where(Registration.event_id == event.id, Registration.country_id == country_id)
    ).one()
    # `used` counts what the delegation's counter counts (quotas.holding_a_place), in the
    # same query as the rest, so the figures agree with each other.
    return DelegationGlance(
        country=country,
        quota=places.quota if places is not None else None,
        used=used,
        awaiting=awaiting,
        pending=pending,
        without_photo=without_photo,
    )


def _count(*conditions):
    matched = conditions[0]
    for condition in conditions[1:]:
        matched = matched & condition
    return func.coalesce(func.sum(case((matched, 1), else_=0)), 0)


def work(event: Event, user) -> Work | None:
    """Today's work for the secretariat; each part only for whoever may act on it."""
    if not roles.can(user, event, "view_registrations"):
        return None
    todo = Work()
    todo.pending, todo.identity_changes = db.session.execute(
        select(
            _count(Registration.status == "pending", Registration.awaiting_confirmation.is_(False)),
            _count(Registration.identity_change_pending.is_(True)),
        ).where(Registration.event_id == event.id)
    ).one()
    if roles.can(user, event, "accredit"):
        todo.full_delegations = _full_delegations(event)
    todo.filling_visits = _filling_visits(event)
    if roles.can(user, event, "read_outbox"):
        todo.failed_mail = db.session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "failed")
        )
    return todo


def _full_delegations(event: Event) -> list[FullDelegation]:
    rows = db.session.execute(
        select(Delegation.members_count, Delegation.quota, Country)
        .join(Country, Country.id == Delegation.country_id)
        .where(
            Delegation.event_id == event.id,
            Delegation.quota > 0,
            Delegation.members_count >= Delegation.quota * NEAR_FULL,
        )
        .order_by((Delegation.quota - Delegation.members_count), Country.sort_order, Country.code)
        .limit(LIST_LIMIT)
    )
    return [FullDelegation(country, used, quota) for used, quota, country in rows]


def _filling_visits(event: Event) -> list[SiteVisit]:
    """Published visits not yet gone whose seats are nearly taken or that have a queue."""
    return list(
        db.session.scalars(
            select(SiteVisit)
            .where(
                SiteVisit.event_id == event.id,
                SiteVisit.published.is_(True),
                SiteVisit.departs_at > utcnow(),
                (SiteVisit.confirmed_count >= SiteVisit.seats * NEAR_FULL) | (SiteVisit.waiting_count > 0),
            )
            .order_by(SiteVisit.departs_at, SiteVisit.id)
            .limit(LIST_LIMIT)
        )
    )
