"""The checks of what a delegation names in a request (helper, inside the requesting
service's transaction): the counterpart, the people, the times, the subject. Each refusal
is a `ServiceError` naming the form field it belongs to."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.bilaterals.models import LEVELS, MEETING_LANGUAGES, BilateralSlot
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Delegation, Registration

SUBJECT_MAX = 500


def approved_members(event_id: int, country_id: int):
    return select(Registration).where(
        Registration.event_id == event_id,
        Registration.country_id == country_id,
        Registration.status == "approved",
        Registration.awaiting_confirmation.is_(False),
    )


def participants(delegation: Delegation, ids: list[int]) -> list[Registration]:
    """The people named, each an approved member of `delegation`; at least one."""
    ids = sorted(set(ids))
    if not ids:
        raise ServiceError(_l("Name at least one participant of your delegation."), field="participant_ids")
    people = db.session.scalars(
        select(Registration).where(Registration.id.in_(ids), Registration.event_id == delegation.event_id)
    ).all()
    if len(people) != len(ids) or any(person.country_id != delegation.country_id for person in people):
        raise ServiceError(
            _l("Choose the participants among your own delegation's members."), field="participant_ids"
        )
    gone = [
        person.full_name for person in people if person.status != "approved" or person.awaiting_confirmation
    ]
    if gone:
        raise ServiceError(
            _("No longer accredited, so cannot take part: %(names)s.", names=", ".join(gone)),
            field="participant_ids",
        )
    return people


def slots(event: Event, ids: list[int], required: bool = False) -> list[int]:
    ids = sorted(set(ids))
    if required and not ids:
        raise ServiceError(_l("Choose at least one time that suits you."), field="slot_ids")
    found = set(
        db.session.scalars(
            select(BilateralSlot.id).where(BilateralSlot.id.in_(ids), BilateralSlot.event_id == event.id)
        )
    )
    if found != set(ids):
        raise ServiceError(
            _l("One of the times chosen is not a meeting time of this event."), field="slot_ids"
        )
    return ids


def check_counterpart(event: Event, delegation: Delegation, counterpart_id: int) -> Delegation:
    counterpart = db.session.get(Delegation, counterpart_id) if counterpart_id else None
    if counterpart is None or counterpart.event_id != event.id:
        raise ServiceError(_l("Choose a delegation of this meeting."), field="counterpart_id")
    if counterpart.id == delegation.id:
        raise ServiceError(_l("You cannot ask your own delegation for a meeting."), field="counterpart_id")
    member = db.session.scalar(approved_members(event.id, counterpart.country_id).limit(1))
    if member is None:
        raise ServiceError(
            _(
                "%(country)s has no accredited delegate at this meeting any more: it cannot be asked.",
                country=counterpart.country.name,
            ),
            field="counterpart_id",
        )
    return counterpart


def check_text(values) -> None:
    """`values`: a `requesting.Ask`, its subject stripped here."""
    values.subject_en, values.subject_ms = values.subject_en.strip(), values.subject_ms.strip()
    if not (values.subject_en or values.subject_ms):
        raise ServiceError(_l("Say what the meeting is about, in English or in Malay."), field="subject_en")
    for name in ("subject_en", "subject_ms"):
        if len(getattr(values, name)) > SUBJECT_MAX:
            raise ServiceError(
                _l("Field cannot be longer than %(max)d characters.", max=SUBJECT_MAX), field=name
            )
    if values.level not in LEVELS:
        raise ServiceError(_l("Choose the level of the meeting."), field="level")
    if values.language not in MEETING_LANGUAGES:
        raise ServiceError(_l("Choose the language of the meeting."), field="language")
