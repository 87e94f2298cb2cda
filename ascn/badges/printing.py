"""Printing one badge at the desk, reprinting it, and what a scanned badge means.

A badge's serial only rises, and only here or when a batch starts (`reserve`): both lock
the registration's row first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite serialises
writers), so two staff reprinting the same badge at once raise it once, not twice.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.accounts.models import User
from ascn.badges import tokens
from ascn.badges.models import REPRINT_REASONS, Badge, BadgeHandover, BadgePrint
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.ids import parse_whole
from ascn.registration import listing
from ascn.registration.models import Registration
from ascn.registration.people import fold
from ascn.registration.registering import registration_in
from ascn.transactions import unit_of_work

MAX_NOTE = 500
SEARCH_LIMIT = 20


def lock(registration_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.id == registration_id).with_for_update())


def check_printable(registration: Registration) -> None:
    if registration.status != "approved":
        raise ServiceError(
            _l(
                "Only approved registrations get a badge. This registration is %(status)s.",
                status=registration.status_label.lower(),
            )
        )
    if registration.purged_at is not None:
        raise ServiceError(_l("The personal data of this registration has been deleted."))


def badge_of(registration_id: int) -> Badge | None:
    return db.session.get(Badge, registration_id)


@unit_of_work
def print_badge(registration_id: int, actor: User, seen_serial: int, reason: str = "", note: str = "") -> int:
    """Print or reprint at the desk; the serial to print. `seen_serial` is the serial the
    staff member saw: if someone reprinted in the meantime, nothing is raised again."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ServiceError(_l("Field cannot be longer than %(max)d characters.", max=MAX_NOTE), field="note")
    registration = lock(registration_id)
    if registration is None:
        raise ServiceError(_l("This registration no longer exists."))
    check_printable(registration)
    badge = badge_of(registration_id)
    if badge is None:
        badge = Badge(registration_id=registration_id, serial=1)
        db.session.add(badge)
    if badge.serial != seen_serial:
        raise ServiceError(
            _l(
                "This badge has just been reprinted by someone else (it is now number %(serial)s). "
                "Print that one rather than raising it again.",
                serial=badge.serial,
            )
        )
    if badge.printed_at is None:
        reason = "first"
    elif reason not in REPRINT_REASONS:
        raise ServiceError(
            _l("This badge has been printed before: choose why it is reprinted."), field="reason"
        )
    else:
        badge.serial += 1
    badge.printed_at = utcnow()
    db.session.add(
        BadgePrint(
            registration_id=registration_id, serial=badge.serial, actor_id=actor.id, reason=reason, note=note
        )
    )
    return badge.serial


def revoke(registration_id: int) -> None:
    """Raise the serial without printing (inside the caller's transaction): every badge
    printed or downloaded so far scans as revoked, and the next print is a new one."""
    lock(registration_id)
    badge = badge_of(registration_id)
    if badge is None:  # never printed at the desk, but perhaps downloaded with serial 1
        db.session.add(Badge(registration_id=registration_id, serial=2))
    else:
        badge.serial += 1


def print_log(registration_id: int) -> list[BadgePrint]:
    return list(
        db.session.scalars(
            select(BadgePrint)
            .where(BadgePrint.registration_id == registration_id)
            .options(joinedload(BadgePrint.actor))
            .order_by(BadgePrint.at.desc(), BadgePrint.id.desc())
        )
    )


@dataclass
class BadgeReading:
    """What a door learns from a badge: 'valid', 'revoked' (an older print), 'invalid', or
    'change_pending' (valid until the organisers decide on a new name, category or photo
    the person asked for: check their identity document)."""

    state: str
    registration: Registration | None = None
    serial: int | None = None


def scan(event: Event, token: str) -> BadgeReading:
    found = tokens.read(token)
    if found is None:
        return BadgeReading("invalid")
    registration_id, serial = found
    registration = registration_in(event, registration_id)
    if registration is None or registration.status != "approved":
        return BadgeReading("invalid", registration, serial)
    badge = badge_of(registration_id)
    current = badge.serial if badge else 1
    if serial < current:
        return BadgeReading("revoked", registration, serial)
    if serial > current:
        return BadgeReading("invalid", registration, serial)
    if registration.identity_change_pending:
        return BadgeReading("change_pending", registration, serial)
    return BadgeReading("valid", registration, serial)


def _reference_no(event: Event, query: str) -> int | None:
    """The number of a reference read out or typed (ASCN8-00123), or None."""
    prefix, dash, number = query.upper().rpartition("-")
    if dash and prefix == event.reference_prefix:
        return parse_whole(number)  # ASCII digits only: '²' is a digit to isdigit, not to int
    return None


@dataclass
class DeskRow:
    """A search result at the desk: enough to tell two people of the same name apart
    (photo, organisation, category, country) and where their badge stands."""

    registration: Registration
    serial: int | None
    printed_at: datetime | None
    handed_over_at: datetime | None


def search(event: Event, query: str) -> list[DeskRow]:
    """Registrations matching a name in any script, an email, or a scanned badge or
    confirmation QR code (its token names the registration exactly); one query, with the
    badge and its handover joined."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    found = tokens.read(query)
    reference = _reference_no(event, query)
    if found is not None or reference is not None:
        match = Registration.id == found[0] if found is not None else Registration.reference_no == reference
        stmt = select(Registration).where(
            Registration.event_id == event.id, Registration.purged_at.is_(None), match
        )
    elif fold(query).split():
        stmt = listing.filtered(event, listing.Filters(q=query))  # the organisers' name and email search
    else:
        return []
    stmt = (
        stmt.add_columns(Badge.serial, Badge.printed_at, BadgeHandover.at)
        .outerjoin(Badge, Badge.registration_id == Registration.id)
        .outerjoin(
            BadgeHandover,
            (BadgeHandover.registration_id == Registration.id) & (BadgeHandover.serial == Badge.serial),
        )
        .options(joinedload(Registration.country), joinedload(Registration.category))
        .order_by(Registration.status != "approved", Registration.badge_name, Registration.id)
    )
    return [DeskRow(*row) for row in db.session.execute(stmt.limit(SEARCH_LIMIT))]
