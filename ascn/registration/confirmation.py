"""A delegation confirms the self-registrations of its country (service).

Anyone may register themselves, but a registration for a delegation with a quota holds
no place until the country's focal point, or an organiser, confirms it: otherwise a
throw-away registration could take the last place the focal point keeps for a delegate.
Confirming takes the place under the delegation's lock (`quotas.lock`, then the
registration re-read, then the count), so two confirmations never share the last place.
Declining cancels the registration with the reason. The delegate is written to in their
own language after the commit.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events import roles
from ascn.events.models import Event
from ascn.extensions import db
from ascn.mail import queue_mail
from ascn.registration import history, quotas
from ascn.registration.accreditation import MAX_REASON, set_status
from ascn.registration.models import Delegation, Registration
from ascn.transactions import unit_of_work
from ascn.urls import public_url


def may_confirm(user: User | None, event: Event, country_id: int) -> bool:
    """The event's organisers, and its focal points of that country."""
    if user is None or not user.is_authenticated:
        return False
    return roles.can(user, event, "accredit") or roles.focal_country_id(user, event) == country_id


def needed(delegation: Delegation | None, registrant: User | None) -> bool:
    """Whether a self-registration waits for its delegation: only where a quota is kept,
    and not when the registrant may confirm it themselves."""
    return delegation is not None and not may_confirm(registrant, delegation.event, delegation.country_id)


def awaiting(event: Event, country_id: int) -> list[Registration]:
    """The country's self-registrations waiting for the delegation, oldest first."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.country_id == country_id,
                Registration.status == "pending",
                Registration.awaiting_confirmation.is_(True),
            )
            .order_by(Registration.created_at, Registration.id)
        )
    )


def _lock_awaiting(registration: Registration, actor: User):
    """The delegation, locked, with the registration as it is now; refused when someone
    else confirmed or declined it meanwhile."""
    if registration.event.registration_edits_locked and not roles.can(actor, registration.event, "accredit"):
        raise ServiceError(_l("The organisers have locked registrations: changes are no longer possible."))
    delegation = quotas.lock(registration.event_id, registration.country_id)
    db.session.refresh(registration)
    if registration.status != "pending" or not registration.awaiting_confirmation:
        raise ServiceError(_l("This registration no longer awaits the delegation's confirmation."))
    return delegation


@unit_of_work
def confirm(registration: Registration, actor: User) -> None:
    """The registration takes a place in its delegation; refused when none is free."""
    delegation = _lock_awaiting(registration, actor)
    registration.awaiting_confirmation = False
    quotas.recount(delegation)
    history.record(registration, actor, "confirmed")
    _notify(registration, "delegation_confirmed")


@unit_of_work
def decline(registration: Registration, actor: User, reason: str) -> None:
    """The delegation does not know this person: the registration is cancelled, and the
    reason is sent to them."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Give a reason: it is sent to the person who registered."), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(
            _l("Field cannot be longer than %(max)d characters.", max=MAX_REASON), field="reason"
        )
    _lock_awaiting(registration, actor)
    set_status(registration, "cancelled", actor, reason, notify=False)
    history.record(registration, actor, "declined", note=reason)
    _notify(registration, "delegation_declined")


def _notify(registration: Registration, template: str) -> None:
    queue_mail(
        registration.email,
        template,
        registration.locale,
        registration=registration,
        page=public_url("registration.mine", event=registration.event.slug),
    )
