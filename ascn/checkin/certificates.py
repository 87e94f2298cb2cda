"""Certificates of attendance (a query, and the rule of their token).

A delegate attended when a door of the event let them in: an admitted entry at a list of
kind `door` (a bus is not the meeting). The days they attended are the days of those
entries on the event's clock. An approved registration that attended is offered a
certificate; its QR code opens a public page that says whether it is genuine.

The token in that address names the registration and nothing else, signed with the app's
key under a salt of its own (a badge's token cannot be replayed as a certificate's, nor
the other way round). It does not expire: a funder may ask years later. What it vouches
for is read at each visit, so a registration cancelled or purged since no longer verifies.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from babel.lists import format_list
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, Signer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.checkin.models import CheckinList, Scan
from ascn.dates import format_date
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import format_locale
from ascn.ids import parse_id
from ascn.registration.models import Registration
from ascn.registration.registering import registration_of
from ascn.urls import public_url

SALT = "ascn.certificate"
MAX_TOKEN = 100  # an id and a SHA-256 signature take about 50 characters

NOT_REGISTERED = _l("You have not registered for this event.")
NOT_APPROVED = _l("A certificate of attendance is offered once your registration is approved.")
NOT_ATTENDED = _l(
    "Your certificate of attendance is offered once you have been checked in at the door of the "
    "meeting. Come back to this page after your first day."
)


@dataclass(frozen=True)
class Standing:
    """Where a delegate stands: the days they attended, or why no certificate yet."""

    registration: Registration | None
    days: tuple[date, ...] = ()
    refusal: str = ""

    @property
    def offered(self) -> bool:
        return self.registration is not None and not self.refusal


def standing(user, event: Event) -> Standing:
    """The certificate the person logged in may download at this event, or why not."""
    registration = registration_of(user, event)
    if registration is None or registration.purged_at is not None:
        return Standing(None, refusal=NOT_REGISTERED)
    if registration.status != "approved":
        return Standing(registration, refusal=NOT_APPROVED)
    days = attended_days(registration)
    if not days:
        return Standing(registration, refusal=NOT_ATTENDED)
    return Standing(registration, days)


def attended_days(registration: Registration) -> tuple[date, ...]:
    """The days (on the event's clock) a door of the event admitted this delegate."""
    moments = db.session.scalars(
        select(Scan.scanned_at)
        .join(CheckinList, CheckinList.id == Scan.list_id)
        .where(
            Scan.registration_id == registration.id,
            Scan.admitted.is_(True),
            Scan.direction == "in",
            CheckinList.event_id == registration.event_id,
            CheckinList.kind == "door",
        )
    )
    event = registration.event
    return tuple(sorted({event.local(moment).date() for moment in moments}))


def days_text(days: tuple[date, ...], language: str | None = None) -> str:
    """'8 September 2025, 9 September 2025 and 11 September 2025', in `language`."""
    return format_list([format_date(day, "long", language) for day in days], locale=format_locale(language))


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=SALT, digest_method=hashlib.sha256)


def token_for(registration: Registration) -> str:
    return _signer().sign(str(registration.id)).decode("ascii")


def read_token(token: str) -> int | None:
    """The registration id a genuine token names; None for anything else."""
    token = (token or "").strip()
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        value = _signer().unsign(token).decode("ascii")
    except (BadSignature, UnicodeError, ValueError):
        return None
    return parse_id(value)


def verification_url(registration: Registration) -> str:
    """The address in the QR code: from the configured public URL, never the request's
    Host, since the paper outlives the request."""
    return public_url("certificates.verify", event=registration.event.slug, token=token_for(registration))


def verify(event: Event, token: str) -> Standing | None:
    """What a certificate's token vouches for at this event today; None when it vouches
    for nothing (forged, another event's, cancelled or purged since, never attended)."""
    registration_id = read_token(token)
    if registration_id is None:
        return None
    registration = db.session.scalar(
        select(Registration)
        .where(
            Registration.id == registration_id,
            Registration.event_id == event.id,
            Registration.status == "approved",
            Registration.purged_at.is_(None),
        )
        .options(joinedload(Registration.country), joinedload(Registration.event))
    )
    if registration is None:
        return None
    days = attended_days(registration)
    return Standing(registration, days) if days else None
