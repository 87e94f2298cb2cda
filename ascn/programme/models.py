"""Tables of the programme. Organisers edit the draft rows (rooms, types, tracks,
speakers, sessions); delegates read the latest `ProgrammeRelease`, an immutable snapshot
taken when an organiser publishes."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ascn.db import TimestampMixin, UTCDateTime, utcnow
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.textlimits import FULL_NAME, LINE

AUDIENCES = ("everyone", "heads_of_delegation", "ministers", "invitation")
AUDIENCE_LABELS = {
    "everyone": _l("Open to all delegates"),
    "heads_of_delegation": _l("Heads of Delegation only"),
    "ministers": _l("Ministers only"),
    "invitation": _l("By invitation only"),
}
STATUSES = ("scheduled", "cancelled")
ROLES = ("speaker", "moderator", "chair")
ROLE_LABELS = {"speaker": _l("Speaker"), "moderator": _l("Moderator"), "chair": _l("Chair")}


class Room(db.Model):
    __tablename__ = "programme_room"
    __table_args__ = (CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_ms: Mapped[str] = mapped_column(String(120), default="")
    floor_en: Mapped[str] = mapped_column(String(40), default="")
    floor_ms: Mapped[str] = mapped_column(String(40), default="")
    capacity: Mapped[int | None]
    sort_order: Mapped[int] = mapped_column(default=0)

    name = Bilingual()
    floor = Bilingual()


class SessionType(db.Model):
    __tablename__ = "programme_session_type"
    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    label_en: Mapped[str] = mapped_column(String(80), default="")
    label_ms: Mapped[str] = mapped_column(String(80), default="")
    colour: Mapped[str] = mapped_column(String(7), default="#0b5d6b")
    sort_order: Mapped[int] = mapped_column(default=0)

    label = Bilingual()


class Track(db.Model):
    __tablename__ = "programme_track"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_ms: Mapped[str] = mapped_column(String(120), default="")
    sort_order: Mapped[int] = mapped_column(default=0)

    name = Bilingual()


class Speaker(TimestampMixin, db.Model):
    """A speaker, moderator or chair: a delegate's account (`user_id`) or an external
    person. Clash detection works on this row, whichever kind it is."""

    __tablename__ = "programme_speaker"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    full_name: Mapped[str] = mapped_column(String(FULL_NAME))
    position_en: Mapped[str] = mapped_column(String(LINE), default="")
    position_ms: Mapped[str] = mapped_column(String(LINE), default="")
    organisation_en: Mapped[str] = mapped_column(String(LINE), default="")
    organisation_ms: Mapped[str] = mapped_column(String(LINE), default="")
    biography_en: Mapped[str] = mapped_column(Text, default="")
    biography_ms: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_version: Mapped[str | None] = mapped_column(String(16))

    position = Bilingual()
    organisation = Bilingual()
    biography = Bilingual()


class ProgrammeSession(TimestampMixin, db.Model):
    __tablename__ = "programme_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(f"audience IN {AUDIENCES}", name="audience"),
        CheckConstraint(f"status IN {STATUSES}", name="status"),
        Index("ix_programme_session_event_start", "event_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    title_ms: Mapped[str] = mapped_column(String(300), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ms: Mapped[str] = mapped_column(Text, default="")
    type_id: Mapped[int] = mapped_column(ForeignKey("programme_session_type.id"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("programme_track.id"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("programme_room.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    audience: Mapped[str] = mapped_column(String(30), default="everyone")
    status: Mapped[str] = mapped_column(String(12), default="scheduled")

    title = Bilingual()
    description = Bilingual()

    session_type: Mapped[SessionType] = relationship()
    track: Mapped[Track | None] = relationship()
    room: Mapped[Room | None] = relationship()
    speakers: Mapped[list["SessionSpeaker"]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SessionSpeaker.role, SessionSpeaker.sort_order",
    )


class SessionSpeaker(db.Model):
    __tablename__ = "programme_session_speaker"
    __table_args__ = (
        UniqueConstraint("session_id", "speaker_id"),
        CheckConstraint(f"role IN {ROLES}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("programme_session.id", ondelete="CASCADE"))
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("programme_speaker.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12), default="speaker")
    sort_order: Mapped[int] = mapped_column(default=0)

    session: Mapped[ProgrammeSession] = relationship(back_populates="speakers")
    speaker: Mapped[Speaker] = relationship()


class SavedSession(db.Model):
    """One session in one user's personal agenda."""

    __tablename__ = "programme_saved_session"
    __table_args__ = (UniqueConstraint("user_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        ForeignKey("programme_session.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgendaFeed(db.Model):
    """The secret of a user's calendar subscription URL; resetting it replaces the row's
    token, so the old address stops working at once."""

    __tablename__ = "programme_agenda_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProgrammeRelease(db.Model):
    """A published version of the programme: the whole snapshot as JSON (what delegates,
    the API and the booklet read) and what changed since the release before."""

    __tablename__ = "programme_release"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    snapshot: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    changes: Mapped[str] = mapped_column(Text, default="[]")
    notified: Mapped[int] = mapped_column(default=0)

    published_by = relationship("User")
