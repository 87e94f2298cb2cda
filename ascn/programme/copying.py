"""The programme's part of a new event made from an old one: its rooms and session types.
Sessions, speakers and releases belong to the old meeting and stay there."""

from datetime import timedelta

from sqlalchemy import select

from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import Room, SessionType

ROOM_FIELDS = ("name_en", "name_ms", "floor_en", "floor_ms", "capacity", "sort_order")
TYPE_FIELDS = ("code", "label_en", "label_ms", "colour", "sort_order")


def copy_rooms_and_types(source: Event, copy: Event, parts: frozenset[str], shift: timedelta) -> None:
    """Lifecycle step (events.lifecycle.on_event_copied)."""
    if "rooms" not in parts:
        return
    for room in db.session.scalars(select(Room).where(Room.event_id == source.id).order_by(Room.id)):
        db.session.add(Room(event_id=copy.id, **{name: getattr(room, name) for name in ROOM_FIELDS}))
    types = select(SessionType).where(SessionType.event_id == source.id).order_by(SessionType.id)
    for kind in db.session.scalars(types):
        db.session.add(SessionType(event_id=copy.id, **{name: getattr(kind, name) for name in TYPE_FIELDS}))
