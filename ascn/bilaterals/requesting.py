"""A delegation asks another for a meeting; the counterpart accepts, proposes other times
or declines; the requester agrees to the times proposed, or withdraws (service).

Locks (docs/ARCHITECTURE.md): `ask` locks the asking delegation's row (level 1) before it
counts the requests awaiting an answer, so two requests sent at once cannot both pass
`max_pending`. Every other change locks the request's row alone and reads its status
under the lock: a double click, or two focal points answering at once, change it once,
and the second is told what happened meanwhile.

Asking, accepting, proposing and agreeing need the service open (`BilateralSettings.open`);
declining and withdrawing do not, so nobody is left holding a meeting they no longer want.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from ascn.bilaterals import notices, request_checks
from ascn.bilaterals.models import (
    OPEN_STATUSES,
    STATUS_LABELS,
    BilateralParticipant,
    BilateralPreference,
    BilateralRequest,
    BilateralSettings,
)
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Delegation, Registration
from ascn.transactions import unit_of_work

NOTE_MAX = 2000


@dataclass
class Ask:
    """What a delegation asks for, as typed in the form."""

    counterpart_id: int
    level: str
    subject_en: str = ""
    subject_ms: str = ""
    language: str = "en"
    needs_interpreter: bool = False
    needs_flags: bool = False
    participant_ids: list[int] = field(default_factory=list)
    slot_ids: list[int] = field(default_factory=list)  # none: any time suits


def settings_of(event: Event) -> BilateralSettings:
    """The event's settings; the defaults (closed) when the secretariat saved none."""
    return db.session.get(BilateralSettings, event.id) or BilateralSettings(
        event_id=event.id, open=False, answer_hours=72, max_pending=10
    )


def _check_open(event: Event) -> BilateralSettings:
    settings = settings_of(event)
    if not settings.open:
        raise ServiceError(_l("The secretariat is not taking bilateral meeting requests at the moment."))
    return settings


