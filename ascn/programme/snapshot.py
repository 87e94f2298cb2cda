"""The programme as plain data: built from the draft tables, stored as a release,
read back as light objects that templates, the API, calendars and the booklet share.

Reading a release costs one query whatever its size; a parsed release is immutable, so
each process keeps the few most recent ones in memory, keyed by release id.
"""

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ascn import dates
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.programme import catalogue, sessions, speakers
from ascn.programme.models import AUDIENCE_LABELS, ROLE_LABELS, ProgrammeRelease


def _pair(obj, name: str) -> dict:
    return {"en": getattr(obj, f"{name}_en") or "", "ms": getattr(obj, f"{name}_ms") or ""}


def build(event: Event) -> dict:
    """The draft programme as the dict a release stores (and the API serves)."""
    every = sessions.draft_sessions(event)
    return {
        "event": {
            "id": event.id,
            "short_name": event.short_name,
            "timezone": event.timezone,
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "name": _pair(event, "name"),
        },
        "rooms": [
            {"id": r.id, "name": _pair(r, "name"), "floor": _pair(r, "floor"), "capacity": r.capacity}
            for r in catalogue.rooms(event)
        ],
        "session_types": [
            {"id": t.id, "code": t.code, "label": _pair(t, "label"), "colour": t.colour}
            for t in catalogue.session_types(event)
        ],
        "tracks": [{"id": t.id, "name": _pair(t, "name")} for t in catalogue.tracks(event)],
        "speakers": [
            {
                "id": s.id,
                "full_name": s.full_name,
                "position": _pair(s, "position"),
                "organisation": _pair(s, "organisation"),
                "biography": _pair(s, "biography"),
                "photo": s.photo_version,
            }
            for s in speakers.speakers(event)
        ],
        "sessions": [
            {
                "id": s.id,
                "title": _pair(s, "title"),
                "description": _pair(s, "description"),
                "type_id": s.type_id,
                "track_id": s.track_id,
                "room_id": s.room_id,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "audience": s.audience,
                "status": s.status,
                "speakers": [{"speaker_id": link.speaker_id, "role": link.role} for link in s.speakers],
            }
            for s in every
        ],
    }


class _Item(SimpleNamespace):
    """A released row, read back from the stored data. Named `Released…` so that no
    reader mistakes one for the draft model of the same thing."""

    @classmethod
    def load(cls, data: dict, **extra):
        values = {}
        for key, value in data.items():
            if isinstance(value, dict) and set(value) == {"en", "ms"}:
                values[f"{key}_en"], values[f"{key}_ms"] = value["en"], value["ms"]
            else:
                values[key] = value
        return cls(**{**values, **extra})


class ReleasedRoom(_Item):
    name = Bilingual()
    floor = Bilingual()


class ReleasedSessionType(_Item):
    label = Bilingual()


class ReleasedTrack(_Item):
    name = Bilingual()


class ReleasedSpeaker(_Item):
    position = Bilingual()
    organisation = Bilingual()
    biography = Bilingual()


class ReleasedSession(_Item):
    title = Bilingual()
    description = Bilingual()

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def audience_label(self):
        return AUDIENCE_LABELS.get(self.audience, "")


@dataclass
class Programme:
    data: dict
    release: SimpleNamespace | None = None
    sessions: list = field(default_factory=list)

    def __post_init__(self):
        d = self.data
        self.tz = ZoneInfo(d["event"]["timezone"])
        self.rooms = {r["id"]: ReleasedRoom.load(r) for r in d["rooms"]}
        self.types = {t["id"]: ReleasedSessionType.load(t) for t in d["session_types"]}
        self.tracks = {t["id"]: ReleasedTrack.load(t) for t in d["tracks"]}
        self.speakers = {s["id"]: ReleasedSpeaker.load(s, sessions=[]) for s in d["speakers"]}
        for raw in d["sessions"]:
            session = ReleasedSession.load(
                {k: v for k, v in raw.items() if k != "speakers"},
                starts_at=self.local(datetime.fromisoformat(raw["starts_at"])),
                ends_at=self.local(datetime.fromisoformat(raw["ends_at"])),
                session_type=self.types.get(raw["type_id"]),
                track=self.tracks.get(raw["track_id"]),
                room=self.rooms.get(raw["room_id"]),
                people=[
                    (ROLE_LABELS[p["role"]], p["role"], self.speakers[p["speaker_id"]])
                    for p in raw["speakers"]
                    if p["speaker_id"] in self.speakers
                ],
            )
            session.day = session.starts_at.date()
            self.sessions.append(session)
            for _label, _role, speaker in session.people:
                speaker.sessions.append(session)
        self.by_id = {s.id: s for s in self.sessions}
        start, end = date.fromisoformat(d["event"]["start_date"]), date.fromisoformat(d["event"]["end_date"])
        self.days = [start + timedelta(days=n) for n in range((end - start).days + 1)]

    def local(self, moment: datetime) -> datetime:
        """A moment on the released event's clock (as `Event.local`, for a release that
        carries its event's zone rather than the row)."""
        return dates.on_clock(moment, self.tz)

    def on_day(self, day: date, sessions=None) -> list:
        return [s for s in (self.sessions if sessions is None else sessions) if s.day == day]

    def filtered(self, type_id=None, track_id=None, room_id=None, query: str = "") -> list:
        words = query.casefold().split()
        found = []
        for s in self.sessions:
            if type_id and s.type_id != type_id or track_id and s.track_id != track_id:
                continue
            if room_id and s.room_id != room_id:
                continue
            if words:
                haystack = " ".join(
                    [s.title_en, s.title_ms, s.description_en, s.description_ms]
                    + [p.full_name for _l, _r, p in s.people]
                ).casefold()
                if not all(w in haystack for w in words):
                    continue
            found.append(s)
        return found

    def now_and_next(self, now: datetime) -> tuple[list, list]:
        """Sessions running at `now`, and the ones starting next, while the meeting runs."""
        if not self.days or not self.days[0] <= self.local(now).date() <= self.days[-1]:
            return [], []
        live = [s for s in self.sessions if not s.cancelled]
        running = [s for s in live if s.starts_at <= now < s.ends_at]
        upcoming = [s for s in live if s.starts_at > now]
        if not upcoming:
            return running, []
        first = upcoming[0].starts_at
        return running, [s for s in upcoming if s.starts_at == first]


_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 4


def head(event: Event):
    """The latest release's id, number, time and digest (no snapshot): one small query,
    enough to answer a conditional request with 304."""
    stmt = (
        select(
            ProgrammeRelease.id,
            ProgrammeRelease.number,
            ProgrammeRelease.published_at,
            ProgrammeRelease.digest,
        )
        .where(ProgrammeRelease.event_id == event.id)
        .order_by(ProgrammeRelease.number.desc())
        .limit(1)
    )
    row = db.session.execute(stmt).first()
    return SimpleNamespace(**row._asdict()) if row else None


def latest_programme(event: Event, release_head=None) -> Programme | None:
    release_head = release_head or head(event)
    if release_head is None:
        return None
    key = (release_head.id, release_head.number, release_head.digest)
    programme = _CACHE.get(key)
    if programme is None:
        text = db.session.scalar(
            select(ProgrammeRelease.snapshot).where(ProgrammeRelease.id == release_head.id)
        )
        programme = Programme(json.loads(text), release=release_head)
        _CACHE[key] = programme
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return programme


def draft_programme(event: Event) -> Programme:
    return Programme(build(event))
