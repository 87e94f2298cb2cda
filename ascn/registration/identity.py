"""Who the badge says a person is: after approval, a change of name, name on the badge,
category or photo asked by the delegate or their focal point waits for the organisers.

The proposed values are kept apart (`IdentityChange`), so the registration, and every
badge printed or downloaded meanwhile, shows only what an organiser approved. While a
change waits, a scan of the printed badge says so; an approved change raises the badge
serial (the old badge then scans as revoked), a rejected one leaves the badge valid.
Organisers' own corrections are decisions already and apply at once.
"""

from flask_babel import lazy_gettext as _l

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Category
from ascn.extensions import db
from ascn.images import Photo
from ascn.mail import queue_mail
from ascn.registration import history, lifecycle
from ascn.registration.accreditation import MAX_REASON, change_category
from ascn.registration.details import apply
from ascn.registration.models import IDENTITY_FIELDS, IdentityChange, Registration
from ascn.registration.photos import store_photo
from ascn.textlimits import too_long
from ascn.transactions import unit_of_work
from ascn.urls import public_url

# Told to whoever asked, after saving.
WAITING = _l(
    "The change of name, category or photo waits for the secretariat: "
    "until it is approved, the badge shows the approved details."
)

LABELS = {
    "honorific": _l("Honorific"),
    "given_names": _l("Given name(s)"),
    "family_name": _l("Family name"),
    "badge_name": _l("Name on the badge"),
    "latin_name": _l("Name in Latin letters"),
    "category_id": _l("Category"),
}


def pending(registration: Registration) -> IdentityChange | None:
    if not registration.identity_change_pending:
        return None
    return db.session.get(IdentityChange, registration.id)


def compared(change: IdentityChange, registration: Registration) -> list[tuple[str, str, str]]:
    """(what, approved, asked) for each changed field, as an organiser reads them."""

    def readable(name, value):
        if name == "category_id":
            category = db.session.get(Category, value or 0)
            return category.label if category is not None else ""
        return value or ""

    return [
        (str(LABELS[name]), readable(name, getattr(registration, name)), readable(name, value))
        for name, value in change.proposed.items()
        if name in LABELS
    ]


def needs_review(registration: Registration) -> bool:
    return registration.status == "approved"


def hold(registration: Registration, values: dict, actor: User, photo: Photo | None = None) -> dict:
    """Inside the caller's transaction: keep the identity values of `values` (and the
    photo) for review when the registration is approved; return the values to apply now."""
    if not needs_review(registration):
        return values
    rest = {name: value for name, value in values.items() if name not in IDENTITY_FIELDS}
    change = db.session.get(IdentityChange, registration.id)
    proposed = dict(change.proposed) if change is not None else {}
    proposed.update({name: values[name] for name in IDENTITY_FIELDS if name in values})
    # Asking for what is already approved withdraws that part of the request.
    proposed = {name: value for name, value in proposed.items() if getattr(registration, name) != value}
    has_photo = photo is not None or (change is not None and change.photo_data is not None)
    if not proposed and not has_photo:
        if change is not None:
            db.session.delete(change)
            history.record(registration, actor, "identity_withdrawn")
        registration.identity_change_pending = False
        return rest
    if change is None:
        change = IdentityChange(registration_id=registration.id)
        db.session.add(change)
    if photo is not None:
        change.photo_data, change.photo_content_type = photo.data, photo.content_type
        change.photo_width, change.photo_height = photo.width, photo.height
    if proposed != change.proposed or photo is not None:
        note = _described(proposed, photo is not None)
        history.record(registration, actor, "identity_requested", note=note)
    change.proposed, change.requested_by_id = proposed, getattr(actor, "id", None)
    registration.identity_change_pending = True
    return rest


def _described(proposed: dict, photo: bool) -> str:
    return ", ".join([*sorted(proposed), *(["photo"] if photo else [])])


class _AsAsked:
    """A registration seen through its waiting change."""

    def __init__(self, registration: Registration, proposed: dict):
        self._registration, self._proposed = registration, proposed

    def __getattr__(self, name):
        return self._proposed[name] if name in self._proposed else getattr(self._registration, name)


def shown(registration: Registration):
    """The registration as its owner last asked for it: what their edit form shows."""
    change = pending(registration)
    return registration if change is None else _AsAsked(registration, change.proposed)


@unit_of_work
def decide(registration: Registration, approve: bool, actor: User, reason: str = "") -> None:
    """An organiser approves or rejects the waiting change; the delegate is told by email
    in their language."""
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise too_long(MAX_REASON, "reason")
    change = pending(registration)
    if change is None:
        raise ServiceError(_l("No change is waiting for a decision on this registration."))
    note = _described(change.proposed, change.photo_data is not None)
    if approve:
        _apply(registration, change, actor)
        history.record(registration, actor, "identity_approved", note=note)
        lifecycle.identity_changed(registration, actor)
    else:
        history.record(registration, actor, "identity_rejected", note=reason or note)
    db.session.delete(change)
    registration.identity_change_pending = False
    queue_mail(
        registration.email,
        "identity_change",
        registration.locale,
        registration=registration,
        approved=approve,
        reason=reason,
        page=public_url("registration.mine", event=registration.event.slug),
    )


def _apply(registration: Registration, change: IdentityChange, actor: User) -> None:
    values = dict(change.proposed)
    category = db.session.get(Category, values.pop("category_id", 0) or 0)
    changed = apply(registration, values)
    if changed:
        history.record(registration, actor, "edited", note=", ".join(sorted(changed)))
    if category is not None and category.event_id == registration.event_id:
        change_category(registration, category, actor)
    if change.photo_data is not None:
        photo = Photo(change.photo_data, change.photo_width, change.photo_height, change.photo_content_type)
        store_photo(registration, photo)
        history.record(registration, actor, "photo")
