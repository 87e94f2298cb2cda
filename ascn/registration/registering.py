"""A delegate's own registration: register, edit, cancel, replace the photo."""

from typing import BinaryIO
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ascn.accounts.models import User
from ascn.accounts.services import account_for_registration, may_hold_registrations
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.events.models import Event
from ascn.extensions import db
from ascn.ids import MAX_ID
from ascn.images import Photo
from ascn.registration import (
    categories,
    catering,
    confirmation,
    details,
    history,
    identity,
    quotas,
    references,
)
from ascn.registration.accreditation import set_status
from ascn.registration.models import Registration
from ascn.registration.photos import process_photo, store_photo
from ascn.transactions import conflict_refused, unit_of_work
from ascn.urls import public_url

REGISTER_FIELDS = (*details.PERSONAL_FIELDS, "country_id", "category_id", "email")


ALREADY_REGISTERED = _l(
    "This email address is already registered for this event. Log in to see your registration."
)


def _already_registered() -> ServiceError:
    return ServiceError(ALREADY_REGISTERED, field="email")


@unit_of_work
def register(event: Event, values: dict, upload: BinaryIO | None, user: User | None) -> Registration | None:
    """A delegate registers themselves, logged in or not. For a delegation with a quota the
    registration holds no place until the delegation confirms it. `upload` is the photo
    file as sent: it is decoded once the form's own checks have passed.

    Anonymously, the answer is the same whether or not the address has an account or a
    registration (nobody learns who has one): an address already registered gets an email
    saying so and nothing changes (None is returned). The registration is attached to an
    account only as `account_for_registration` says; a new or unconfirmed account gets the
    link that proves the address and attaches it."""
    if event.registration_state() != "open":
        raise ServiceError(_l("Registration for this event is not open."))
    if not values.get("consent"):
        raise ServiceError(_l("Please agree to the privacy notice to register."), field="consent")
    if user is not None:
        if not user.is_confirmed:
            raise ServiceError(_l("Please confirm your email address first: open the link we sent to it."))
        values = {**values, "email": user.email}
    clean = details.clean(event, values, REGISTER_FIELDS)
    categories.check_choice(event, clean["category_id"], "delegate")
    # The photo is read before anything that depends on who is registered, so that a
    # broken photo is refused alike for every address (its memory is bounded in images.py).
    photo = process_photo(upload) if upload is not None else None
    existing = details.registration_for_email(event.id, clean["email"])
    # Only the owner, logged in, registers again over a cancelled registration: an
    # anonymous form never rewrites a row that holds someone's data.
    if existing is not None and (user is None or existing.status != "cancelled"):
        if user is not None:
            raise _already_registered()
        history.notify_already_registered(existing)
        return None
    delegation = quotas.lock(event.id, clean["country_id"])
    # The account and the registration are unique per email: a twin request fails here.
    with conflict_refused(ALREADY_REGISTERED, field="email"):
        if user is not None:
            account, account_link = (user if holds_registrations_at(user, event) else None), None
        else:
            account, account_link = owner_for(
                event,
                clean["email"],
                f"{clean['given_names']} {clean['family_name']}",
                clean["locale"],
            )
        registration = existing or Registration(event_id=event.id)
        if existing is None:
            db.session.add(registration)
        details.apply(registration, clean)
        registration.user_id = account.id if account else None
        registration.registered_by_id = user.id if user else None
        registration.status, registration.status_reason = "pending", ""
        registration.awaiting_confirmation = confirmation.needed(delegation, user)
        registration.consent_at = utcnow()
    quotas.recount(delegation)
    catering.choose(event, registration, values.get("dietary_option_ids"))
    if photo is not None:
        store_photo(registration, photo)
    references.assign(registration)  # the last lock: see references.py
    history.record(registration, user or account, "created")
    history.notify_received(registration, account_link)
    return registration


def holds_registrations_at(user: User, event: Event) -> bool:
    """Whether a registration at `event` may be attached to this account: a confirmed
    delegate account (`may_hold_registrations`) that does not run this event as organiser
    or staff. A focal point is a delegate of their delegation; staff at another meeting may
    well be a delegate at this one."""
    return may_hold_registrations(user) and not _runs(user.id, event.id)


def _runs(user_id: int, event_id: int) -> bool:
    return event_id in db.session.scalars(roles.events_run_by(user_id)).all()


def owner_for(event: Event, email: str, full_name: str, locale: str) -> tuple[User | None, str | None]:
    """`accounts.account_for_registration`, for a registration at `event`: an account that
    runs the event is told by email but not given the registration."""
    # The link to choose a password ends on the event's home, where the registration shows.
    home = urlsplit(public_url("main.home", event=event.slug)).path
    account, link = account_for_registration(email, full_name, locale, then=home)
    if account is not None and _runs(account.id, event.id):
        return None, None
    return account, link


def claim(account: User) -> None:
    """Lifecycle step when an address is confirmed: the registrations made for it while
    it was unproven (by a focal point, or by the person before confirming) are attached
    to the account now. Runs inside the confirming transaction."""
    if not may_hold_registrations(account):
        return
    db.session.execute(
        update(Registration)
        .where(
            Registration.email == account.email,
            Registration.user_id.is_(None),
            Registration.event_id.not_in(roles.events_run_by(account.id)),
            Registration.purged_at.is_(None),
        )
        .values(user_id=account.id)
    )


def registration_in(event: Event, registration_id: int) -> Registration | None:
    """A registration of this event by its id; None for an unknown id or another event's."""
    registration = db.session.get(Registration, registration_id) if 0 < registration_id <= MAX_ID else None
    return registration if registration is not None and registration.event_id == event.id else None


def registration_of(user: User, event: Event) -> Registration | None:
    """The user's own registration; none for an account whose address is not confirmed."""
    if not user.is_confirmed:
        return None
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.user_id == user.id)
    )


def _check_editable(registration: Registration) -> None:
    if registration.event.registration_edits_locked:
        raise ServiceError(_l("The organisers have locked registrations: changes are no longer possible."))
    if registration.status in ("cancelled", "rejected"):
        raise ServiceError(_l("This registration is %(status)s.", status=registration.status_label.lower()))


@unit_of_work
def update_own(registration: Registration, values: dict, actor: User) -> None:
    _check_editable(registration)
    clean = details.clean(registration.event, values, region=registration.country.code)
    clean = identity.hold(registration, clean, actor)  # after approval, names wait for review
    changed = list(details.apply(registration, clean))
    if catering.choose(registration.event, registration, values.get("dietary_option_ids")):
        changed.append("dietary_option_ids")
    if changed:
        history.record(registration, actor, "edited", note=", ".join(sorted(changed)))


@unit_of_work
def cancel_own(registration: Registration, actor: User) -> None:
    _check_editable(registration)
    set_status(registration, "cancelled", actor, reason="")


@unit_of_work
def replace_photo(registration: Registration, photo: Photo, actor: User) -> None:
    _check_editable(registration)
    if identity.needs_review(registration):
        identity.hold(registration, {}, actor, photo)
    else:
        store_photo(registration, photo)
        history.record(registration, actor, "photo")


def may_see(registration: Registration, user: User) -> bool:
    """The delegate, their delegation's focal points, and staff upwards."""
    if not user.is_authenticated:
        return False
    if roles.can(user, registration.event, "view_registrations"):
        return True
    if not user.is_confirmed:
        return False
    if registration.user_id == user.id:
        return True
    return roles.focal_country_id(user, registration.event) == registration.country_id
