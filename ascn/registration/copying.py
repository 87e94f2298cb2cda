"""Registration's part of a new event made from an old one: the delegations' quotas, with
no one in them (the counters start at zero; focal points are roles, not copied)."""

from datetime import timedelta

from sqlalchemy import select

from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Delegation


def copy_quotas(source: Event, copy: Event, parts: frozenset[str], shift: timedelta) -> None:
    """Lifecycle step (events.lifecycle.on_event_copied)."""
    if "countries" not in parts:
        return
    delegations = select(Delegation).where(Delegation.event_id == source.id).order_by(Delegation.id)
    for delegation in db.session.scalars(delegations):
        db.session.add(
            Delegation(
                event_id=copy.id,
                country_id=delegation.country_id,
                quota=delegation.quota,
                head_quota=delegation.head_quota,
            )
        )
