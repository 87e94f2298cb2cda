"""What waits for someone's eye in the demo, so that its pages are not empty: a change of
name after approval (the organisers' *Change pending* tab), a person registered twice
(*Possible duplicates*) and a message the mail server refused (the admin's outbox)."""

from datetime import timedelta

from sqlalchemy import select

from ascn.db import utcnow
from ascn.demo.records import count
from ascn.events.models import Country, Event
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration import details, identity
from ascn.registration.models import IdentityChange, Registration


def seed_reviews(event: Event, added: dict) -> None:
    _identity_change(event, added)
    _registered_twice(event, added)
    _refused_message(added)


def _approved(event: Event, code: str) -> Registration | None:
    return db.session.scalar(
        select(Registration)
        .join(Country, Country.id == Registration.country_id)
        .where(Registration.event_id == event.id, Registration.status == "approved", Country.code == code)
        .where(Registration.user_id.is_not(None), Registration.is_head.is_(False))
        .order_by(Registration.id)
    )


def _identity_change(event: Event, added: dict) -> None:
    waiting = select(IdentityChange).join(Registration).where(Registration.event_id == event.id)
    if db.session.scalar(waiting) is not None:
        return
    registration = _approved(event, "MY")
    if registration is None:
        return
    # A title conferred since the registration was approved: the badge must wait for the
    # secretariat, as on the live site.
    identity.hold(registration, {"badge_name": f"Dato' {registration.badge_name}"}, registration.user)
    count(added, "identity_change")


def _registered_twice(event: Event, added: dict) -> None:
    first = _approved(event, "JP")
    if first is None:
        return
    email = f"{first.email.split('@')[0]}.office@example.go.jp"
    if db.session.scalar(select(Registration.id).where(Registration.email == email)) is not None:
        return
    # The same person again, sent in by their office under another address.
    twin = Registration(
        event_id=event.id,
        country_id=first.country_id,
        category_id=first.category_id,
        email=email,
        status="pending",
        locale=first.locale,
        consent_at=utcnow(),
        **{name: getattr(first, name) for name in details.PERSONAL_FIELDS if name not in ("mobile", "locale")},
    )
    details.refresh_search(twin)
    db.session.add(twin)
    count(added, "registration")


def _refused_message(added: dict) -> None:
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.status == "failed")) is not None:
        return
    db.session.add(
        OutboxMessage(
            recipient="protocol@mofa.example.go.th",
            subject="ASCN8: your registration has been received",
            body_text="Dear Sir/Madam,\n\nYour registration for ASCN8 has been received.\n",
            locale="en",
            template="registration_received",
            status="failed",
            attempts=5,
            error="421 4.7.0 Try again later, closing connection.",
            queued_at=utcnow() - timedelta(hours=2),
        )
    )
    count(added, "outbox_message")
