"""Login sessions kept on the server, so that logging out ends a session for good.

A signed cookie alone cannot be taken back: a copy made before logout would keep working
until it expires. Each login therefore gets a random key, stored as a SHA-256 digest in
`login_session`; the session and remember-me cookies carry the key, and loading the user
is one lookup by primary key. Logout deletes the row; a password change or reset deletes
every row of the account. These helpers join the caller's transaction.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from ascn.accounts.models import LoginSession, User
from ascn.db import utcnow
from ascn.extensions import db


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _max_age() -> timedelta:
    config = current_app.config
    seconds = max(config["REMEMBER_COOKIE_DURATION"], config["PERMANENT_SESSION_LIFETIME"].total_seconds())
    return timedelta(seconds=seconds)


def start(user: User) -> str:
    """A new session for `user`; its key is what Flask-Login stores (User.get_id)."""
    key = secrets.token_urlsafe(32)
    db.session.execute(
        delete(LoginSession).where(
            LoginSession.user_id == user.id, LoginSession.created_at < utcnow() - _max_age()
        )
    )
    db.session.add(LoginSession(digest=_digest(key), user_id=user.id))
    user.session_key = key
    return key


def user_for(key: str) -> User | None:
    """The account of a live session, or None for an ended, expired or unknown one."""
    if not key or len(key) > 100:
        return None
    row = db.session.execute(
        select(User, LoginSession.created_at)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.digest == _digest(key))
    ).first()
    if row is None or row.created_at < utcnow() - _max_age():
        return None
    user = row.User
    user.session_key = key
    return user


def end(user: User) -> None:
    """End the session this request came with."""
    if user.session_key:
        db.session.execute(delete(LoginSession).where(LoginSession.digest == _digest(user.session_key)))


def end_all(user: User) -> None:
    """End every session of the account (a password changed or reset, access removed)."""
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
