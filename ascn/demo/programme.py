"""The ASCN8 programme, 8–12 September 2025 at Hotel Shangri-La Kuala Lumpur, in English
and Malay. Idempotent: rows are found by natural keys; release 1 is published once."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.demo.programme_sessions import SESSIONS
from ascn.demo.programme_venue import FLOORS_MS, ORGANISATIONS_MS, ROOMS, SPEAKERS, TRACKS, TYPES
from ascn.demo.records import get_or_add
from ascn.extensions import db
from ascn.programme.content import sanitise
from ascn.programme.models import (
    ProgrammeRelease,
    ProgrammeSession,
    Room,
    SessionSpeaker,
    SessionType,
    Speaker,
    Track,
)


def seed_programme(event, added: dict) -> None:
    rooms = [
        get_or_add(
            Room,
            {"event_id": event.id, "name_en": en},
            {
                "name_ms": ms,
                "floor_en": floor,
                "floor_ms": FLOORS_MS.get(floor, floor),
                "capacity": cap,
                "sort_order": n,
            },
            added,
        )
        for n, (en, ms, floor, cap) in enumerate(ROOMS)
    ]
    types = {
        code: get_or_add(
            SessionType,
            {"event_id": event.id, "code": code},
            {"label_en": en, "label_ms": ms, "colour": colour, "sort_order": n},
            added,
        )
        for n, (code, en, ms, colour) in enumerate(TYPES)
    }
    tracks = {
        code: get_or_add(
            Track, {"event_id": event.id, "name_en": en}, {"name_ms": ms, "sort_order": n}, added
        )
        for n, (code, en, ms) in enumerate(TRACKS)
    }
    speakers = {}
    for key, (name, pos_en, pos_ms, org, bio_en, bio_ms) in SPEAKERS.items():
        speakers[key] = get_or_add(
            Speaker,
            {"event_id": event.id, "full_name": name},
            {
                "position_en": pos_en,
                "position_ms": pos_ms,
                "organisation_en": org,
                "organisation_ms": ORGANISATIONS_MS.get(org, org),
                "biography_en": sanitise(bio_en),
                "biography_ms": sanitise(bio_ms),
            },
            added,
        )
    # One speaker is a registered delegate: the focal point of Singapore, when present.
    focal = db.session.scalar(select(User).where(User.email == "focal.sg@ascn8.example"))
    if focal is not None and speakers["sg"].user_id is None:
        speakers["sg"].user_id = focal.id
    db.session.flush()
    for day, start, end, code, track, room, audience, t_en, t_ms, d_en, d_ms, people in SESSIONS:
        when = date(2025, 9, 8) + timedelta(days=day)
        starts_at = event.to_utc(datetime.combine(when, time.fromisoformat(start)))
        session = db.session.scalar(
            select(ProgrammeSession).where(
                ProgrammeSession.event_id == event.id,
                ProgrammeSession.title_en == t_en,
                ProgrammeSession.starts_at == starts_at,
            )
        )
        if session is not None:
            continue
        session = ProgrammeSession(
            event_id=event.id,
            title_en=t_en,
            title_ms=t_ms,
            description_en=sanitise(d_en),
            description_ms=sanitise(d_ms),
            session_type=types[code],
            track=tracks[track] if track else None,
            room=rooms[room] if room is not None else None,
            starts_at=starts_at,
            ends_at=event.to_utc(datetime.combine(when, time.fromisoformat(end))),
            audience=audience,
        )
        session.speakers = [
            SessionSpeaker(speaker=speakers[key], role=role, sort_order=n)
            for n, (key, role) in enumerate(people)
        ]
        db.session.add(session)
        added["programme_session"] = added.get("programme_session", 0) + 1
    db.session.flush()
    if (
        db.session.scalar(select(ProgrammeRelease.id).where(ProgrammeRelease.event_id == event.id).limit(1))
        is None
    ):
        _publish_first_release(event, added)


def _publish_first_release(event, added: dict) -> None:
    import json

    from ascn.programme import snapshot
    from ascn.programme.publishing import _digest

    data = snapshot.build(event)
    text, digest = _digest(data)
    organiser = db.session.scalar(select(User.id).where(User.email == "organiser@ascn8.example"))
    db.session.add(
        ProgrammeRelease(
            event_id=event.id,
            number=1,
            published_by_id=organiser,
            snapshot=text,
            digest=digest,
            changes=json.dumps(
                [{"session_id": s["id"], "kind": "added", "fields": []} for s in data["sessions"]]
            ),
        )
    )
    added["programme_release"] = 1
