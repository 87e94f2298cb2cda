"""The personal agenda: saved sessions, overlaps, and the private calendar feed."""

import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme import snapshot
from ascn.programme.models import AgendaFeed, SavedSession
from ascn.transactions import AGAIN, unit_of_work

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def saved_ids(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(db.session.scalars(select(SavedSession.session_id).where(SavedSession.user_id == user.id)))


@unit_of_work(on_conflict=AGAIN)  # a double tap: run again, it finds the other's row
def save(event: Event, user: User, session_id: int) -> None:
    """Add a published session to the user's agenda (saving it twice is harmless)."""
    programme = snapshot.latest_programme(event)
    if programme is None or session_id not in programme.by_id:
        raise ServiceError(_l("This session is not in the published programme."))
    exists = select(SavedSession.id).where(
        SavedSession.user_id == user.id, SavedSession.session_id == session_id
    )
    if db.session.scalar(exists) is None:
        db.session.add(SavedSession(user_id=user.id, session_id=session_id))


@unit_of_work
def remove(user: User, session_id: int) -> None:
    db.session.execute(
        delete(SavedSession).where(SavedSession.user_id == user.id, SavedSession.session_id == session_id)
    )


def agenda(event: Event, user) -> tuple[list, set[int]]:
    """The user's saved sessions in the published programme, by time, and the ids of
    those that overlap another saved (and not cancelled) one."""
    programme = snapshot.latest_programme(event)
    if programme is None:
        return [], set()
    ids = saved_ids(user)
    mine = [s for s in programme.sessions if s.id in ids]
    clashing = set()
    live = [s for s in mine if not s.cancelled]
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if b.starts_at >= a.ends_at:
                break
            clashing |= {a.id, b.id}
    return mine, clashing


@unit_of_work(on_conflict=AGAIN)  # made by a parallel request: run again, it reads that one
def feed_token(user: User, create: bool = True) -> str | None:
    token = db.session.scalar(select(AgendaFeed.token).where(AgendaFeed.user_id == user.id))
    if token is None and create:
        token = secrets.token_urlsafe(32)
        db.session.add(AgendaFeed(user_id=user.id, token=token))
    return token


@unit_of_work
def reset_feed_token(user: User) -> str:
    """A new secret: calendars subscribed with the old address stop receiving updates."""
    feed = db.session.scalar(select(AgendaFeed).where(AgendaFeed.user_id == user.id))
    if feed is None:
        feed = AgendaFeed(user_id=user.id)
        db.session.add(feed)
    feed.token = secrets.token_urlsafe(32)
    return feed.token


def user_for_token(token: str) -> User | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    return db.session.scalar(
        select(User)
        .join(AgendaFeed, AgendaFeed.user_id == User.id)
        .where(AgendaFeed.token == token, User.active.is_(True))
    )
