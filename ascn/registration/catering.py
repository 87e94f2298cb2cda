"""Dietary options: the choices organisers offer (halal, vegetarian, no beef…), what each
delegate picks, and the counts catering orders by.

An option in use is retired, not deleted: the registrations that chose it keep it and the
counts still show it; the form no longer offers it to anyone who has not chosen it. The
option's foreign key refuses deleting one in use, whatever a twin request did meanwhile.
"""

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import DietaryOption, Registration, RegistrationDietary
from ascn.transactions import conflict_refused, unit_of_work

IN_USE = _l("Delegates have chosen this option: retire it instead, so that it is no longer offered.")


def options(event: Event, with_retired: bool = True) -> list[DietaryOption]:
    """Query: the event's options in the organisers' order."""
    stmt = select(DietaryOption).where(DietaryOption.event_id == event.id)
    if not with_retired:
        stmt = stmt.where(DietaryOption.retired.is_(False))
    return list(db.session.scalars(stmt.order_by(DietaryOption.sort_order, DietaryOption.id)))


def option_for(event: Event, option_id: int) -> DietaryOption | None:
    return db.session.scalar(
        select(DietaryOption).where(DietaryOption.id == option_id, DietaryOption.event_id == event.id)
    )


def offered(event: Event, chosen: list[int] | None = None) -> list[DietaryOption]:
    """Query: what a form offers: the options in use, and a retired one already chosen."""
    kept = set(chosen or ())
    return [o for o in options(event) if not o.retired or o.id in kept]


def chosen_ids(registration_id: int | None) -> list[int]:
    if registration_id is None:
        return []
    return list(
        db.session.scalars(
            select(RegistrationDietary.option_id).where(
                RegistrationDietary.registration_id == registration_id
            )
        )
    )


def labels_of(registration: Registration) -> list[str]:
    """Query: the options one registration chose, as labels in the reader's language."""
    chosen = set(chosen_ids(registration.id))
    return [option.label for option in options(registration.event) if option.id in chosen]


def labels_by_registration(event: Event) -> dict[int, list[str]]:
    """Query: each registration's chosen options as labels, for an export (one query)."""
    rows = db.session.execute(
        select(RegistrationDietary.registration_id, DietaryOption)
        .join(DietaryOption, DietaryOption.id == RegistrationDietary.option_id)
        .where(DietaryOption.event_id == event.id)
        .order_by(DietaryOption.sort_order, DietaryOption.id)
    )
    out: dict[int, list[str]] = defaultdict(list)
    for registration_id, option in rows:
        out[registration_id].append(option.label)
    return out


def choose(event: Event, registration: Registration, picked) -> bool:
    """Helper: set the registration's options to `picked` (ids from a form); True when that
    changed them. An id of another event, or a retired option not already held, is refused."""
    if picked is None:
        return False
    wanted = {int(i) for i in picked}
    held = set(chosen_ids(registration.id))
    allowed = {o.id for o in offered(event, list(held))}
    if not wanted <= allowed:
        raise ServiceError(_l("Choose dietary options from the list."), field="dietary_option_ids")
    if wanted == held:
        return False
    db.session.flush()  # a new registration needs its id
    db.session.execute(
        delete(RegistrationDietary).where(
            RegistrationDietary.registration_id == registration.id,
            RegistrationDietary.option_id.in_(held - wanted),
        )
    )
    for option_id in sorted(wanted - held):
        db.session.add(RegistrationDietary(registration_id=registration.id, option_id=option_id))
    return True


@unit_of_work
def save_option(event: Event, option: DietaryOption | None, **values) -> DietaryOption:
    """Add or change an option (rename, reorder, retire or bring back)."""
    if not ((values.get("label_en") or "").strip() or (values.get("label_ms") or "").strip()):
        raise ServiceError(_l("Give the option a label in at least one language."), field="label_en")
    if option is None:
        option = DietaryOption(event_id=event.id)
        db.session.add(option)
    option.label_en = (values.get("label_en") or "").strip()
    option.label_ms = (values.get("label_ms") or "").strip()
    option.sort_order = values.get("sort_order") or 0
    option.retired = bool(values.get("retired"))
    return option


@unit_of_work
def delete_option(option: DietaryOption) -> None:
    if _uses(option.id):
        raise ServiceError(IN_USE)
    with conflict_refused(IN_USE):  # chosen by someone at this very moment
        db.session.delete(option)


def _uses(option_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RegistrationDietary)
        .where(RegistrationDietary.option_id == option_id)
    )


@dataclass
class OptionCount:
    option: DietaryOption
    approved: int
    pending: int


def counts(event: Event) -> tuple[list[OptionCount], int]:
    """Query: per option, the approved and pending registrations holding a place that chose
    it (one query); and how many of them typed allergies or other needs."""
    held = (Registration.status == "approved") | (
        (Registration.status == "pending") & Registration.awaiting_confirmation.is_(False)
    )
    tally = dict.fromkeys((o.id for o in options(event)), (0, 0))
    rows = db.session.execute(
        select(RegistrationDietary.option_id, Registration.status, func.count())
        .join(Registration, Registration.id == RegistrationDietary.registration_id)
        .where(Registration.event_id == event.id, held)
        .group_by(RegistrationDietary.option_id, Registration.status)
    )
    for option_id, status, number in rows:
        approved, pending = tally.get(option_id, (0, 0))
        tally[option_id] = (
            (approved + number, pending) if status == "approved" else (approved, pending + number)
        )
    other = db.session.scalar(
        select(func.count()).where(Registration.event_id == event.id, held, Registration.dietary != "")
    )
    return [OptionCount(o, *tally[o.id]) for o in options(event)], other
