"""Roles per event and the capabilities each grants; every access check asks for a capability
at an event. Administrators (`User.role == 'admin'`) hold every capability everywhere; anyone
else holds what their role at this event grants, and a person without one is a delegate there.

`role_at`, `can`, `focal_country_id` and the team listings are queries (one row per person and
event, kept for the request in `g`); `grant` and `revoke` are services."""

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import EVENT_ROLES, Country, Event, EventRole
from ascn.extensions import db
from ascn.transactions import unit_of_work

ROLE_LABELS = {
    "organiser": _l("Organiser"),
    "staff": _l("Staff"),
    "focal_point": _l("Focal point"),
}

_STAFF = {"view_registrations", "print_badges", "check_in"}
_ORGANISER = _STAFF | {
    "manage_event",
    "accredit",
    "manage_programme",
    "manage_visits",
    "manage_bilaterals",
    "manage_team",
}
CAPABILITIES: dict[str, frozenset[str]] = {
    "focal_point": frozenset({"manage_delegation"}),
    "staff": frozenset(_STAFF),
    "organiser": frozenset(_ORGANISER),
}
# Capabilities of the installation, not of an event.
ADMIN_ONLY = frozenset({"manage_users", "read_outbox", "create_events"})
ADMIN = frozenset(_ORGANISER | ADMIN_ONLY)


def role_at(user, event: Event | None) -> EventRole | None:
    """The person's role at the event, or None (a delegate there, or no event)."""
    if event is None or user is None or not getattr(user, "is_authenticated", True) or user.id is None:
        return None
    cache = g.setdefault("event_roles", {})
    key = (user.id, event.id)
    if key not in cache:
        cache[key] = db.session.scalar(
            select(EventRole).where(EventRole.event_id == event.id, EventRole.user_id == user.id)
        )
    return cache[key]


def remember(user_id: int, event: Event, role: EventRole | None) -> None:
    """A person's role at the event, read by the caller with its own query (a scanner's
    device and the role of whoever paired it, in one): `role_at` asks no more."""
    g.setdefault("event_roles", {})[(user_id, event.id)] = role


def can(user, event: Event | None, capability: str) -> bool:
    """Whether `user` may do `capability` at `event` (at the installation when None)."""
    if user is None or not getattr(user, "is_authenticated", True):
        return False
    if user.role == "admin":
        return capability in ADMIN
    role = role_at(user, event)
    return role is not None and capability in CAPABILITIES[role.role]


def focal_country_id(user, event: Event | None) -> int | None:
    """The delegation a focal point speaks for at this event; None for anyone else."""
    role = role_at(user, event)
    return role.country_id if role is not None and role.role == "focal_point" else None


def role_name(user, event: Event | None) -> str:
    """'admin', 'organiser', 'staff', 'focal_point' or 'delegate': what the person is here."""
    if user is not None and user.role == "admin":
        return "admin"
    role = role_at(user, event)
    return role.role if role is not None else "delegate"


def team(event: Event) -> list[EventRole]:
    return list(
        db.session.scalars(
            select(EventRole)
            .join(User, User.id == EventRole.user_id)
            .where(EventRole.event_id == event.id)
            .order_by(EventRole.role, User.full_name, User.id)
        )
    )


def roles_of(user) -> list[EventRole]:
    """The person's roles at every event, newest event first."""
    return list(
        db.session.scalars(
            select(EventRole)
            .join(Event, Event.id == EventRole.event_id)
            .where(EventRole.user_id == user.id)
            .order_by(Event.start_date.desc(), Event.id.desc())
        )
    )


def roles_by_user(user_ids: list[int]) -> dict[int, list[EventRole]]:
    """The roles of several people at once (a page of accounts), with their events."""
    found: dict[int, list[EventRole]] = {}
    if not user_ids:
        return found
    stmt = (
        select(EventRole)
        .where(EventRole.user_id.in_(user_ids))
        .options(joinedload(EventRole.event), joinedload(EventRole.country))
        .order_by(EventRole.event_id.desc())
    )
    for row in db.session.scalars(stmt):
        found.setdefault(row.user_id, []).append(row)
    return found


