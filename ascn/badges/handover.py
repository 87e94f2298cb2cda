"""Handing a printed badge to its holder, once the desk has checked their identity
document: a step of its own, recorded with who and when, apart from printing.

The registration's row is locked first (level 2 of docs/ARCHITECTURE.md, like a desk
print), then the current badge number is read: a double click, or two staff at once,
record one handover of that badge; the unique (registration, serial) index is the net.
A reprint is a new badge, handed over again.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.accounts.models import User
from ascn.badges.models import BadgeHandover
from ascn.badges.printing import badge_of, check_printable, lock
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.transactions import AGAIN, unit_of_work


@unit_of_work(on_conflict=AGAIN)
def hand_over(registration_id: int, actor: User) -> BadgeHandover:
    """Record that the current badge was handed over; the record made before, if it was."""
    registration = lock(registration_id)
    if registration is None:
        raise ServiceError(_l("This registration no longer exists."))
    check_printable(registration)
    badge = badge_of(registration_id)
    if badge is None or badge.printed_at is None:
        raise ServiceError(_l("Print the badge before handing it over."))
    done = handover_of(registration_id, badge.serial)
    if done is not None:
        return done
    handover = BadgeHandover(registration_id=registration_id, serial=badge.serial, actor_id=actor.id)
    db.session.add(handover)
    db.session.flush()
    return handover


def handover_of(registration_id: int, serial: int) -> BadgeHandover | None:
    return db.session.scalar(
        select(BadgeHandover).where(
            BadgeHandover.registration_id == registration_id, BadgeHandover.serial == serial
        )
    )


def handovers(registration_id: int) -> dict[int, BadgeHandover]:
    """Query: the handovers of a registration's badges, by badge number (for the print log)."""
    rows = db.session.scalars(
        select(BadgeHandover)
        .where(BadgeHandover.registration_id == registration_id)
        .options(joinedload(BadgeHandover.actor))
    ).all()
    return {row.serial: row for row in rows}
