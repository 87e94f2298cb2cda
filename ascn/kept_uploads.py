"""Spreadsheets kept between their preview and the import it confirms.

The uploaded bytes go in a database row, not on a local disk or in the login session, so
that the confirmation may reach another app server than the preview did. A row belongs to
one event, one uploader and one kind of import; it expires after an hour, and the rows
past their time are removed whenever a new file is kept. The confirmation reads the bytes
again and checks every row again against the database as it is then (see
`registration.import_preview`): what was true at the preview may no longer be.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, LargeBinary, String, Text, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from ascn.db import UTCDateTime, utcnow
from ascn.extensions import db
from ascn.transactions import unit_of_work

LIFETIME = timedelta(hours=1)
KINDS = ("delegation", "programme")


class KeptUpload(db.Model):
    __tablename__ = "kept_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The address of the preview: unguessable, so that one upload's preview is not found by counting.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the bytes
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


@unit_of_work
def keep(event_id: int, user_id: int, kind: str, filename: str, data: bytes) -> KeptUpload:
    """Service: store an uploaded file for its preview; forget the expired ones."""
    now = utcnow()
    db.session.execute(delete(KeptUpload).where(KeptUpload.expires_at < now))
    upload = KeptUpload(
        token=secrets.token_urlsafe(24),
        event_id=event_id,
        user_id=user_id,
        kind=kind,
        filename=filename or "",
        data=data,
        digest=hashlib.sha256(data).hexdigest(),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    db.session.add(upload)
    return upload


def find(event_id: int, user_id: int, kind: str, token: str) -> KeptUpload | None:
    """Query: the uploader's own file for this event and kind, while it is kept."""
    return db.session.scalar(
        select(KeptUpload).where(
            KeptUpload.token == token,
            KeptUpload.event_id == event_id,
            KeptUpload.user_id == user_id,
            KeptUpload.kind == kind,
            KeptUpload.expires_at >= utcnow(),
        )
    )


def discard(upload: KeptUpload) -> None:
    """Helper: the file has been imported; it is not kept any longer."""
    db.session.delete(upload)


def forget_event(event_id: int) -> int:
    """Helper for the purge of an event: its kept spreadsheets (they name its people)."""
    return db.session.execute(
        delete(KeptUpload).where(KeptUpload.event_id == event_id),
        execution_options={"synchronize_session": False},
    ).rowcount
