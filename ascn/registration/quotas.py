"""Delegation quotas, counted under a lock on the delegation row.

Lock order: a service that changes a registration of a country with a delegation locks
that delegation first (`lock`), makes its change, then calls `recount`. The lock makes
two focal points of one delegation, or a focal point and an organiser, queue for the
count instead of both seeing the last free place. A self-registration awaiting the
delegation's confirmation holds no place; confirming it takes one, under the same lock.
The counters it writes are checked by the database against the quotas, so even a path
that forgot the lock could not commit an overfull delegation.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import case, func, select, tuple_

from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import ACTIVE_STATUSES, Delegation, Registration


def lock(event_id: int, country_id: int) -> Delegation | None:
    """The country's delegation, locked until the commit (`SELECT … FOR UPDATE` on
    PostgreSQL; SQLite serialises writers anyway). None for a country without quota."""
    return db.session.scalar(
        select(Delegation)
        .where(Delegation.event_id == event_id, Delegation.country_id == country_id)
        .with_for_update()
    )


def holding_a_place():
    """The registrations a quota counts: pending or approved, and not awaiting the
    delegation's confirmation."""
    return Registration.status.in_(ACTIVE_STATUSES) & Registration.awaiting_confirmation.is_(False)


def lock_for(registrations) -> None:
    """The delegations of these registrations, locked one by one in id order (the lock
    order of docs/ARCHITECTURE.md), before a change to registrations of several countries
    or events."""
    pairs = {(registration.event_id, registration.country_id) for registration in registrations}
    if not pairs:
        return
    delegation_ids = db.session.scalars(
        select(Delegation.id)
        .where(tuple_(Delegation.event_id, Delegation.country_id).in_(pairs))
        .order_by(Delegation.id)
    ).all()
    for delegation_id in delegation_ids:
        db.session.execute(select(Delegation.id).where(Delegation.id == delegation_id).with_for_update())


def used_places(event_id: int, country_id: int) -> tuple[int, int]:
    """(members, heads) holding a place."""
    row = db.session.execute(
        select(
            func.count().filter(Registration.is_head.is_(False)),
            func.count().filter(Registration.is_head.is_(True)),
        ).where(
            Registration.event_id == event_id,
            Registration.country_id == country_id,
            holding_a_place(),
        )
    ).one()
    return row[0], row[1]


def recount(delegation: Delegation | None) -> None:
    """Count the places after a change (flushed first) and refuse an overfull delegation:
    the service's unit of work rolls back, and nothing of the change is kept."""
    if delegation is None:
        return
    db.session.flush()
    members, heads = used_places(delegation.event_id, delegation.country_id)
    if members > delegation.quota:
        raise ServiceError(
            lazy_ngettext(
                "The one place of this delegation is taken.",
                "All %(num)s places of this delegation are taken.",
                delegation.quota,
            )
            + " "
            + _l("A focal point can withdraw or replace a delegate to free a place.")
        )
    if heads > delegation.head_quota:
        raise ServiceError(_l("This delegation already has its Head of Delegation."), field="is_head")
    delegation.members_count, delegation.heads_count = members, heads


def counts_by_country(event_id: int) -> dict[int, tuple[int, int]]:
    rows = db.session.execute(
        select(
            Registration.country_id,
            func.sum(case((Registration.is_head.is_(False), 1), else_=0)),
            func.sum(case((Registration.is_head.is_(True), 1), else_=0)),
        )
        .where(Registration.event_id == event_id, holding_a_place())
        .group_by(Registration.country_id)
    ).all()
    return {country_id: (members or 0, heads or 0) for country_id, members, heads in rows}
