"""Publishing: what is missing, what changed, the new release, and the emails to the
delegates whose saved sessions changed (one per delegate per publish, in their language).
The release only counts them; one job after the commit writes their emails, so that a
thousand agendas do not keep the organiser waiting."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.mail import Letter, write_later
from ascn.programme import snapshot
from ascn.programme.models import ProgrammeRelease, ProgrammeSession, SavedSession
from ascn.transactions import unit_of_work
from ascn.urls import public_url

# What a delegate who saved a session is told about. A corrected description is part
# of the release's record but does not mail thousands of people.
NOTIFY = ("status", "starts_at", "ends_at", "room_id", "title", "speakers", "audience")
COMPARED = NOTIFY + ("description", "type_id", "track_id")
FIELD_LABELS = {
    "status": _l("status"),
    "starts_at": _l("start time"),
    "ends_at": _l("end time"),
    "room_id": _l("room"),
    "title": _l("title"),
    "speakers": _l("speakers"),
    "audience": _l("audience"),
    "description": _l("description"),
    "type_id": _l("session type"),
    "track_id": _l("track"),
}
KIND_LABELS = {
    "added": _l("Added"),
    "changed": _l("Changed"),
    "cancelled": _l("Cancelled"),
    "removed": _l("Removed"),
}


def missing_languages(data: dict) -> list[dict]:
    """Scheduled sessions whose title is not in both languages, or whose description is
    in only one: they cannot be published."""
    problems = []
    for s in data["sessions"]:
        if s["status"] == "cancelled":
            continue
        missing = [f"title_{code}" for code in ("en", "ms") if not s["title"][code].strip()]
        has = [code for code in ("en", "ms") if s["description"][code].strip()]
        if len(has) == 1:
            missing.append(f"description_{'ms' if has == ['en'] else 'en'}")
        if missing:
            problems.append(
                {"id": s["id"], "title": s["title"]["en"] or s["title"]["ms"], "missing": missing}
            )
    return problems


def changes_between(before: dict | None, after: dict) -> list[dict]:
    old = {s["id"]: s for s in (before or {"sessions": []})["sessions"]}
    new = {s["id"]: s for s in after["sessions"]}
    changes = []
    for sid, s in new.items():
        if sid not in old:
            changes.append({"session_id": sid, "kind": "added", "fields": []})
            continue
        fields = [name for name in COMPARED if old[sid][name] != s[name]]
        if fields:
            kind = "cancelled" if "status" in fields and s["status"] == "cancelled" else "changed"
            changes.append({"session_id": sid, "kind": kind, "fields": fields})
    changes += [{"session_id": sid, "kind": "removed", "fields": []} for sid in old.keys() - new.keys()]
    return changes


def _digest(data: dict) -> tuple[str, str]:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text, hashlib.sha256(text.encode()).hexdigest()


def pending(event: Event) -> tuple[dict, list[dict], list[dict]]:
    """The draft, its changes against the published programme, and what blocks it."""
    data = snapshot.build(event)
    published = snapshot.latest_programme(event)
    return data, changes_between(published.data if published else None, data), missing_languages(data)


@dataclass
class Review:
    """What the organiser confirms before publishing: the changes, what blocks them, how
    many delegates would be emailed, and the draft's digest, which the confirmation
    carries back so that a draft changed meanwhile is not published unseen."""

    data: dict
    changes: list[dict]
    missing: list[dict]
    first: bool
    notified: int
    digest: str


def review(event: Event) -> Review:
    data, changes, missing = pending(event)
    first = snapshot.head(event) is None
    notified = 0 if first else _count_savers(_affected(changes))
    return Review(data, changes, missing, first, notified, _digest(data)[1])


# Another organiser published at the same moment: the release number is unique per event.
@unit_of_work(on_conflict=_l("Another organiser has just published. Check the changes and try again."))
def publish(event: Event, user: User, reviewed: str | None = None) -> ProgrammeRelease:
    """`reviewed` is the digest of the draft the organiser confirmed (`review`); the pages
    always pass it, scripts and the demo may leave it out."""
    data, changes, missing = pending(event)
    if missing:
        raise ServiceError(_l("Some sessions are not yet in both languages; complete them first."))
    previous = snapshot.head(event)
    if previous is None and not data["sessions"]:
        raise ServiceError(_l("There are no sessions to publish yet."))
    if previous is not None and not changes:
        raise ServiceError(_l("Nothing has changed since the last release."))
    text, digest = _digest(data)
    if reviewed is not None and reviewed != digest:
        raise ServiceError(
            _l("The draft has changed since you reviewed it. Check the changes and publish again.")
        )
    release = ProgrammeRelease(
        event_id=event.id,
        number=(previous.number if previous else 0) + 1,
        published_by_id=user.id,
        snapshot=text,
        digest=digest,
        changes=json.dumps(changes),
    )
    db.session.add(release)
    db.session.flush()
    if previous is not None:  # the very first release is news to no one
        release.notified = _count_savers(_affected(changes))
        if release.notified:
            write_later(change_letters, release.id)
    return release


def _affected(changes: list[dict]) -> dict[int, dict]:
    """The changes a saver is told of, by session id."""
    return {
        c["session_id"]: c
        for c in changes
        if c["kind"] in ("cancelled", "removed") or set(c["fields"]) & set(NOTIFY)
    }


def _savers(columns, session_ids):
    """Active accounts that saved one of these sessions."""
    return (
        select(*columns)
        .select_from(SavedSession)
        .join(User, User.id == SavedSession.user_id)
        .where(SavedSession.session_id.in_(session_ids), User.active.is_(True))
    )


def _count_savers(affected: dict) -> int:
    if not affected:
        return 0
    return db.session.scalar(_savers([func.count(func.distinct(SavedSession.user_id))], affected))


def change_letters(release_ids: list[int]):
    """Writer (`mail.write_later`): for each release, one letter per delegate who saved a
    changed session, listing their sessions that changed."""
    for release in db.session.scalars(select(ProgrammeRelease).where(ProgrammeRelease.id.in_(release_ids))):
        affected = _affected(json.loads(release.changes))
        if not affected:
            continue
        by_user, users = defaultdict(list), {}
        savers = _savers([SavedSession.session_id, User], affected).order_by(User.id, SavedSession.session_id)
        for session_id, user in db.session.execute(savers):
            users[user.id] = user
            by_user[user.id].append(session_id)
        programme = snapshot.Programme(json.loads(release.snapshot))
        event = db.session.get(Event, release.event_id)
        agenda_url = public_url("programme.agenda", event=event.slug)
        for user_id, session_ids in by_user.items():
            user = users[user_id]
            items = [_item(programme, affected[sid], event) for sid in session_ids if sid in programme.by_id]
            context = {"user": user, "items": items, "agenda_url": agenda_url, "event": event}
            yield Letter(user.email, "programme_changed", user.locale, context)


def _item(programme, change: dict, event: Event) -> dict:
    return {
        "session": programme.by_id[change["session_id"]],
        "cancelled": change["kind"] in ("cancelled", "removed"),
        "fields": [FIELD_LABELS[f] for f in change["fields"] if f in NOTIFY],
        "url": public_url("programme.session", event=event.slug, session_id=change["session_id"]),
    }


@unit_of_work
def delete_session(event: Event, session: ProgrammeSession) -> None:
    """Delete a session that delegates have never seen. A published one is cancelled
    instead, so that those who saved it are told. It lives here, not with the draft's
    sessions, because the published programme decides."""
    published = snapshot.latest_programme(event)
    if published is not None and session.id in published.by_id:
        raise ServiceError(_l("This session has been published: cancel it instead of deleting it."))
    db.session.delete(session)


def releases(event: Event, limit: int = 20) -> list[dict]:
    stmt = (
        select(ProgrammeRelease)
        .where(ProgrammeRelease.event_id == event.id)
        .order_by(ProgrammeRelease.number.desc())
        .limit(limit)
    )
    return [{"release": r, "changes": json.loads(r.changes)} for r in db.session.scalars(stmt)]
