"""A delegate's own registration: register, edit, cancel, replace the photo."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ascn.accounts.models import User
from ascn.accounts.services import ensure_account, user_by_email
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.images import Photo
from ascn.registration import details, history, quotas
from ascn.registration.accreditation import set_status
from ascn.registration.models import Registration, RegistrationPhoto
from ascn.transactions import unit_of_work

REGISTER_FIELDS = (*details.PERSONAL_FIELDS, "country_id", "category_id", "email")


def _already_registered() -> ServiceError:
    return ServiceError(
        _l("This email address is already registered for this event. Log in to see your registration."),
        field="email",
    )


@unit_of_work
def register(event: Event, values: dict, photo: Photo | None, user: User | None) -> Registration:
    """A delegate registers themselves, logged in or not. Without an account one is made,
    and the confirmation email carries the link to choose its password."""
    if event.registration_state() != "open":
        raise ServiceError(_l("Registration for this event is not open."))
    if not values.get("consent"):
        raise ServiceError(_l("Please agree to the privacy notice to register."), field="consent")
    if user is not None:
        values = {**values, "email": user.email}
    clean = details.clean(event, values, REGISTER_FIELDS)
    existing = details.registration_for_email(event.id, clean["email"])
    if existing is not None and existing.status != "cancelled":
        raise _already_registered()
    if user is None and user_by_email(clean["email"]) is not None:
        raise ServiceError(
            _l("An account with this email address already exists. Log in first, then register."),
            field="email",
        )
    delegation = quotas.lock(event.id, clean["country_id"])
    try:  # the account and the registration are unique per email: a twin request fails here
        account, account_link = ensure_account(
            clean["email"],
            f"{clean['given_names']} {clean['family_name']}",
            clean["locale"],
            clean["country_id"],
        )
        registration = existing or Registration(event_id=event.id)
        if existing is None:
            db.session.add(registration)
        details.apply(registration, clean)
        registration.user_id = account.id
        registration.registered_by_id = account.id
        registration.status, registration.status_reason = "pending", ""
        registration.consent_at = utcnow()
        db.session.flush()
    except IntegrityError:
        raise _already_registered() from None
    quotas.recount(delegation)
    if photo is not None:
        store_photo(registration, photo)
    history.record(registration, account, "created")
    history.notify_received(registration, account_link)
    return registration


def registration_in(event: Event, registration_id: int) -> Registration | None:
    """A registration of this event by its id; None for an unknown id or another event's."""
    registration = db.session.get(Registration, registration_id) if 0 < registration_id < 2**31 else None
    return registration if registration is not None and registration.event_id == event.id else None


def registration_of(user: User, event: Event) -> Registration | None:
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
    changed = details.apply(registration, clean)
    if changed:
        history.record(registration, actor, "edited", note=", ".join(sorted(changed)))


@unit_of_work
def cancel_own(registration: Registration, actor: User) -> None:
    _check_editable(registration)
    set_status(registration, "cancelled", actor, reason="")


@unit_of_work
def replace_photo(registration: Registration, photo: Photo, actor: User) -> None:
    _check_editable(registration)
    store_photo(registration, photo)
    history.record(registration, actor, "photo")


def store_photo(registration: Registration, photo: Photo) -> None:
    row = db.session.get(RegistrationPhoto, registration.id)
    if row is None:
        row = RegistrationPhoto(registration_id=registration.id)
        db.session.add(row)
    row.data, row.content_type = photo.data, photo.content_type
    row.width, row.height = photo.width, photo.height
    row.updated_at = utcnow()
    registration.has_photo = True
    registration.updated_at = utcnow()  # the photo URL carries it, so browsers fetch the new one


def may_see(registration: Registration, user: User) -> bool:
    """The delegate, their delegation's focal points, and staff upwards."""
    if not user.is_authenticated:
        return False
    if user.can("view_registrations") or registration.user_id == user.id:
        return True
    return user.can("manage_delegation") and user.country_id == registration.country_id
