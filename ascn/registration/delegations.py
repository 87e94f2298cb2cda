"""A focal point manages their delegation: names, replaces and withdraws delegates within
the quota, and designates the Head of Delegation. Organisers set the quotas."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.registration import categories, catering, details, heads, history, identity, quotas, references
from ascn.registration.accreditation import change_category, set_rank, set_status
from ascn.registration.models import ACTIVE_STATUSES, PROTOCOL_RANKS, RANK_ORDER, Delegation, Registration
from ascn.registration.registering import owner_for, store_photo
from ascn.transactions import conflict_refused, unit_of_work

MEMBER_FIELDS = (*details.PERSONAL_FIELDS, "category_id", "email")


def delegation_for(event: Event, country_id: int) -> Delegation | None:
    return db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.country_id == country_id)
    )


def members(event: Event, country_id: int) -> list[Registration]:
    """The delegation in protocol order: Head first, then by rank, then by name."""
    rows = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.country_id == country_id)
    ).all()
    return sorted(
        rows,
        key=lambda r: (not r.is_active, not r.is_head, RANK_ORDER[r.protocol_rank], r.list_name.casefold()),
    )


def member(event: Event, country_id: int, registration_id: int) -> Registration | None:
    """A registration of this delegation, or None: another delegation's id finds nothing."""
    return db.session.scalar(
        select(Registration).where(
            Registration.id == registration_id,
            Registration.event_id == event.id,
            Registration.country_id == country_id,
        )
    )


def _check_open(event: Event) -> None:
    if event.registration_edits_locked:
        raise ServiceError(_l("The organisers have locked registrations: changes are no longer possible."))


def _new_member(
    event: Event, country: Country, values: dict, actor: User, rank: str, is_head: bool, tell_later=False
):
    clean = details.clean(event, values, MEMBER_FIELDS, region=country.code)
    if rank not in PROTOCOL_RANKS:
        raise ServiceError(_l("Choose a protocol rank from the list."), field="protocol_rank")
    existing = details.registration_for_email(event.id, clean["email"])
    if (
        existing is not None
        and existing.country_id == country.id
        and existing.awaiting_confirmation
        and existing.status == "pending"
    ):
        raise ServiceError(
            _l("This person has registered themselves: confirm their registration on the delegation's page."),
            field="email",
        )
    # Another delegation's cancelled registration is refused with the same words: whose it
    # is belongs to that delegation.
    if existing is not None and (existing.status != "cancelled" or existing.country_id != country.id):
        raise ServiceError(_l("This email address is already registered for this event."), field="email")
    if is_head and heads.current(event.id, country.id) is not None:
        raise ServiceError(_l("This delegation already has its Head of Delegation."), field="is_head")
    # The same person named twice at the same moment: the unique email stops the second.
    with conflict_refused(_l("This email address is already registered for this event."), field="email"):
        account, link = owner_for(
            event, clean["email"], f"{clean['given_names']} {clean['family_name']}", clean["locale"]
        )
        registration = existing or Registration(event_id=event.id, country_id=country.id)
        if existing is None:
            db.session.add(registration)
        details.apply(registration, clean)
        registration.user_id = account.id if account else None  # attached once the address is proven
        registration.registered_by_id = actor.id
        registration.status, registration.status_reason = "pending", ""
        registration.awaiting_confirmation = False  # named by the delegation itself
        registration.protocol_rank, registration.is_head = rank, False
    catering.choose(event, registration, values.get("dietary_option_ids"))
    references.assign(registration)  # the last lock: see references.py
    history.record(registration, actor, "created")
    if is_head:
        heads.take_role(registration, actor)
    if tell_later:  # a spreadsheet of members: one job after the commit writes their emails
        history.notify_received_later(registration, link)
    else:
        history.notify_received(registration, link)
    return registration


@unit_of_work
def add_member(event: Event, country: Country, values: dict, actor: User, photo=None) -> Registration:
    _check_open(event)
    categories.check_choice(event, values.get("category_id"), "focal_point")
    delegation = quotas.lock(event.id, country.id)
    registration = _new_member(
        event, country, values, actor, values.get("protocol_rank") or "delegate", bool(values.get("is_head"))
    )
    quotas.recount(delegation)
    if photo is not None:
        store_photo(registration, photo)
    return registration


