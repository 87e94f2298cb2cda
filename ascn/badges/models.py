"""Badge templates per category, the badge of each registration with its serial, the
print log, and batches with the chunks that workers render."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from ascn.accounts.models import User
from ascn.db import UTCDateTime, utcnow
from ascn.events.models import Category
from ascn.extensions import db
from ascn.i18n import Bilingual

LAYOUTS = ("a6", "cr80", "a4")
LAYOUT_LABELS = {
    "a6": _l("A6 portrait, one badge per page"),
    "cr80": _l("CR80 card (85.6 × 54 mm) for card printers"),
    "a4": _l("A4 sheet of four A6 badges with cut marks"),
}

# Why a badge was printed; everything but "first" and "batch" is a reprint a person asked for.
PRINT_REASONS = ("first", "batch", "lost", "damaged", "corrected", "category", "other")
REPRINT_REASONS = ("lost", "damaged", "corrected", "category", "other")
PRINT_REASON_LABELS = {
    "first": _l("First print"),
    "batch": _l("Printed in a batch"),
    "lost": _l("Lost badge"),
    "damaged": _l("Damaged badge"),
    "corrected": _l("Name or details corrected"),
    "category": _l("Category changed"),
    "other": _l("Other reason"),
}

BATCH_STATUSES = ("queued", "running", "done", "failed")
CHUNK_STATUSES = ("pending", "running", "done", "failed")


class BadgeTemplate(db.Model):
    """How the badges of one category look. Categories without one use the defaults."""

    __tablename__ = "badge_template"
    __table_args__ = (
        CheckConstraint(f"layout IN {LAYOUTS}", name="layout"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), unique=True)
    layout: Mapped[str] = mapped_column(String(8), default="a6")
    colour: Mapped[str] = mapped_column(String(7), default="#1f4e79")
    label_en: Mapped[str] = mapped_column(String(60), default="")
    label_ms: Mapped[str] = mapped_column(String(60), default="")
    show_photo: Mapped[bool] = mapped_column(default=True)
    show_country: Mapped[bool] = mapped_column(default=True)
    show_position: Mapped[bool] = mapped_column(default=True)
    show_organisation: Mapped[bool] = mapped_column(default=True)
    show_logo: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    label = Bilingual()
    category: Mapped[Category] = relationship()


class Badge(db.Model):
    """The badge of one registration. Without a row the badge has serial 1 and was never
    printed; a reprint raises the serial and every older badge then scans as revoked."""

    __tablename__ = "badge"
    __table_args__ = (CheckConstraint("serial >= 1", name="serial_positive"),)

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    serial: Mapped[int] = mapped_column(default=1)
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BadgeBatch(db.Model):
    """A night-before print run: the badges are fixed when it starts, rendered in chunks
    by any worker, then merged in order into one PDF kept here for every app server."""

    __tablename__ = "badge_batch"
    __table_args__ = (CheckConstraint(f"status IN {BATCH_STATUSES}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    language: Mapped[str] = mapped_column(String(5), default="ms")
    error: Mapped[str] = mapped_column(Text, default="")
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf_size: Mapped[int] = mapped_column(default=0)

    created_by: Mapped[User | None] = relationship()
    chunks: Mapped[list["BadgeBatchChunk"]] = relationship(
        order_by="BadgeBatchChunk.number", cascade="all, delete-orphan", passive_deletes=True
    )


class BadgeBatchChunk(db.Model):
    """A slice of a batch, rendered on its own; `registration_ids` keeps the batch's order."""

    __tablename__ = "badge_batch_chunk"
    __table_args__ = (
        UniqueConstraint("batch_id", "number"),
        CheckConstraint(f"status IN {CHUNK_STATUSES}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("badge_batch.id", ondelete="CASCADE"))
    number: Mapped[int]
    registration_ids: Mapped[str] = mapped_column(Text)  # comma-separated, in print order
    size: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # When it was (last) queued, and the last heartbeat of the worker rendering it: a
    # running chunk whose heartbeat is older than JOBS_LEASE lost its worker (runs.py).
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def ids(self) -> list[int]:
        return [int(i) for i in self.registration_ids.split(",") if i]


class BadgePrint(db.Model):
    """The print log: every badge printed, at the desk or in a batch, by whom and why."""

    __tablename__ = "badge_print"
    __table_args__ = (
        CheckConstraint(f"reason IN {PRINT_REASONS}", name="reason"),
        Index("ix_badge_print_registration_at", "registration_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    serial: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("badge_batch.id", ondelete="SET NULL"), index=True
    )

    actor: Mapped[User | None] = relationship()

    @property
    def reason_label(self) -> str:
        return str(PRINT_REASON_LABELS[self.reason])


class BadgeHandover(db.Model):
    """A printed badge given to its holder after the desk checked their identity document:
    a step of its own, apart from printing. Once per badge number: a double click, or two
    staff at once, record it once."""

    __tablename__ = "badge_handover"
    __table_args__ = (UniqueConstraint("registration_id", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    serial: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()


BATCH_STATUS_LABELS = {
    "queued": _l("Waiting for a worker"),
    "running": _l("Printing"),
    "done": _l("Ready"),
    "failed": _l("Failed"),
}
