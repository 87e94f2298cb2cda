"""Organisers' decisions: approve, reject with a reason, cancel, reopen, change category.

`set_status` is the one place a registration's status changes, whoever changes it, so
that the quota, the decision log and the delegate's email always follow.
"""

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.ids import parse_id, parse_ids
from ascn.registration import catering, details, history, lifecycle, quotas, reasons
from ascn.registration.models import (
    ACTIVE_STATUSES,
    PROTOCOL_RANKS,
    REASON_TEXT,
    STATUSES,
    Registration,
    RejectionReason,
)
from ascn.transactions import unit_of_work

MAX_REASON = REASON_TEXT


def set_status(
    registration: Registration, status: str, actor: User | None, reason: str = "", notify: bool = True
) -> bool:
    """Change the status (the caller commits). False when it already was `status`.
    Approving a self-registration that awaits its delegation's confirmation confirms it:
    it takes its place under the delegation's lock, or is refused when none is free.
    `notify=False` when the caller sends the delegate a message of its own."""
    if status not in STATUSES:
        raise ServiceError(_l("Unknown status."))
    reason = (reason or "").strip()
    if status == "rejected" and not reason:
        raise ServiceError(_l("Give a reason for the rejection: it is sent to the delegate."), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(
            _l("Field cannot be longer than %(max)d characters.", max=MAX_REASON), field="reason"
        )
    if registration.purged_at is not None:
        raise ServiceError(_l("The personal data of this registration has been deleted."))
    old = registration.status
    if old == status:
        return False
    confirms = status == "approved" and registration.awaiting_confirmation
    places_change = (old in ACTIVE_STATUSES) != (status in ACTIVE_STATUSES) or confirms
    delegation = quotas.lock(registration.event_id, registration.country_id) if places_change else None
    if confirms:
        registration.awaiting_confirmation = False
    registration.status = status
    registration.status_reason = reason if status in ("rejected", "cancelled") else ""
    if status in ("approved", "rejected"):
        registration.decided_at = utcnow()
    quotas.recount(delegation)
    history.record(registration, actor, "status", old, status, note=reason)
    if notify:
        history.notify_status(registration)
    lifecycle.status_changed(registration, old, actor)
    return True


@unit_of_work
def decide(
    event: Event,
    ids: Iterable[int],
    action: str,
    actor: User,
    reason: str = "",
    category_id=None,
    preset: RejectionReason | None = None,
) -> int:
    """One decision on many registrations, all or nothing; the number changed. A preset
    reason (`reasons`) goes with a rejection only: each delegate reads it in their language."""
    ids = set(parse_ids(ids))
    if not ids:
        raise ServiceError(_l("Select at least one registration."))
    registrations = _lock(event, ids)
    if len(registrations) != len(ids):
        raise ServiceError(_l("Some of the selected registrations no longer exist. Reload the page."))
    if action in STATUSES:
        lifecycle.status_changing(registrations, action)
    if preset is not None and action != "rejected":
        raise ServiceError(_l("A preset reason goes with a rejection only."), field="preset_id")
    return _apply(event, registrations, action, actor, reason, category_id, preset)


def _lock(event: Event, ids: set[int]) -> list[Registration]:
    return lock_in_order(Registration.event_id == event.id, Registration.id.in_(ids))


def lock_in_order(*where) -> list[Registration]:
    """The registrations matching `where`, locked with the delegations a change of their
    status may recount, in the order of docs/ARCHITECTURE.md: the delegations by id, then
    the registrations by id. Whatever order they were chosen in, two changes of several
    registrations never wait on each other in a circle."""
    quotas.lock_for(db.session.scalars(select(Registration).where(*where)).all())
    return list(
        db.session.scalars(
            select(Registration)
            .where(*where)
            .order_by(Registration.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _apply(event, registrations, action, actor, reason, category_id, preset=None) -> int:
    changed = 0
    if action == "category":
        category_id = parse_id(category_id)
        category = db.session.get(Category, category_id) if category_id else None
        if category is None or category.event_id != event.id:
            raise ServiceError(_l("Choose a category from the list."), field="category_id")
        # The head category goes with the designation (registration.heads), which moves
        # the rank too and keeps one head per delegation; a category change does neither.
        if category.is_head_category or any(r.is_head for r in registrations if r.category_id != category.id):
            raise ServiceError(
                _l(
                    "The Head of Delegation is designated by the focal point of the delegation, "
                    "not by a change of category."
                ),
                field="category_id",
            )
        for registration in registrations:
            changed += change_category(registration, category, actor)
    elif action in ("approved", "rejected", "cancelled", "pending"):
        for registration in registrations:
            # Told by one job after the commit, not rendered here one by one.
            words = reasons.wording(preset, reason, registration.locale)
            if set_status(registration, action, actor, words, notify=False):
                history.notify_status_later(registration)
                changed += 1
    else:
        raise ServiceError(_l("Choose an action."))
    return changed


def change_category(registration: Registration, category: Category, actor: User) -> bool:
    if registration.category_id == category.id:
        return False
    history.record(registration, actor, "category", registration.category.code, category.code)
    registration.category = category
    return True


@unit_of_work
def update_details(registration: Registration, values: dict, actor: User) -> None:
    """An organiser corrects what a registration says (a misspelt name, a new position)."""
    if registration.purged_at is not None:
        raise ServiceError(_l("The personal data of this registration has been deleted."))
    clean = details.clean(registration.event, values, region=registration.country.code)
    changed = list(details.apply(registration, clean))
    if catering.choose(registration.event, registration, values.get("dietary_option_ids")):
        changed.append("dietary_option_ids")
    if changed:
        history.record(registration, actor, "edited", note=", ".join(sorted(changed)))
    set_rank(
        registration, values.get("protocol_rank") or registration.protocol_rank, registration.is_head, actor
    )


def set_rank(registration: Registration, rank: str, is_head: bool, actor: User, recount: bool = True) -> None:
    """Protocol rank and the Head of Delegation designation (the caller commits).
    `recount=False` when the caller moves the role between two people under the
    delegation's lock and counts once both have moved: half-way, the outgoing head already
    needs a member's place the incoming one has not yet given up."""
    if rank not in PROTOCOL_RANKS:
        raise ServiceError(_l("Choose a protocol rank from the list."), field="protocol_rank")
    delegation = None
    if is_head != registration.is_head and registration.is_active:
        delegation = quotas.lock(registration.event_id, registration.country_id)
    if rank != registration.protocol_rank:
        history.record(registration, actor, "rank", registration.protocol_rank, rank)
        registration.protocol_rank = rank
    if is_head != registration.is_head:
        history.record(registration, actor, "head", _yes_no(registration.is_head), _yes_no(is_head))
        registration.is_head = is_head
    if recount:
        quotas.recount(delegation)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@unit_of_work
def save_settings(
    event: Event, registration_edits_locked: bool, privacy_notice_en: str, privacy_notice_ms: str
):
    if not (privacy_notice_en or privacy_notice_ms):
        raise ServiceError(
            _l("Write the privacy notice in at least one language."), field="privacy_notice_en"
        )
    event.registration_edits_locked = registration_edits_locked
    event.privacy_notice_en, event.privacy_notice_ms = privacy_notice_en, privacy_notice_ms