def events_of(user) -> list[Event]:
    """The events where the person holds a role, newest first."""
    return list(
        db.session.scalars(
            select(Event)
            .join(EventRole, EventRole.event_id == Event.id)
            .where(EventRole.user_id == user.id)
            .order_by(Event.start_date.desc(), Event.id.desc())
        )
    )


def events_run_by(user_id: int):
    """A select of the ids of the events the person runs (organiser or staff): no
    registration there is theirs, since they are not a delegate of a meeting they run."""
    return select(EventRole.event_id).where(
        EventRole.user_id == user_id, EventRole.role.in_(("organiser", "staff"))
    )


def events_to_copy(user) -> list[Event]:
    """The events the person may make a new event from: every one for an administrator, else
    those they organise, newest first."""
    stmt = select(Event).order_by(Event.start_date.desc(), Event.id.desc())
    if user.role != "admin":
        stmt = stmt.join(EventRole, EventRole.event_id == Event.id).where(
            EventRole.user_id == user.id, EventRole.role == "organiser"
        )
    return list(db.session.scalars(stmt))


def holds_role_elsewhere(event_id: int) -> ColumnElement[bool]:
    """A condition on `User`: the account administers the installation or holds a role at an
    event other than `event_id`, so it stays open when that event's personal data are purged."""
    elsewhere = select(EventRole.id).where(EventRole.user_id == User.id, EventRole.event_id != event_id)
    return or_(User.role == "admin", elsewhere.exists())


def event_for_grant(slug: str | None, role: str) -> Event | None:
    """For the command line: the event an event role is granted at (None for the others)."""
    if role not in EVENT_ROLES:
        return None
    event = db.session.scalar(select(Event).where(Event.slug == (slug or ""))) if slug else None
    if event is None:
        raise ServiceError(_l("Give the event (--event) of this role: an existing event's short code."))
    return event


def country_id_for_grant(code: str | None, role: str) -> int | None:
    """For the command line: the delegation a focal point speaks for, checked before the
    account is made."""
    if not code:
        if role == "focal_point":
            raise ServiceError(_l("A focal point needs a country or organisation."), field="country_id")
        return None
    country_id = db.session.scalar(select(Country.id).where(func.upper(Country.code) == code.upper()))
    if country_id is None:
        raise ServiceError(_l("Unknown country or organisation."), field="country_id")
    return country_id


@unit_of_work
def grant(event: Event, email: str, role: str, country_id: int | None, actor) -> EventRole:
    """Give the account with `email` a role at `event`, replacing the one it had there. Only a
    confirmed, active account holds a role: an address anyone could have typed holds nothing."""
    if role not in EVENT_ROLES:
        raise ServiceError(_l("Choose a role."), field="role")
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_confirmed or not user.active:
        raise ServiceError(
            _l(
                "No confirmed account uses this address. Ask the person to create an account and "
                "confirm their address first, or ask an administrator to invite them."
            ),
            field="email",
        )
    country = db.session.get(Country, country_id) if country_id else None
    if role == "focal_point" and country is None:
        raise ServiceError(_l("A focal point needs a country or organisation."), field="country_id")
    existing = db.session.scalar(
        select(EventRole)
        .where(EventRole.event_id == event.id, EventRole.user_id == user.id)
        .with_for_update()
    )
    if existing is None:
        existing = EventRole(event_id=event.id, user_id=user.id)
        db.session.add(existing)
    existing.role = role
    existing.country_id = country.id if role == "focal_point" else None
    existing.granted_by_id = actor.id if actor is not None else None
    try:
        db.session.flush()
    except IntegrityError:  # granted by another organiser at the same moment
        raise ServiceError(
            _l("This person was given a role here at the same moment. Please try again.")
        ) from None
    g.pop("event_roles", None)
    return existing


@unit_of_work
def revoke(event: Event, role_id: int, actor) -> None:
    row = db.session.get(EventRole, role_id)
    if row is None or row.event_id != event.id:
        raise ServiceError(_l("This role no longer exists."))
    if row.user_id == actor.id and row.role == "organiser" and actor.role != "admin":
        raise ServiceError(_l("You cannot remove your own organiser role."))
    db.session.delete(row)
    g.pop("event_roles", None)
