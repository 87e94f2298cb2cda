"""Who speaks for a delegation at an event (query): its focal point (a role at the event)
or its approved Head of Delegation (a registration linked to the account). Both see and
answer the delegation's requests, and both are written to about them."""

from dataclasses import dataclass

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.events import roles
from ascn.events.models import Event, EventRole
from ascn.extensions import db
from ascn.registration.models import Delegation, Registration


@dataclass(frozen=True)
class Reader:
    """Someone to write to about a delegation's requests, in their own language."""

    email: str
    name: str
    locale: str


def delegation_of(user, event: Event | None) -> Delegation | None:
    """The delegation `user` speaks for at `event`, or None (nobody's focal point, no
    approved Head of Delegation, or a country with no delegation row at this event)."""
    if event is None or user is None or not getattr(user, "is_authenticated", False):
        return None
    country_id = roles.focal_country_id(user, event)
    if country_id is None:
        country_id = db.session.scalar(
            select(Registration.country_id).where(
                Registration.event_id == event.id,
                Registration.user_id == user.id,
                Registration.is_head.is_(True),
                Registration.status == "approved",
            )
        )
    if country_id is None:
        return None
    return db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.country_id == country_id)
    )


def readers(delegation: Delegation) -> list[Reader]:
    """The focal points of the delegation and its approved Head, each once (a Head who is
    also the focal point is one reader)."""
    focal = db.session.execute(
        select(User.email, User.full_name, User.locale)
        .join(EventRole, EventRole.user_id == User.id)
        .where(
            EventRole.event_id == delegation.event_id,
            EventRole.role == "focal_point",
            EventRole.country_id == delegation.country_id,
            User.active.is_(True),
        )
        .order_by(User.id)
    ).all()
    heads = db.session.scalars(
        select(Registration).where(
            Registration.event_id == delegation.event_id,
            Registration.country_id == delegation.country_id,
            Registration.is_head.is_(True),
            Registration.status == "approved",
        )
    ).all()
    found: dict[str, Reader] = {}
    for email, name, locale in focal:
        found.setdefault(email, Reader(email, name, _language(locale)))
    for head in heads:
        found.setdefault(head.email, Reader(head.email, head.full_name, _language(head.locale)))
    return list(found.values())


def _language(locale: str | None) -> str:
    return locale if locale in ("en", "ms") else "ms"
