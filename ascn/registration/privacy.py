"""Personal data: a delegate's copy of it, account deletion on request, and the purge of
an ended event that keeps only anonymous counts. Both the copy and the purge are per
domain: later domains add their part through `registration.lifecycle`. The purge of one
event touches nothing of another, and closes only the accounts of which nothing remains."""

import base64
import secrets
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, delete, exists, func, literal, select, update

from ascn.accounts import sessions
from ascn.accounts.models import User
from ascn.accounts.services import hash_password
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.events.models import Event
from ascn.events.roles import holds_role_elsewhere
from ascn.events.services import lock
from ascn.extensions import db
from ascn.mail import forget_recipients
from ascn.registration import catering, history, lifecycle
from ascn.registration.accreditation import MAX_REASON, lock_in_order, set_status
from ascn.registration.models import (
    DeletionRequest,
    IdentityChange,
    Registration,
    RegistrationChange,
    RegistrationDietary,
    RegistrationPhoto,
)
from ascn.textlimits import too_long
from ascn.transactions import unit_of_work

EXPORTED_FIELDS = (
    "id", "status", "status_reason", "honorific", "given_names", "family_name", "badge_name", "latin_name",
    "position", "organisation", "email", "mobile", "dietary", "accessibility", "locale", "protocol_rank",
    "is_head", "consent_at", "created_at", "updated_at", "decided_at",
)  # fmt: skip

# Cleared by a purge; what stays (country, category, status, dates) counts, but names no one.
PERSONAL_VALUES = dict(
    honorific="", given_names="", family_name="", badge_name="", latin_name="", position="",
    organisation="", mobile="", dietary="", accessibility="", search_text="", status_reason="",
    has_photo=False, name_key="", badge_key="", identity_change_pending=False,
)  # fmt: skip


def personal_data(user: User) -> dict:
    """Everything held about the user, as the JSON they download."""
    registrations = db.session.scalars(select(Registration).where(Registration.user_id == user.id)).all()
    out = {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "role": user.role,
            "roles_at_events": [
                {"event": r.event.slug, "role": r.role, "country": r.country.code if r.country else None}
                for r in roles.roles_of(user)
            ],
            "language": user.locale,
            "created_at": user.created_at.isoformat(),
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        },
        "registrations": [],
    }
    for registration in registrations:
        item = {name: _plain(getattr(registration, name)) for name in EXPORTED_FIELDS}
        item["event"] = registration.event.short_name
        item["country"] = registration.country.name_en
        item["category"] = registration.category.label_en
        chosen = set(catering.chosen_ids(registration.id))
        item["dietary_options"] = [
            option.label_en or option.label_ms
            for option in catering.options(registration.event)
            if option.id in chosen
        ]
        photo = db.session.get(RegistrationPhoto, registration.id)
        item["photo_jpeg_base64"] = base64.b64encode(photo.data).decode() if photo else None
        asked = db.session.get(IdentityChange, registration.id)
        if asked is not None:  # a change of name, category or photo waiting for the organisers
            new_photo = base64.b64encode(asked.photo_data).decode() if asked.photo_data else None
            item["change_asked"] = {**asked.proposed, "photo_jpeg_base64": new_photo}
        item["history"] = [
            {
                "at": change.at.isoformat(),
                "action": change.action,
                "from": change.old_value,
                "to": change.new_value,
            }
            for change in db.session.scalars(
                select(RegistrationChange)
                .where(RegistrationChange.registration_id == registration.id)
                .order_by(RegistrationChange.at)
            )
        ]
        out["registrations"].append(item)
    out.update(lifecycle.personal_data(user))
    return out


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@unit_of_work
def request_deletion(user: User, reason: str) -> None:
    if user.role == "admin" or roles.roles_of(user):
        raise ServiceError(_l("Accounts with a role are closed by an administrator."))
    if db.session.scalar(select(DeletionRequest).where(DeletionRequest.user_id == user.id)):
        raise ServiceError(_l("You have already asked for your account to be deleted."))
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise too_long(MAX_REASON, "reason")
    db.session.add(DeletionRequest(user_id=user.id, reason=reason))


def deletion_requested(user: User) -> bool:
    return db.session.scalar(select(DeletionRequest.id).where(DeletionRequest.user_id == user.id)) is not None


def _registered_at(event: Event):
    """A condition on DeletionRequest: its person has a registration at `event`. The
    organisers of an event see and decide the requests of its own people only."""
    return exists().where(Registration.user_id == DeletionRequest.user_id, Registration.event_id == event.id)


def requests_at(event: Event) -> list[DeletionRequest]:
    """Query: the deletion requests of people registered at the event, oldest first."""
    stmt = select(DeletionRequest).where(_registered_at(event)).order_by(DeletionRequest.requested_at)
    return list(db.session.scalars(stmt))


