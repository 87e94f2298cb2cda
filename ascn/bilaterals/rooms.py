"""The secretariat's side of bilaterals: meeting rooms, the slots they offer, and the
service's settings.

Slots of an event never overlap (a person's place in a slot is unique in the database, so
two slots at once would let one person sit in two meetings): every slot change takes the
event's lock (level 0 of docs/ARCHITECTURE.md) before it looks for neighbours. A room or a
slot holding a placed meeting is locked before its meetings are counted, so a placement
made at that moment is either counted or finds the row gone.
"""

from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from ascn.bilaterals.models import BilateralRequest, BilateralRoom, BilateralSettings, BilateralSlot
from ascn.errors import ServiceError
from ascn.events import services as events
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession, SessionType
from ascn.transactions import AGAIN, unit_of_work

MAX_CAPACITY = 500
MIN_MINUTES, MAX_MINUTES = 5, 240
MAX_GAP = 240
MAX_ANSWER_HOURS = 24 * 30
MAX_PENDING = 100
# Words that name a plenary in a session type's code or label, ticked by default.
PLENARY_WORDS = ("plenary", "pleno")


# -- settings -------------------------------------------------------------------------


def settings_for(event: Event) -> BilateralSettings:
    """The event's settings, or the defaults (unsaved) when none were saved yet."""
    return db.session.get(BilateralSettings, event.id) or BilateralSettings(
        event_id=event.id, open=False, answer_hours=72, max_pending=10
    )


@unit_of_work(on_conflict=AGAIN)  # two organisers saving the first settings at once
def save_settings(event: Event, open: bool, answer_hours: int | None, max_pending: int | None) -> None:
    if answer_hours is None or not 1 <= answer_hours <= MAX_ANSWER_HOURS:
        raise ServiceError(
            _l("Use a number of hours from 1 to %(max)s.", max=MAX_ANSWER_HOURS), field="answer_hours"
        )
    if max_pending is None or not 0 <= max_pending <= MAX_PENDING:
        raise ServiceError(_l("Use a number from 0 to %(max)s.", max=MAX_PENDING), field="max_pending")
    row = db.session.get(BilateralSettings, event.id)
    if row is None:
        row = BilateralSettings(event_id=event.id)
        db.session.add(row)
    row.open, row.answer_hours, row.max_pending = bool(open), answer_hours, max_pending


# -- rooms ----------------------------------------------------------------------------


def rooms(event: Event) -> list[BilateralRoom]:
    stmt = select(BilateralRoom).where(BilateralRoom.event_id == event.id)
    return list(db.session.scalars(stmt.order_by(BilateralRoom.sort_order, BilateralRoom.id)))


def room_for(event: Event, room_id: int | None) -> BilateralRoom | None:
    room = db.session.get(BilateralRoom, room_id) if room_id else None
    return room if room is not None and room.event_id == event.id else None


def placed_counts(column, ids) -> dict[int, int]:
    """How many meetings are placed in each room or slot (by `column`), in one query."""
    if not ids:
        return {}
    stmt = select(column, func.count()).where(column.in_(ids)).group_by(column)
    return dict(db.session.execute(stmt).all())


@unit_of_work
def save_room(event: Event, room: BilateralRoom | None, **values) -> BilateralRoom:
    if not ((values.get("name_en") or "").strip() or (values.get("name_ms") or "").strip()):
        raise ServiceError(_l("Give the room a name in at least one language."), field="name_en")
    capacity = values.get("capacity")
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise ServiceError(_l("Use a number from 1 to %(max)s.", max=MAX_CAPACITY), field="capacity")
    if room is None:
        room = BilateralRoom(event_id=event.id)
        db.session.add(room)
    room.name_en, room.name_ms = values.get("name_en") or "", values.get("name_ms") or ""
    room.capacity = capacity
    room.has_flags = bool(values.get("has_flags"))
    room.has_interpretation = bool(values.get("has_interpretation"))
    room.sort_order = values.get("sort_order") or 0
    return room


def _lock_empty(model, row_id: int, column, refusal) -> None:
    """Lock a room or slot row alone, then refuse (with `refusal(count)`) while meetings are
    placed in it: a placement waits for the lock, or is counted."""
    db.session.scalar(select(model.id).where(model.id == row_id).with_for_update())
    held = placed_counts(column, [row_id]).get(row_id, 0)
    if held:
        raise ServiceError(refusal(held))


# A placement made at the same moment still holds the row: the foreign key refuses.
@unit_of_work(on_conflict=_l("A meeting has just been placed in this room: take it out first."))
def delete_room(room: BilateralRoom) -> None:
    _lock_empty(
        BilateralRoom,
        room.id,
        BilateralRequest.room_id,
        lambda held: ngettext(
            "%(num)s meeting is placed in this room: move it or take it out first.",
            "%(num)s meetings are placed in this room: move them or take them out first.",
            held,
        ),
    )
    db.session.delete(room)


# -- slots ----------------------------------------------------------------------------


def slots(event: Event) -> list[BilateralSlot]:
    stmt = select(BilateralSlot).where(BilateralSlot.event_id == event.id)
    return list(db.session.scalars(stmt.order_by(BilateralSlot.starts_at)))


def slot_for(event: Event, slot_id: int | None) -> BilateralSlot | None:
    slot = db.session.get(BilateralSlot, slot_id) if slot_id else None
    return slot if slot is not None and slot.event_id == event.id else None