@unit_of_work
def add_members(event: Event, country: Country, rows: list[dict], actor: User) -> list[Registration]:
    """Spreadsheet rows, already checked one by one: all saved, or none."""
    _check_open(event)
    for row in rows:
        categories.check_choice(event, row.get("category_id"), "focal_point")
    delegation = quotas.lock(event.id, country.id)
    added = [
        _new_member(
            event,
            country,
            row,
            actor,
            row.get("protocol_rank") or "delegate",
            bool(row.get("is_head")),
            tell_later=True,
        )
        for row in rows
    ]
    quotas.recount(delegation)
    return added


@unit_of_work
def update_member(registration: Registration, values: dict, actor: User, photo=None) -> None:
    _check_open(registration.event)
    clean = details.clean(
        registration.event,
        values,
        (*details.PERSONAL_FIELDS, "category_id"),
        region=registration.country.code,
    )
    categories.check_choice(
        registration.event, clean["category_id"], "focal_point", current=registration.category_id
    )
    if clean["category_id"] != registration.category_id and not registration.is_active:
        raise ServiceError(
            _l("This delegate no longer holds a place: only the organisers change the category."),
            field="category_id",
        )
    clean = identity.hold(registration, clean, actor, photo)  # after approval, names wait for review
    new_category = clean.pop("category_id", registration.category_id)
    changed = list(details.apply(registration, clean))
    if catering.choose(registration.event, registration, values.get("dietary_option_ids")):
        changed.append("dietary_option_ids")
    if new_category != registration.category_id:
        change_category(registration, db.session.get(Category, new_category), actor)
    if changed:
        history.record(registration, actor, "edited", note=", ".join(sorted(changed)))
    set_rank(
        registration, values.get("protocol_rank") or registration.protocol_rank, registration.is_head, actor
    )
    if photo is not None and not identity.needs_review(registration):
        store_photo(registration, photo)
        history.record(registration, actor, "photo")


@unit_of_work
def withdraw(registration: Registration, actor: User) -> None:
    _check_open(registration.event)
    if registration.status not in ACTIVE_STATUSES:
        raise ServiceError(_l("This delegate has already been withdrawn."))
    set_status(registration, "cancelled", actor, reason=str(_l("Withdrawn by the focal point.")))


@unit_of_work
def replace(registration: Registration, values: dict, actor: User) -> Registration:
    """A substitution: the new delegate takes the place, rank and Head of Delegation role of
    the old one, whose registration is cancelled (so their badge no longer scans)."""
    event = registration.event
    _check_open(event)
    if not registration.is_active:
        raise ServiceError(_l("Only a delegate holding a place can be replaced."))
    # The substitute may keep the category of the person they replace.
    categories.check_choice(event, values.get("category_id"), "focal_point", current=registration.category_id)
    delegation = quotas.lock(event.id, registration.country_id)
    rank, is_head = registration.protocol_rank, registration.is_head
    set_status(registration, "cancelled", actor, reason=str(_l("Replaced by the focal point.")))
    substitute = _new_member(event, registration.country, values, actor, rank, is_head)
    registration.replaced_by_id = substitute.id
    history.record(registration, actor, "replaced_by", "", substitute.full_name)
    history.record(substitute, actor, "replaces", "", registration.full_name)
    quotas.recount(delegation)
    return substitute


@unit_of_work
def set_quotas(event: Event, quotas_by_country: dict[int, tuple[int, int]]) -> None:
    """Organisers: {country_id: (places, head places)}; a quota below the places already
    taken is refused."""
    for country_id, (quota, head_quota) in quotas_by_country.items():
        if quota < 0 or head_quota < 0:
            raise ServiceError(_l("A quota cannot be negative."))
        if head_quota > 1:
            raise ServiceError(_l("A delegation has at most one Head of Delegation."))
        delegation = quotas.lock(event.id, country_id)
        members_used, heads_used = quotas.used_places(event.id, country_id)
        if quota < members_used or head_quota < heads_used:
            country = db.session.get(Country, country_id)
            raise ServiceError(
                lazy_ngettext(
                    "%(country)s already has %(num)s delegate: the quota cannot be lower.",
                    "%(country)s already has %(num)s delegates: the quota cannot be lower.",
                    members_used if quota < members_used else heads_used,
                    country=country.name if country else country_id,
                )
            )
        if delegation is None:
            delegation = Delegation(event_id=event.id, country_id=country_id)
            db.session.add(delegation)
        delegation.quota, delegation.head_quota = quota, head_quota
        delegation.members_count, delegation.heads_count = members_used, heads_used
