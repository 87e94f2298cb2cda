"""Requests left unanswered past their deadline expire, and both sides are told (service).

Run by the workers' sweep (`jobs.RECOVERY`) and at the top of the delegations' and
organisers' pages of an event, since the in-process job mode has no sweep. One UPDATE
moves every due request from pending or proposed to expired and returns the ids it
moved: a request expired by two runs at once is moved, and told about, by one of them.
"""

from sqlalchemy import update

from ascn.bilaterals import notices
from ascn.bilaterals.models import OPEN_STATUSES, BilateralRequest
from ascn.db import utcnow
from ascn.events.models import Event
from ascn.extensions import db
from ascn.transactions import unit_of_work


@unit_of_work
def expire_due(event: Event | None = None) -> int:
    """Expire the due requests of `event` (of every event when None); how many."""
    now = utcnow()
    stmt = (
        update(BilateralRequest)
        .where(BilateralRequest.status.in_(OPEN_STATUSES), BilateralRequest.answer_by < now)
        .values(status="expired", updated_at=now)
        .returning(BilateralRequest.id)
        .execution_options(synchronize_session=False)
    )
    if event is not None:
        stmt = stmt.where(BilateralRequest.event_id == event.id)
    expired = sorted(db.session.scalars(stmt))
    for request_id in expired:
        notices.expired(request_id)
    if expired:
        db.session.flush()  # the keys of the letters first: expiring drops unflushed changes
        db.session.expire_all()  # rows already loaded show the new status
    return len(expired)


def sweep() -> int:
    """The sweep's step (`jobs.RECOVERY`): every event."""
    return expire_due()
