"""Site visits and their bookings: confirmed seats and a waiting list in order.

The visit row carries its counters, written under a lock on that row by
`ascn.visits.booking` only; the database checks them, one booking per delegate per
visit, and one delegate per seat.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ascn.accounts.models import User
from ascn.db import TimestampMixin, UTCDateTime, utcnow
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.registration.models import Registration

BOOKING_STATUSES = ("confirmed", "waiting", "cancelled")
BOOKING_LABELS = {
    "confirmed": _l("Confirmed"),
    "waiting": _l("Waiting list"),
    "cancelled": _l("Cancelled"),
}

visit_category = Table(
    "site_visit_category",
    db.metadata,
    Column("visit_id", ForeignKey("site_visit.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class SiteVisit(TimestampMixin, db.Model):
    __tablename__ = "site_visit"
    __table_args__ = (
        CheckConstraint("seats >= 0", name="seats_not_negative"),
        CheckConstraint("waiting_count >= 0 AND override_count >= 0", name="counts_not_negative"),
        # Overbooking is possible only through bookings an organiser marked as an override.
        CheckConstraint(
            "confirmed_count >= 0 AND confirmed_count <= seats + override_count", name="not_oversold"
        ),
        CheckConstraint("returns_at > departs_at", name="returns_after_departure"),
        CheckConstraint(
            "reserved_for_heads >= 0 AND reserved_for_heads <= seats", name="reserved_within_seats"
        ),
        CheckConstraint("reserved_for_heads = 0 OR release_at IS NOT NULL", name="reserved_until_release"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    title_en: Mapped[str] = mapped_column(String(200), default="")
    title_ms: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ms: Mapped[str] = mapped_column(Text, default="")
    meeting_point_en: Mapped[str] = mapped_column(String(200), default="")
    meeting_point_ms: Mapped[str] = mapped_column(String(200), default="")
    notes_en: Mapped[str] = mapped_column(Text, default="")
    notes_ms: Mapped[str] = mapped_column(Text, default="")
    departs_at: Mapped[datetime] = mapped_column(UTCDateTime)
    returns_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seats: Mapped[int] = mapped_column(default=0)
    accredited_only: Mapped[bool] = mapped_column(default=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    published: Mapped[bool] = mapped_column(default=False)
    confirmed_count: Mapped[int] = mapped_column(default=0)
    waiting_count: Mapped[int] = mapped_column(default=0)
    override_count: Mapped[int] = mapped_column(default=0)
    # The last queue number given; numbers are taken under the row lock, so they follow
    # the order in which bookings commit.
    last_number: Mapped[int] = mapped_column(default=0)
    # Seats only a Head of Delegation may take until `release_at`; after it they are
    # ordinary seats (computed from the clock: no job frees them, the next booking change
    # under the lock promotes into them). `heads_count` is recounted with the others.
    reserved_for_heads: Mapped[int] = mapped_column(default=0, server_default="0")
    release_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heads_count: Mapped[int] = mapped_column(default=0, server_default="0")

    title = Bilingual()
    description = Bilingual()
    meeting_point = Bilingual()
    notes = Bilingual()
    event: Mapped[Event] = relationship()
    categories: Mapped[list[Category]] = relationship(secondary=visit_category, order_by=Category.sort_order)

    def reserved_now(self, now: datetime | None = None) -> int:
        """Seats still held back for Heads of Delegation at this moment."""
        if not self.reserved_for_heads or self.release_at is None:
            return 0
        return self.reserved_for_heads if (now or utcnow()) < self.release_at else 0

    def held_for_heads(self, now: datetime | None = None) -> int:
        """Held-back seats no Head has taken yet."""
        return max(0, self.reserved_now(now) - self.heads_count)

    def seats_left_for(self, head: bool, now: datetime | None = None) -> int:
        """Free seats a Head (or anyone else) may take, before the waiting list's claim."""
        free = self.seats - self.confirmed_count
        return max(0, free if head else free - self.held_for_heads(now))

    @property
    def seats_left(self) -> int:
        """Seats anyone may book now. Seats released by the clock while people wait are
        theirs (promoted at the next change under the lock), not a newcomer's."""
        return max(0, self.seats_left_for(False) - self.waiting_count)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    def is_full_for(self, registration: Registration | None) -> bool:
        # Heads are promoted at once into held seats, so none waits while one is free.
        return self.seats_left_for(True) == 0 if is_head(registration) else self.is_full


def is_head(registration: Registration | None) -> bool:
    """A Head of Delegation holding a place (ascn/registration/heads.py)."""
    return bool(registration is not None and registration.is_head and registration.is_active)


class VisitBooking(TimestampMixin, db.Model):
    __tablename__ = "visit_booking"
    __table_args__ = (
        UniqueConstraint("visit_id", "registration_id"),
        UniqueConstraint("visit_id", "number"),
        CheckConstraint(f"status IN {BOOKING_STATUSES}", name="status"),
        CheckConstraint("(status = 'confirmed') = (seat IS NOT NULL)", name="seat_when_confirmed"),
        CheckConstraint("NOT override OR status != 'waiting'", name="override_confirmed"),
        Index(
            "ux_visit_booking_seat",
            "visit_id",
            "seat",
            unique=True,
            sqlite_where=db.text("status = 'confirmed'"),
            postgresql_where=db.text("status = 'confirmed'"),
        ),
        Index("ix_visit_booking_queue", "visit_id", "status", "number"),
        # A place in line that keeps a seat elsewhere: one per held seat, and only while waiting.
        UniqueConstraint("held_booking_id", name="uq_visit_booking_held_booking_id"),
        CheckConstraint("held_booking_id IS NULL OR status = 'waiting'", name="holds_only_while_waiting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("site_visit.id", ondelete="CASCADE"))
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(12))
    number: Mapped[int]
    seat: Mapped[int | None]
    # Added above the visit's seats by an organiser, who is recorded with the reason.
    override: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")
    booked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Waiting for this visit while keeping that seat (a confirmed booking of the same
    # delegate at the same hour), given up in the promotion's transaction.
    held_booking_id: Mapped[int | None] = mapped_column(ForeignKey("visit_booking.id", ondelete="SET NULL"))

    visit: Mapped[SiteVisit] = relationship()
    registration: Mapped[Registration] = relationship()
    booked_by: Mapped[User | None] = relationship(foreign_keys=[booked_by_id])
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])
    held_booking: Mapped["VisitBooking | None"] = relationship(
        remote_side=[id], foreign_keys=[held_booking_id]
    )

    @property
    def status_label(self) -> str:
        return str(BOOKING_LABELS[self.status])
