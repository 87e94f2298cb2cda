"""Bilateral meetings: a delegation asks another for a meeting, the counterpart answers,
and the secretariat places each accepted request in a meeting room and a slot.

What the database guarantees, whatever the services do:
- a request is between two different delegations of its event;
- a room holds one meeting per slot (unique room and slot);
- a person sits in one meeting per slot: a participant row carries the slot of its
  meeting once placed, unique per person (slots of an event never overlap, which the
  slot service keeps);
- a meeting is placed in a room and a slot together, and only once accepted.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ascn.accounts.models import User
from ascn.db import TimestampMixin, UTCDateTime
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.programme.models import ProgrammeSession
from ascn.registration.models import Delegation, Registration

# The rank of those asked to meet, in protocol order.
LEVELS = ("minister", "senior_official", "city", "technical")
LEVEL_LABELS = {
    "minister": _l("Minister"),
    "senior_official": _l("Senior official"),
    "city": _l("City leadership"),
    "technical": _l("Technical level"),
}
# pending: awaiting the counterpart · proposed: the counterpart offered other slots and
# awaits the requester · accepted: both agree (placed once it has a room and a slot) ·
# declined, withdrawn (by the requester), expired (unanswered by its deadline).
REQUEST_STATUSES = ("pending", "proposed", "accepted", "declined", "withdrawn", "expired")
OPEN_STATUSES = ("pending", "proposed")
STATUS_LABELS = {
    "pending": _l("Awaiting an answer"),
    "proposed": _l("Other times proposed"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "expired": _l("Expired"),
}
SIDES = ("requester", "counterpart")
MEETING_LANGUAGES = ("en", "ms", "other")
# "In English" rather than "English": the language switch already names each language in itself.
MEETING_LANGUAGE_LABELS = {"en": _l("In English"), "ms": _l("In Malay"), "other": _l("In another language")}


class BilateralSettings(db.Model):
    """What the secretariat decides for an event's bilateral service."""

    __tablename__ = "bilateral_settings"
    __table_args__ = (
        CheckConstraint("answer_hours > 0", name="answer_hours_positive"),
        CheckConstraint("max_pending >= 0", name="max_pending_not_negative"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    # Whether delegations may ask for meetings now.
    open: Mapped[bool] = mapped_column(default=False)
    # A request not answered this many hours after it was made expires.
    answer_hours: Mapped[int] = mapped_column(default=72)
    # How many requests a delegation may have awaiting an answer at once.
    max_pending: Mapped[int] = mapped_column(default=10)


class BilateralRoom(db.Model):
    """A small meeting room kept for bilaterals, apart from the programme's halls."""

    __tablename__ = "bilateral_room"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_ms: Mapped[str] = mapped_column(String(120), default="")
    capacity: Mapped[int] = mapped_column(default=8)
    has_flags: Mapped[bool] = mapped_column(default=False)
    has_interpretation: Mapped[bool] = mapped_column(default=False)
    sort_order: Mapped[int] = mapped_column(default=0)

    name = Bilingual()
    event: Mapped[Event] = relationship()


class BilateralSlot(db.Model):
    """A time every bilateral room offers (e.g. 30 minutes between two sessions). The
    slots of an event never overlap (`ascn.bilaterals.rooms` keeps it so)."""

    __tablename__ = "bilateral_slot"
    __table_args__ = (
        UniqueConstraint("event_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()


class BilateralRequest(TimestampMixin, db.Model):
    """A delegation's request to meet another; once accepted and placed, the meeting."""

    __tablename__ = "bilateral_request"
    __table_args__ = (
        CheckConstraint("requester_id <> counterpart_id", name="two_delegations"),
        CheckConstraint(f"status IN {REQUEST_STATUSES}", name="status"),
        CheckConstraint(f"level IN {LEVELS}", name="level"),
        CheckConstraint(f"language IN {MEETING_LANGUAGES}", name="language"),
        CheckConstraint("(room_id IS NULL) = (slot_id IS NULL)", name="room_with_slot"),
        CheckConstraint("room_id IS NULL OR status = 'accepted'", name="placed_when_accepted"),
        # A room holds one meeting per slot.
        UniqueConstraint("room_id", "slot_id"),
        Index("ix_bilateral_request_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    counterpart_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    level: Mapped[str] = mapped_column(String(20))
    subject_en: Mapped[str] = mapped_column(String(500), default="")
    subject_ms: Mapped[str] = mapped_column(String(500), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    needs_interpreter: Mapped[bool] = mapped_column(default=False)
    needs_flags: Mapped[bool] = mapped_column(default=False)
    # Why the counterpart declined, or what they say with other times proposed.
    answer_note: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Unanswered (pending or proposed) past this moment, the request expires.
    answer_by: Mapped[datetime] = mapped_column(UTCDateTime)
    # The placement: a room and a slot, or neither. A pinned meeting was placed by hand
    # and the automatic placement works around it. A room or a slot holding meetings cannot
    # be deleted: the service takes its meetings out first.
    room_id: Mapped[int | None] = mapped_column(ForeignKey("bilateral_room.id"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("bilateral_slot.id"), index=True)
    pinned: Mapped[bool] = mapped_column(default=False)
    placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # A signing ceremony (a memorandum of understanding): published to the programme as a
    # public session naming both parties.
    is_signing: Mapped[bool] = mapped_column(default=False)
    signing_title_en: Mapped[str] = mapped_column(String(300), default="")
    signing_title_ms: Mapped[str] = mapped_column(String(300), default="")
    signing_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_session.id", ondelete="SET NULL")
    )

    subject = Bilingual()
    signing_title = Bilingual()
    event: Mapped[Event] = relationship()
    requester: Mapped[Delegation] = relationship(foreign_keys=[requester_id])
    counterpart: Mapped[Delegation] = relationship(foreign_keys=[counterpart_id])
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    placed_by: Mapped[User | None] = relationship(foreign_keys=[placed_by_id])
    room: Mapped[BilateralRoom | None] = relationship()
    slot: Mapped[BilateralSlot | None] = relationship()
    signing_session: Mapped[ProgrammeSession | None] = relationship()
    participants: Mapped[list["BilateralParticipant"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="BilateralParticipant.id"
    )
    preferences: Mapped[list["BilateralPreference"]] = relationship(
        back_populates="request", cascade="all, delete-orphan"
    )

    @property
    def is_placed(self) -> bool:
        return self.slot_id is not None


class BilateralPreference(db.Model):
    """A slot that suits one side of a request. The placement uses the slots that suit
    both; a counterpart that accepts without proposing others takes the requester's."""

    __tablename__ = "bilateral_preference"
    __table_args__ = (CheckConstraint(f"side IN {SIDES}", name="side"),)

    request_id: Mapped[int] = mapped_column(
        ForeignKey("bilateral_request.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("bilateral_slot.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    side: Mapped[str] = mapped_column(String(12), primary_key=True)

    request: Mapped[BilateralRequest] = relationship(back_populates="preferences")
    slot: Mapped[BilateralSlot] = relationship()


class BilateralParticipant(db.Model):
    """A person named by one side to attend. `slot_id` copies the meeting's slot while it
    is placed, so that the database refuses one person in two meetings at once."""

    __tablename__ = "bilateral_participant"
    __table_args__ = (
        UniqueConstraint("request_id", "registration_id"),
        UniqueConstraint("registration_id", "slot_id"),
        CheckConstraint(f"side IN {SIDES}", name="side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("bilateral_request.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(12))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("bilateral_slot.id"), index=True)

    request: Mapped[BilateralRequest] = relationship(back_populates="participants")
    registration: Mapped[Registration] = relationship()
