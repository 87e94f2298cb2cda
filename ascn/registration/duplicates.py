"""Likely duplicates: two registrations of one country whose names match in any script
form (the Latin name and the name on the badge, accents, case, punctuation and word order
ignored), both holding a place. Organisers are warned in the list and on the
registration page, and may mark a pair as two different people.

Every question is one query, whatever the number of rows: the list asks once for the ids
on its page that have a twin, and filters with the same condition as a subquery.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.ids import MAX_ID
from ascn.registration import history
from ascn.registration.models import ACTIVE_STATUSES, DistinctPair, Registration
from ascn.transactions import AGAIN, unit_of_work


def _twin_of(one, other):
    """The condition under which `other` looks like the same person as `one`."""
    same_key = or_(
        and_(one.name_key != "", or_(other.name_key == one.name_key, other.badge_key == one.name_key)),
        and_(one.badge_key != "", or_(other.name_key == one.badge_key, other.badge_key == one.badge_key)),
    )
    marked_distinct = exists().where(
        or_(
            and_(DistinctPair.first_id == one.id, DistinctPair.second_id == other.id),
            and_(DistinctPair.first_id == other.id, DistinctPair.second_id == one.id),
        )
    )
    return and_(
        one.status.in_(ACTIVE_STATUSES),
        other.event_id == one.event_id,
        other.country_id == one.country_id,
        other.id != one.id,
        other.status.in_(ACTIVE_STATUSES),
        other.purged_at.is_(None),
        same_key,
        ~marked_distinct,
    )


def has_likely_twin():
    """A condition on `Registration`, for the list's filter."""
    other = aliased(Registration)
    return exists().where(_twin_of(Registration, other))


def marked(ids: list[int]) -> set[int]:
    """Which of these registrations (a page of the list) have a likely twin: one query."""
    if not ids:
        return set()
    return set(db.session.scalars(select(Registration.id).where(Registration.id.in_(ids), has_likely_twin())))


def twins(registration: Registration) -> list[Registration]:
    """The registrations that look like this one, for its page."""
    one, other = aliased(Registration), aliased(Registration)
    return list(
        db.session.scalars(
            select(other).join(one, one.id == registration.id).where(_twin_of(one, other)).order_by(other.id)
        )
    )


# Marked by someone else at the same moment: run again, it finds the pair marked.
@unit_of_work(on_conflict=AGAIN)
def mark_distinct(registration: Registration, other_id: int, actor: User) -> Registration:
    """An organiser has checked: these are two people. The warning goes for this pair."""
    other = db.session.get(Registration, other_id) if 0 < other_id <= MAX_ID else None
    if other is None or other.event_id != registration.event_id or other.id == registration.id:
        raise ServiceError(_l("This registration no longer exists. Reload the page."))
    first, second = sorted((registration.id, other.id))
    if db.session.scalar(
        select(DistinctPair.id).where(DistinctPair.first_id == first, DistinctPair.second_id == second)
    ):
        return other
    db.session.add(DistinctPair(first_id=first, second_id=second, marked_by_id=actor.id))
    history.record(registration, actor, "distinct", "", other.full_name)
    history.record(other, actor, "distinct", "", registration.full_name)
    db.session.flush()  # the pair's unique index refuses a twin mark here
    return other
