"""Phones paired to a list: created by an organiser with a one-time pairing code, paired by
a staff member of that list who types or scans the code, revoked from one page.

Only digests of the code and of the device's secret are stored, so a copy of the database
pairs nothing. `create`, `pair`, `pair_here` and `revoke` are services; `authenticate` and
`may_scan` are queries.
"""

import functools
import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import contains_eager, joinedload

from ascn.accounts.models import User
from ascn.checkin.models import CheckinList, Device, checkin_list_staff
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.events.models import Event, EventRole
from ascn.extensions import db
from ascn.textlimits import check
from ascn.transactions import unit_of_work

PAIRING_MINUTES = 15
# Easy to read aloud and to type on a phone: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_code(text: str) -> str:
    """The code as typed: spaces, dashes and case do not matter."""
    return "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum())[:40]


def may_scan(user, checkin_list: CheckinList, assigned: bool | None = None) -> bool:
    """Organisers scan at every list of their event; staff at the lists they are assigned to
    (`assigned`, when the caller read it already)."""
    event = checkin_list.event
    if not roles.can(user, event, "check_in"):
        return False
    if roles.can(user, event, "manage_event"):
        return True
    if assigned is not None:
        return assigned
    return (
        db.session.scalar(
            select(checkin_list_staff.c.user_id).where(
                checkin_list_staff.c.list_id == checkin_list.id, checkin_list_staff.c.user_id == user.id
            )
        )
        is not None
    )


@unit_of_work
def create(checkin_list: CheckinList, name: str, actor) -> tuple[Device, str]:
    """A device waiting to be paired, and its one-time code (shown once to the organiser)."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_l("Give the device a name, such as the door or the phone's owner."), field="name")
    check({"name": name}, {"name": Device.name})
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))
    device = Device(
        list_id=checkin_list.id,
        name=name,
        created_by_id=actor.id,
        pairing_digest=digest(code),
        pairing_expires_at=utcnow() + timedelta(minutes=PAIRING_MINUTES),
    )
    db.session.add(device)
    db.session.flush()
    return device, code


@unit_of_work
def pair(event: Event, code: str, user) -> tuple[Device, str]:
    """Pair the browser of `user` with the device the code belongs to: its secret, once."""
    code = normalise_code(code)
    device = None
    if len(code) == CODE_LENGTH:
        device = db.session.scalar(
            select(Device)
            .join(CheckinList, CheckinList.id == Device.list_id)
            .where(Device.pairing_digest == digest(code), CheckinList.event_id == event.id)
            .with_for_update(of=Device)
        )
    if device is None or device.revoked_at is not None or device.paired_at is not None:
        raise ServiceError(
            _l("This pairing code is not valid. Ask an organiser for a new one."), field="code"
        )
    if device.pairing_expires_at is None or device.pairing_expires_at < utcnow():
        raise ServiceError(_l("This pairing code has expired. Ask an organiser for a new one."), field="code")
    if not may_scan(user, device.checkin_list):
        raise ServiceError(
            _l("You are not assigned to this check-in list. Ask an organiser to add you to it."), field="code"
        )
    return device, _give_secret(device, user)


@unit_of_work
def pair_here(checkin_list: CheckinList, name: str, user) -> tuple[Device, str]:
    """An organiser's own browser becomes a scanner of the list without a code."""
    if not roles.can(user, checkin_list.event, "manage_event"):
        raise ServiceError(_l("Only organisers can pair their own browser without a code."))
    device, _code = create(checkin_list, name, user)
    return device, _give_secret(device, user)


def _give_secret(device: Device, user) -> str:
    secret = secrets.token_urlsafe(32)
    device.secret_digest = digest(secret)
    device.pairing_digest = None
    device.pairing_expires_at = None
    device.paired_by_id = user.id
    device.paired_at = utcnow()
    return secret


@unit_of_work
def revoke(device: Device, actor) -> None:
    """A lost phone, or a scanner signing out: its secret no longer opens anything new.
    Scans it made before this moment are still received (nothing is lost), and shown for
    review (ascn/checkin/scanning.py). Only the first revocation counts: one written by
    another request meanwhile is kept (the condition is read again as the row is written),
    or the phone's scans between the two would pass for made before it."""
    by = actor.id if actor is not None else None
    db.session.execute(
        update(Device)
        .where(Device.id == device.id, Device.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by_id=by, pairing_digest=None)
        .execution_options(synchronize_session=False)
    )


def authenticate(slug: str, secret: str | None) -> tuple[Device | None, bool]:
    """The device a scanner's secret names at the event of this slug, revoked or not, with
    its list, the event and the person who paired it, and whether that person is assigned
    to the list; (None, False) for anything else. One query, the event's included: a door
    scan pays for every statement twice over, in its own time and in the time of the scans
    queued behind it."""
    secret = (secret or "").strip()
    if not secret or len(secret) > 100 or not slug:
        return None, False
    row = db.session.execute(_device_at_event(), {"digest": digest(secret), "slug": slug}).first()
    if row is None:
        return None, False
    device, role, is_assigned = row
    if device.paired_by_id is not None:
        roles.remember(device.paired_by_id, device.checkin_list.event, role)  # `may_scan` asks no more
    return device, bool(is_assigned)


@functools.cache
def _device_at_event():
    """Built once (at the first scan, when every table is mapped): a statement reused with
    new values costs SQLAlchemy neither its building nor its cache key."""
    assigned = (
        select(checkin_list_staff.c.user_id)
        .where(
            checkin_list_staff.c.list_id == Device.list_id,
            checkin_list_staff.c.user_id == Device.paired_by_id,
        )
        .exists()
    )
    return (
        select(Device, EventRole, assigned)
        .join(CheckinList, CheckinList.id == Device.list_id)
        .join(Event, Event.id == CheckinList.event_id)
        .outerjoin(EventRole, and_(EventRole.event_id == Event.id, EventRole.user_id == Device.paired_by_id))
        .where(Device.secret_digest == bindparam("digest"), Event.slug == bindparam("slug"))
        .options(
            # Of the event, what a scan reads (its clock, its days); of the holder, what the
            # access check reads. Another column loads when a rarer page asks for it.
            contains_eager(Device.checkin_list)
            .contains_eager(CheckinList.event)
            .load_only(Event.slug, Event.timezone, Event.start_date, Event.end_date),
            joinedload(Device.paired_by).load_only(User.id, User.role, User.active),
        )
    )


def of_list(checkin_list: CheckinList) -> list[Device]:
    return list(
        db.session.scalars(
            select(Device)
            .where(Device.list_id == checkin_list.id)
            .options(joinedload(Device.paired_by))
            .order_by(Device.revoked_at.is_not(None), Device.created_at.desc(), Device.id.desc())
        )
    )
