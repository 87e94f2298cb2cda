"""Saving a session: times read in the event's time zone, and the clash rules.

A room clash is always refused. A speaker clash is refused unless the organiser says it
is deliberate (a minister opening one session and closing another in the same hour).
"""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ascn.dates import format_time
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.catalogue import find
from ascn.programme.content import sanitise
from ascn.programme.models import (
    AUDIENCES,
    ROLES,
    ProgrammeSession,
    Room,
    SessionSpeaker,
    SessionType,
    Speaker,
    Track,
)
from ascn.transactions import unit_of_work

TEXT_FIELDS = ("title_en", "title_ms")
HTML_FIELDS = ("description_en", "description_ms")


def draft_sessions(event: Event) -> list[ProgrammeSession]:
    stmt = (
        select(ProgrammeSession)
        .where(ProgrammeSession.event_id == event.id)
        .options(
            selectinload(ProgrammeSession.speakers).selectinload(SessionSpeaker.speaker),
            selectinload(ProgrammeSession.room),
            selectinload(ProgrammeSession.session_type),
            selectinload(ProgrammeSession.track),
        )
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    return list(db.session.scalars(stmt))


def session_for(event: Event, session_id: int) -> ProgrammeSession | None:
    return find(ProgrammeSession, event, session_id)


def check_times(event: Event, starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ServiceError(_l("The session must end after it starts."), field="ends_at")
    start_day, end_day = event.local(starts_at).date(), event.local(ends_at).date()
    if start_day != end_day:
        raise ServiceError(
            _l("A session must end on the day it starts; split one that runs past midnight into two."),
            field="ends_at",
        )
    if not event.start_date <= start_day <= event.end_date:
        raise ServiceError(_l("The session is outside the event's dates."), field="starts_at")


def _overlapping(event: Event, session: ProgrammeSession | None, starts_at, ends_at):
    stmt = select(ProgrammeSession).where(
        ProgrammeSession.event_id == event.id,
        ProgrammeSession.status == "scheduled",
        ProgrammeSession.starts_at < ends_at,
        ProgrammeSession.ends_at > starts_at,
    )
    if session is not None and session.id is not None:
        stmt = stmt.where(ProgrammeSession.id != session.id)
    return stmt


def _describe(other: ProgrammeSession, event: Event) -> dict:
    return {
        "title": other.title,
        "start": format_time(event.local(other.starts_at), local=True),
        "end": format_time(event.local(other.ends_at), local=True),
    }


def check_clashes(event, session, room, starts_at, ends_at, speaker_ids, allow_speaker_clash) -> None:
    if room is not None:
        # Lock the room so that two organisers cannot book it for the same hour at once.
        db.session.scalar(select(Room).where(Room.id == room.id).with_for_update())
        other = db.session.scalars(
            _overlapping(event, session, starts_at, ends_at)
            .where(ProgrammeSession.room_id == room.id)
            .limit(1)
        ).first()
        if other is not None:
            raise ServiceError(
                _(
                    "%(room)s is already used by “%(title)s” from %(start)s to %(end)s.",
                    room=room.name,
                    **_describe(other, event),
                ),
                field="room_id",
            )
    if speaker_ids and not allow_speaker_clash:
        stmt = (
            _overlapping(event, session, starts_at, ends_at)
            .join(SessionSpeaker, SessionSpeaker.session_id == ProgrammeSession.id)
            .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
            .where(SessionSpeaker.speaker_id.in_(speaker_ids))
            .add_columns(Speaker.full_name)
            .limit(1)
        )
        row = db.session.execute(stmt).first()
        if row is not None:
            other, name = row
            raise ServiceError(
                _(
                    "%(name)s is already in “%(title)s” from %(start)s to %(end)s. Tick the box to keep "
                    "this clash on purpose.",
                    name=name,
                    **_describe(other, event),
                ),
                field="allow_speaker_clash",
            )


@unit_of_work
def save_session(event: Event, session: ProgrammeSession | None, **values) -> ProgrammeSession:
    session = apply_session(event, session, values)
    return session


def apply_session(event: Event, session: ProgrammeSession | None, values: dict) -> ProgrammeSession:
    """Check and apply one session's values without committing (the import applies a
    whole file this way, then commits once or not at all)."""
    if not (values.get("title_en") or values.get("title_ms")):
        raise ServiceError(_l("Give the session a title in at least one language."), field="title_en")
    session_type = find(SessionType, event, values.get("type_id"))
    if session_type is None:
        raise ServiceError(_l("Choose a session type."), field="type_id")
    room = find(Room, event, values.get("room_id") or None)
    if values.get("room_id") and room is None:
        raise ServiceError(_l("This room does not exist."), field="room_id")
    track = find(Track, event, values.get("track_id") or None)
    if values.get("track_id") and track is None:
        raise ServiceError(_l("This track does not exist."), field="track_id")
    if values.get("audience") not in AUDIENCES:
        raise ServiceError(_l("Choose who may attend."), field="audience")
    if values.get("starts_at") is None or values.get("ends_at") is None:
        raise ServiceError(_l("Enter when the session starts and ends."), field="starts_at")
    starts_at, ends_at = event.to_utc(values["starts_at"]), event.to_utc(values["ends_at"])
    check_times(event, starts_at, ends_at)
    people = _people(event, values)
    cancelled = bool(values.get("cancelled"))
    if not cancelled:
        check_clashes(
            event,
            session,
            room,
            starts_at,
            ends_at,
            [p.id for p, _ in people],
            values.get("allow_speaker_clash"),
        )
    session = session or ProgrammeSession(event_id=event.id)
    for name in TEXT_FIELDS:
        setattr(session, name, values.get(name) or "")
    for name in HTML_FIELDS:
        setattr(session, name, sanitise(values.get(name)))
    session.session_type, session.room, session.track = session_type, room, track
    session.starts_at, session.ends_at = starts_at, ends_at
    session.audience = values["audience"]
    session.status = "cancelled" if cancelled else "scheduled"
    _set_people(session, people)
    db.session.add(session)
    db.session.flush()
    return session


def _people(event: Event, values: dict) -> list[tuple[Speaker, str]]:
    """The session's people as (speaker, role), in the order typed, each person once
    (the first role given wins)."""
    wanted = [(sid, role) for role in ROLES for sid in (values.get(f"{role}_ids") or [])]
    ids = {sid for sid, _ in wanted}
    found = (
        {
            s.id: s
            for s in db.session.scalars(
                select(Speaker).where(Speaker.event_id == event.id, Speaker.id.in_(ids))
            )
        }
        if ids
        else {}
    )
    if ids - found.keys():
        raise ServiceError(_l("One of the chosen speakers does not exist."), field="speaker_ids")
    seen, people = set(), []
    for sid, role in wanted:
        if sid not in seen:
            seen.add(sid)
            people.append((found[sid], role))
    return people


def _set_people(session: ProgrammeSession, people) -> None:
    current = {link.speaker_id: link for link in session.speakers}
    keep = []
    for order, (speaker, role) in enumerate(people):
        link = current.get(speaker.id) or SessionSpeaker(speaker=speaker)
        link.role, link.sort_order = role, order
        keep.append(link)
    session.speakers = keep


def people_values(session: ProgrammeSession) -> dict:
    return {
        f"{role}_ids": [link.speaker_id for link in session.speakers if link.role == role] for role in ROLES
    }