def plenary_type_ids(event: Event) -> list[int]:
    """The session types a slot avoids unless the organiser says otherwise: those whose
    code or label says plenary."""
    return [
        kind.id
        for kind in session_types(event)
        if any(word in f"{kind.code} {kind.label_en} {kind.label_ms}".lower() for word in PLENARY_WORDS)
    ]


def session_types(event: Event) -> list[SessionType]:
    stmt = select(SessionType).where(SessionType.event_id == event.id)
    return list(db.session.scalars(stmt.order_by(SessionType.sort_order, SessionType.id)))


def _check_length(minutes: int | None) -> timedelta:
    if minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise ServiceError(
            _l("A slot lasts from %(min)s to %(max)s minutes.", min=MIN_MINUTES, max=MAX_MINUTES),
            field="minutes",
        )
    return timedelta(minutes=minutes)


def _check_within_event(event: Event, starts_at: datetime, ends_at: datetime, field: str) -> None:
    first, last = event.local(starts_at).date(), event.local(ends_at - timedelta(microseconds=1)).date()
    if not (event.start_date <= first and last <= event.end_date):
        raise ServiceError(_l("The slot is outside the event's dates."), field=field)
    if first != last:
        raise ServiceError(_l("A slot must end on the day it starts."), field=field)


def _taken(event: Event, starts_at: datetime, ends_at: datetime) -> list[tuple[datetime, datetime]]:
    """The stretches already used by slots that overlap this one."""
    stmt = select(BilateralSlot.starts_at, BilateralSlot.ends_at).where(
        BilateralSlot.event_id == event.id,
        BilateralSlot.starts_at < ends_at,
        BilateralSlot.ends_at > starts_at,
    )
    return [tuple(row) for row in db.session.execute(stmt)]


@unit_of_work(on_conflict=_l("A slot starting at this time already exists."), field="starts_at")
def add_slot(event: Event, starts_at: datetime | None, minutes: int | None) -> BilateralSlot:
    """One slot, its start typed on the event's clock."""
    if starts_at is None:
        raise ServiceError(_l("Enter a valid date and time."), field="starts_at")
    length = _check_length(minutes)
    start = event.to_utc(starts_at)
    end = start + length
    _check_within_event(event, start, end, "starts_at")
    events.lock(event.id)
    if _taken(event, start, end):
        raise ServiceError(_l("This slot overlaps another slot."), field="starts_at")
    slot = BilateralSlot(event_id=event.id, starts_at=start, ends_at=end)
    db.session.add(slot)
    db.session.flush()
    return slot


@unit_of_work
def generate_slots(
    event: Event,
    day: date | None,
    from_time: time | None,
    to_time: time | None,
    minutes: int | None,
    gap: int | None,
    avoided_type_ids=(),
) -> int:
    """Slots of `minutes` one after another, `gap` minutes apart, from `from_time` to
    `to_time` on `day`, stepping past any session of the avoided types and any slot already
    there. Returns how many were made."""
    if day is None:
        raise ServiceError(_l("Enter a valid date."), field="day")
    if not event.start_date <= day <= event.end_date:
        raise ServiceError(_l("Choose a day of the event."), field="day")
    if from_time is None or to_time is None:
        raise ServiceError(_l("Enter when the slots start and end."), field="from_time")
    if to_time <= from_time:
        raise ServiceError(_l("The last slot must end after the first starts."), field="to_time")
    length = _check_length(minutes)
    if gap is None or not 0 <= gap <= MAX_GAP:
        raise ServiceError(_l("Use a number from 0 to %(max)s.", max=MAX_GAP), field="gap")
    known = {kind.id for kind in session_types(event)}
    if set(avoided_type_ids) - known:
        raise ServiceError(_l("Choose session types from the list."), field="avoided_type_ids")
    start, stop = event.to_utc(datetime.combine(day, from_time)), event.to_utc(datetime.combine(day, to_time))
    events.lock(event.id)
    busy = _blocking_sessions(event, start, stop, list(avoided_type_ids)) + _taken(event, start, stop)
    made, moment = 0, start
    while moment + length <= stop:
        end = moment + length
        clashes = [until for since, until in busy if since < end and moment < until]
        if clashes:
            moment = max(clashes)  # just after what is in the way
            continue
        db.session.add(BilateralSlot(event_id=event.id, starts_at=moment, ends_at=end))
        made += 1
        moment = end + timedelta(minutes=gap)
    return made


def _blocking_sessions(event: Event, start: datetime, stop: datetime, type_ids: list[int]):
    if not type_ids:
        return []
    stmt = select(ProgrammeSession.starts_at, ProgrammeSession.ends_at).where(
        ProgrammeSession.event_id == event.id,
        ProgrammeSession.status == "scheduled",
        ProgrammeSession.type_id.in_(type_ids),
        ProgrammeSession.starts_at < stop,
        ProgrammeSession.ends_at > start,
    )
    return [tuple(row) for row in db.session.execute(stmt)]


@unit_of_work(on_conflict=_l("A meeting has just been placed in this slot: take it out first."))
def delete_slot(slot: BilateralSlot) -> None:
    _lock_empty(
        BilateralSlot,
        slot.id,
        BilateralRequest.slot_id,
        lambda held: ngettext(
            "%(num)s meeting is placed in this slot: move it or take it out first.",
            "%(num)s meetings are placed in this slot: move them or take them out first.",
            held,
        ),
    )
    db.session.delete(slot)