def lock(request_id: int) -> BilateralRequest:
    """The request, locked until the commit, as committed now."""
    request = db.session.scalar(
        select(BilateralRequest)
        .where(BilateralRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise ServiceError(_l("This request no longer exists."))
    return request


def _lock_delegation(delegation_id: int) -> Delegation:
    return db.session.scalar(
        select(Delegation)
        .where(Delegation.id == delegation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def _check_status(request: BilateralRequest, allowed) -> None:
    if request.status not in allowed:
        raise ServiceError(
            _(
                "This request changed meanwhile: it is now “%(status)s”. Nothing was changed.",
                status=STATUS_LABELS[request.status],
            )
        )


def _check_side(request: BilateralRequest, delegation: Delegation, side: str) -> None:
    if (request.requester_id if side == "requester" else request.counterpart_id) != delegation.id:
        if side == "requester":
            raise ServiceError(_l("Only the delegation that asked for this meeting can do this."))
        raise ServiceError(_l("Only the delegation asked for this meeting can answer it."))


def open_count(delegation: Delegation) -> int:
    """Requests the delegation made that await an answer (pending or other times proposed)."""
    return db.session.scalar(
        select(func.count()).where(
            BilateralRequest.requester_id == delegation.id, BilateralRequest.status.in_(OPEN_STATUSES)
        )
    )


def _set_people(request: BilateralRequest, side: str, people: list[Registration]) -> None:
    wanted = {person.id for person in people}
    for row in [row for row in request.participants if row.side == side]:
        if row.registration_id not in wanted:
            request.participants.remove(row)
    have = {row.registration_id for row in request.participants}
    request.participants += [
        BilateralParticipant(registration_id=pid, side=side) for pid in sorted(wanted - have)
    ]


def _set_slots(request: BilateralRequest, side: str, slot_ids) -> None:
    wanted = set(slot_ids)
    for row in [row for row in request.preferences if row.side == side]:
        if row.slot_id not in wanted:
            request.preferences.remove(row)
    have = {row.slot_id for row in request.preferences if row.side == side}
    request.preferences += [BilateralPreference(slot_id=sid, side=side) for sid in sorted(wanted - have)]


def slot_ids_of(request: BilateralRequest, side: str) -> list[int]:
    return sorted(row.slot_id for row in request.preferences if row.side == side)


def _note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(_l("Field cannot be longer than %(max)d characters.", max=NOTE_MAX), field="note")
    return note


def _check_not_asked_already(delegation: Delegation, counterpart: Delegation, level: str) -> None:
    """A double click on "Send", or two people of one delegation asking at once, ask once:
    read under the delegation's lock, so the second finds the first."""
    twin = db.session.scalar(
        select(BilateralRequest.id).where(
            BilateralRequest.requester_id == delegation.id,
            BilateralRequest.counterpart_id == counterpart.id,
            BilateralRequest.level == level,
            BilateralRequest.status.in_(OPEN_STATUSES),
        )
    )
    if twin is not None:
        raise ServiceError(
            _(
                "Your delegation already asked %(delegation)s for a meeting at this level, and it awaits "
                "an answer.",
                delegation=counterpart.country.name,
            )
        )


@unit_of_work
def ask(event: Event, delegation: Delegation, values: Ask, actor) -> BilateralRequest:
    settings = _check_open(event)
    request_checks.check_text(values)
    counterpart = request_checks.check_counterpart(event, delegation, values.counterpart_id)
    people = request_checks.participants(delegation, values.participant_ids)
    slot_ids = request_checks.slots(event, values.slot_ids)
    delegation = _lock_delegation(delegation.id)
    _check_not_asked_already(delegation, counterpart, values.level)
    if open_count(delegation) >= settings.max_pending:
        raise ServiceError(
            ngettext(
                "Your delegation already has %(num)s request awaiting an answer, the most the secretariat "
                "allows. Withdraw one, or wait for an answer, before asking again.",
                "Your delegation already has %(num)s requests awaiting an answer, the most the secretariat "
                "allows. Withdraw one, or wait for an answer, before asking again.",
                settings.max_pending,
            )
        )
    request = BilateralRequest(
        event_id=event.id,
        requester_id=delegation.id,
        counterpart_id=counterpart.id,
        status="pending",
        level=values.level,
        subject_en=values.subject_en,
        subject_ms=values.subject_ms,
        language=values.language,
        needs_interpreter=bool(values.needs_interpreter),
        needs_flags=bool(values.needs_flags),
        requested_by_id=actor.id,
        answer_by=utcnow() + timedelta(hours=settings.answer_hours),
        participants=[],
        preferences=[],
    )
    _set_people(request, "requester", people)
    _set_slots(request, "requester", slot_ids)
    db.session.add(request)
    db.session.flush()
    notices.requested(request)
    return request


@unit_of_work
def withdraw(request: BilateralRequest, delegation: Delegation, actor) -> BilateralRequest:
    request = lock(request.id)
    _check_side(request, delegation, "requester")
    _check_status(request, (*OPEN_STATUSES, "accepted"))
    if request.is_placed:
        raise ServiceError(
            _l("This meeting already has a room and a time: ask the secretariat to cancel it.")
        )
    request.status = "withdrawn"
    request.answered_at = utcnow()
    notices.withdrawn(request)
    return request


@unit_of_work
def accept(request: BilateralRequest, delegation: Delegation, participant_ids, actor) -> BilateralRequest:
    """The counterpart accepts the times the requester chose (any time, if none)."""
    _check_open(request.event)
    request = lock(request.id)
    _check_side(request, delegation, "counterpart")
    _check_status(request, ("pending",))
    people = request_checks.participants(delegation, participant_ids)
    _set_people(request, "counterpart", people)
    _set_slots(request, "counterpart", slot_ids_of(request, "requester"))
    _answered(request, "accepted", actor)
    notices.accepted(request)
    return request


@unit_of_work
def propose(
    request: BilateralRequest, delegation: Delegation, slot_ids, note: str, participant_ids, actor
) -> BilateralRequest:
    """The counterpart offers other times; the requester then agrees or withdraws. The
    requester's answer is due `answer_hours` from now."""
    settings = _check_open(request.event)
    note = _note(note)
    request = lock(request.id)
    _check_side(request, delegation, "counterpart")
    _check_status(request, ("pending",))
    slot_ids = request_checks.slots(request.event, slot_ids, required=True)
    if participant_ids:
        _set_people(request, "counterpart", request_checks.participants(delegation, participant_ids))
    _set_slots(request, "counterpart", slot_ids)
    request.answer_note = note
    request.answer_by = utcnow() + timedelta(hours=settings.answer_hours)
    _answered(request, "proposed", actor)
    notices.proposed(request)
    return request


@unit_of_work
def agree(request: BilateralRequest, delegation: Delegation, actor) -> BilateralRequest:
    """The requester takes the times the counterpart proposed: they are what suits both."""
    _check_open(request.event)
    request = lock(request.id)
    _check_side(request, delegation, "requester")
    _check_status(request, ("proposed",))
    _set_slots(request, "requester", slot_ids_of(request, "counterpart"))
    request.status = "accepted"
    notices.agreed(request)
    return request


@unit_of_work
def decline(request: BilateralRequest, delegation: Delegation, note: str, actor) -> BilateralRequest:
    note = _note(note)
    request = lock(request.id)
    _check_side(request, delegation, "counterpart")
    _check_status(request, OPEN_STATUSES)
    request.answer_note = note
    _answered(request, "declined", actor)
    notices.declined(request)
    return request


def _answered(request: BilateralRequest, status: str, actor) -> None:
    request.status = status
    request.answered_by_id = actor.id
    request.answered_at = utcnow()
