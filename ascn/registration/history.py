"""The decision log and the emails that follow a registration's changes."""

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.events.models import Category
from ascn.extensions import db
from ascn.mail import Letter, queue_mail, write_later
from ascn.registration.models import RANK_LABELS, STATUS_LABELS, Registration, RegistrationChange
from ascn.urls import public_url

ACTION_LABELS = {
    "created": _l("Registered"),
    "edited": _l("Details changed"),
    "status": _l("Status"),
    "category": _l("Category"),
    "country": _l("Country or organisation"),
    "rank": _l("Protocol rank"),
    "head": _l("Head of Delegation"),
    "photo": _l("Photo replaced"),
    "replaced_by": _l("Replaced by"),
    "replaces": _l("Replaces"),
    "deletion": _l("Personal data deleted"),
    "confirmed": _l("Confirmed for the delegation"),
    "declined": _l("Declined by the delegation"),
    "distinct": _l("Not the same person as"),
    "identity_requested": _l("Change of name, category or photo asked"),
    "identity_withdrawn": _l("Change of name, category or photo withdrawn"),
    "identity_approved": _l("Change of name, category or photo approved"),
    "identity_rejected": _l("Change of name, category or photo rejected"),
}


def record(registration: Registration, actor, action: str, old="", new="", note="") -> None:
    db.session.add(
        RegistrationChange(
            registration_id=registration.id,
            actor_id=getattr(actor, "id", None),
            action=action,
            old_value=str(old or ""),
            new_value=str(new or ""),
            note=note or "",
        )
    )


def notify_received(registration: Registration, account_link: str | None) -> None:
    queue_mail(
        registration.email,
        "registration_received",
        registration.locale,
        registration=registration,
        account_link=account_link,
        page=_page(registration),
    )


def notify_received_later(registration: Registration, account_link: str | None) -> None:
    """The same email as `notify_received`, written by a job after the commit (many members
    added at once)."""
    write_later(received_letters, (registration.id, account_link))


def received_letters(keys: list[tuple[int, str | None]]):
    """Writer (`mail.write_later`) of `notify_received_later`."""
    link_of = dict(keys)
    added = select(Registration).where(Registration.id.in_(link_of)).order_by(Registration.id)
    for registration in db.session.scalars(added):
        if registration.purged_at is None:
            context = {
                "registration": registration,
                "account_link": link_of[registration.id],
                "page": _page(registration),
            }
            yield Letter(registration.email, "registration_received", registration.locale, context)


def notify_already_registered(registration: Registration) -> None:
    """Someone registered again with this address: told to its owner, not to the form."""
    queue_mail(
        registration.email,
        "already_registered",
        registration.locale,
        registration=registration,
        event=registration.event,
        page=_page(registration),
        reset=public_url("accounts.reset_request"),
    )


def notify_status(registration: Registration) -> None:
    """One email per status change, in the delegate's language, sent after the commit."""
    queue_mail(
        registration.email,
        "registration_status",
        registration.locale,
        registration=registration,
        page=_page(registration),
    )


def notify_status_later(registration: Registration) -> None:
    """The same email as `notify_status`, written by a job after the commit: for a decision
    on many registrations, which should not render each email while the organiser waits."""
    write_later(status_letters, (registration.id, registration.status))


def status_letters(keys: list[tuple[int, str]]):
    """Writer (`mail.write_later`): the status emails of a decision. A registration whose
    status changed again before the job ran is told by that later change instead."""
    status_of = dict(keys)
    decided = select(Registration).where(Registration.id.in_(status_of)).order_by(Registration.id)
    for registration in db.session.scalars(decided):
        if registration.status == status_of[registration.id] and registration.purged_at is None:
            yield Letter(
                registration.email,
                "registration_status",
                registration.locale,
                {"registration": registration, "page": _page(registration)},
            )


def _page(registration: Registration) -> str:
    """The delegate's registration page, for a letter written by a job (no request, so the
    event is named)."""
    return public_url("registration.mine", event=registration.event.slug)


def readable(action: str, value: str) -> str:
    """A logged value as the reader says it: 'Approved' rather than 'approved'."""
    if action == "status":
        return str(STATUS_LABELS.get(value, value))
    if action == "rank":
        return str(RANK_LABELS.get(value, value))
    if action == "head":
        return str(_l("Yes") if value == "yes" else _l("No"))
    if action == "category":
        category = (
            db.session.scalar(select(Category).where(Category.code == value, Category.event_id == g.event.id))
            if g.get("event")
            else None
        )
        return category.label if category else value
    return value
