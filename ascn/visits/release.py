"""Seats held back for Heads of Delegation, released by the clock (service; a step of
`jobs.RECOVERY`). Once a visit's `release_at` has passed, the held seats no Head took
belong to its waiting list: they are promoted in order under the visit locks, each told
by email, within one sweep of the release rather than at the next booking change."""

from sqlalchemy import select

from ascn.db import utcnow
from ascn.extensions import db
from ascn.transactions import unit_of_work
from ascn.visits import seats
from ascn.visits.models import SiteVisit


def due() -> list[int]:
    """Visits past their release with free seats and people waiting (query)."""
    return list(
        db.session.scalars(
            select(SiteVisit.id)
            .where(
                SiteVisit.reserved_for_heads > 0,
                SiteVisit.release_at <= utcnow(),
                SiteVisit.waiting_count > 0,
                SiteVisit.seats > SiteVisit.confirmed_count,
            )
            .order_by(SiteVisit.id)
        )
    )


@unit_of_work
def release(visit_id: int) -> int:
    """Service: promote the waiting list into this visit's free seats. Returns how many."""
    visit = seats.lock_all([visit_id])[visit_id]
    return len(seats.promote(visit))


def sweep() -> int:
    """The sweep's step: every visit due, each in its own transaction."""
    return sum(release(visit_id) for visit_id in due())