@unit_of_work
def confirm_deletion(request_id: int, actor: User, event: Event) -> None:
    """Withdraw the user's registrations at every event (freeing their places), clear their
    personal data and close the account; the decision log keeps that it happened and who
    confirmed it. Only an organiser of an event where the person is registered decides."""
    request = db.session.scalar(
        select(DeletionRequest).where(DeletionRequest.id == request_id, _registered_at(event))
    )
    if request is None or request.user is None:
        raise ServiceError(_l("This request no longer exists."))
    user = request.user
    registrations = lock_in_order(Registration.user_id == user.id)
    lifecycle.status_changing(registrations, "cancelled")
    for registration in registrations:
        set_status(
            registration, "cancelled", actor, reason=str(_l("Account deleted at the delegate's request."))
        )
        _clear(registration)
        history.record(registration, actor, "deletion")
    user.email = f"deleted-{user.id}@invalid"
    user.full_name = ""
    user.active = False
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    sessions.end_all(user)
    db.session.delete(request)


def _clear(registration: Registration) -> None:
    for name, value in PERSONAL_VALUES.items():
        setattr(registration, name, value)
    registration.email = f"deleted-{registration.id}@invalid"
    registration.purged_at = utcnow()
    db.session.execute(delete(RegistrationPhoto).where(RegistrationPhoto.registration_id == registration.id))
    db.session.execute(delete(IdentityChange).where(IdentityChange.registration_id == registration.id))
    # Dietary needs may tell a faith or a health condition: they go with the rest.
    db.session.execute(
        delete(RegistrationDietary).where(RegistrationDietary.registration_id == registration.id)
    )


@dataclass
class PurgeReport:
    registrations: int
    photos: int
    accounts: int
    changes: int
    # What each later domain removed, by name ("badge batches": 2): the purge steps' counts.
    others: dict[str, int] = field(default_factory=dict)


class _DryRun(Exception):
    """Ends a dry run's transaction: everything was done, then rolled back."""

    def __init__(self, report: PurgeReport):
        self.report = report


def purge(event: Event, before: date, dry_run: bool) -> PurgeReport:
    """Remove the personal data of an event that ended before `before`, and close the
    accounts of its people that hold nothing anywhere else. A dry run does all of it and
    rolls it back, so that its report is exactly what the purge would remove."""
    try:
        return _purge(event, before, dry_run)
    except _DryRun as done:
        return done.report


@unit_of_work
def _purge(event: Event, before: date, dry_run: bool) -> PurgeReport:
    if event.end_date >= before:
        raise ServiceError(_l("The event has not ended before this date; nothing is purged."))
    # Locks in the order of docs/ARCHITECTURE.md: the event (a second purge of it waits for
    # this one), its delegations and registrations by id; the accounts come last.
    lock(event.id)
    lock_in_order(Registration.event_id == event.id)
    registration_ids = select(Registration.id).where(
        Registration.event_id == event.id, Registration.purged_at.is_(None)
    )
    # Read before the registrations let go of their accounts.
    user_ids = list(
        db.session.scalars(
            select(Registration.user_id)
            .where(Registration.event_id == event.id, Registration.user_id.is_not(None))
            .distinct()
        )
    )
    report = PurgeReport(
        registrations=db.session.scalar(select(func.count()).select_from(registration_ids.subquery())),
        photos=_removed(
            delete(RegistrationPhoto).where(RegistrationPhoto.registration_id.in_(registration_ids))
        ),
        accounts=0,
        changes=_removed(
            update(RegistrationChange)
            .where(RegistrationChange.registration_id.in_(registration_ids))
            .values(old_value="", new_value="", note="")
        ),
    )
    _removed(delete(IdentityChange).where(IdentityChange.registration_id.in_(registration_ids)))
    _removed(delete(RegistrationDietary).where(RegistrationDietary.registration_id.in_(registration_ids)))
    _removed(
        update(Registration)
        .where(Registration.id.in_(registration_ids))
        .values(
            **PERSONAL_VALUES,
            email=literal("purged-") + cast(Registration.id, String) + "@invalid",
            user_id=None,
            purged_at=utcnow(),
        )
    )
    # Then each later domain's own tables (the steps, in the order docs/ARCHITECTURE.md
    # lists them), and the accounts last.
    report.others = lifecycle.event_purged(event)
    report.accounts = _close_accounts_left_empty(user_ids, event)
    if dry_run:
        raise _DryRun(report)
    return report


def _removed(statement) -> int:
    return db.session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def _close_accounts_left_empty(user_ids: list[int], event: Event) -> int:
    """Close the accounts among `user_ids` of which nothing remains: no registration at
    another event, no role at another event, not an administrator.

    The accounts are locked first (by id, after the registrations: see
    docs/ARCHITECTURE.md), so that of two purges of events a person shared, the second
    waits for the first and then sees that nothing is left; otherwise each would see the
    other's registration and neither would close the account."""
    if not user_ids:
        return 0
    db.session.execute(select(User.id).where(User.id.in_(user_ids)).order_by(User.id).with_for_update()).all()
    registered_elsewhere = (
        select(Registration.id)
        .where(Registration.user_id == User.id, Registration.event_id != event.id)
        .exists()
    )
    closing = list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(user_ids),
                User.active.is_(True),
                User.role != "admin",
                ~holds_role_elsewhere(event.id),
                ~registered_elsewhere,
            )
            .execution_options(populate_existing=True)
        )
    )
    forget_recipients([user.email for user in closing])
    unknown = hash_password(secrets.token_urlsafe(32)) if closing else ""  # slow on purpose: once
    for user in closing:
        user.email = f"deleted-{user.id}@invalid"
        user.full_name = ""
        user.active = False
        user.password_hash = unknown
        sessions.end_all(user)
    return len(closing)
