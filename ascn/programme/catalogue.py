"""Rooms, session types and tracks: the lists sessions choose from."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession, Room, SessionType, Track
from ascn.transactions import conflict_refused, unit_of_work

ROOM_FIELDS = ("name_en", "name_ms", "floor_en", "floor_ms", "capacity", "sort_order")
TYPE_FIELDS = ("code", "label_en", "label_ms", "colour", "sort_order")
TRACK_FIELDS = ("name_en", "name_ms", "sort_order")


def rooms(event: Event) -> list[Room]:
    return list(
        db.session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.sort_order, Room.id))
    )


def session_types(event: Event) -> list[SessionType]:
    stmt = select(SessionType).where(SessionType.event_id == event.id)
    return list(db.session.scalars(stmt.order_by(SessionType.sort_order, SessionType.id)))


def tracks(event: Event) -> list[Track]:
    return list(
        db.session.scalars(
            select(Track).where(Track.event_id == event.id).order_by(Track.sort_order, Track.id)
        )
    )


def find(model, event: Event, row_id: int | None):
    """A room, type, track or speaker of this event, or None (ids of other events too)."""
    if row_id is None:
        return None
    return db.session.scalar(select(model).where(model.id == row_id, model.event_id == event.id))


_LETTER = re.compile(r"[^\W\d_]")


def _need_name(values: dict, name: str, message) -> None:
    """At least one language filled, and every filled value a word, not just digits."""
    given = [values.get(f"{name}_{code}") or "" for code in ("en", "ms")]
    if not any(given):
        raise ServiceError(message, field=f"{name}_en")
    for code, value in zip(("en", "ms"), given, strict=True):
        if value and not _LETTER.search(value):
            raise ServiceError(_l("A name needs at least one letter."), field=f"{name}_{code}")


@unit_of_work
def save_room(event: Event, room: Room | None, **values) -> Room:
    _need_name(values, "name", _l("Give the room a name in at least one language."))
    room = room or Room(event_id=event.id)
    for name in ROOM_FIELDS:
        setattr(room, name, values.get(name) if not name.startswith("floor") else values.get(name) or "")
    db.session.add(room)
    return room


@unit_of_work
def save_session_type(event: Event, session_type: SessionType | None, **values) -> SessionType:
    _need_name(values, "label", _l("Give the session type a label in at least one language."))
    code = values["code"].strip().lower()
    clash = db.session.scalar(
        select(SessionType).where(SessionType.event_id == event.id, func.lower(SessionType.code) == code)
    )
    if clash is not None and clash is not session_type:
        raise ServiceError(_l("Another session type already uses this code."), field="code")
    # the same code saved twice at the same moment: the unique index refuses the second
    with conflict_refused(_l("Another session type already uses this code."), field="code"):
        session_type = session_type or SessionType(event_id=event.id)
        for name in TYPE_FIELDS:
            setattr(session_type, name, values[name])
        session_type.code, session_type.colour = code, values["colour"].lower()
        db.session.add(session_type)
    return session_type


@unit_of_work
def save_track(event: Event, track: Track | None, **values) -> Track:
    _need_name(values, "name", _l("Give the track a name in at least one language."))
    track = track or Track(event_id=event.id)
    for name in TRACK_FIELDS:
        setattr(track, name, values[name])
    db.session.add(track)
    return track


@unit_of_work
def delete(row) -> None:
    """Delete a room, type or track that no session uses."""
    column = {
        Room: ProgrammeSession.room_id,
        SessionType: ProgrammeSession.type_id,
        Track: ProgrammeSession.track_id,
    }[type(row)]
    if db.session.scalar(select(func.count()).where(column == row.id)):
        raise ServiceError(_l("Sessions still use this entry; move them first."))
    db.session.delete(row)
