"""Check-in: lists (a door or a bus), the phones paired to them, every scan, who is inside,
and the conflicts organisers review.

A scan is never deleted nor rewritten: what the device showed (`device_outcome`, when it
decided offline) and what the server judged (`outcome`) are both kept, and when they differ
a `Conflict` row says so. `Presence` is the one row per list and delegate that scans of the
same badge lock, so two doors cannot both admit a badge at the same instant online.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ascn.accounts.models import User
from ascn.db import UTCDateTime, utcnow
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.registration.models import Registration
from ascn.visits.models import SiteVisit

LIST_KINDS = ("door", "visit")
DIRECTIONS = ("in", "out")
# What a scan can mean, in the order the rule asks (ascn/checkin/rules.py).
OUTCOMES = (
    "valid",
    "unknown",
    "revoked",
    "cancelled",
    "not_approved",
    "change_pending",
    "not_on_list",
    "standby",
    "already_inside",
)
CONFLICT_KINDS = ("double_entry", "judged_otherwise", "clock", "device_revoked")

checkin_list_category = Table(
    "checkin_list_category",
    db.metadata,
    Column("list_id", ForeignKey("checkin_list.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)

checkin_list_staff = Table(
    "checkin_list_staff",
    db.metadata,
    Column("list_id", ForeignKey("checkin_list.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CheckinList(db.Model):
    """A door or a bus. A door admits every approved delegate, or only the categories
    chosen; a visit's bus admits its confirmed bookings and shows its waiting list as
    stand-by."""

    __tablename__ = "checkin_list"
    __table_args__ = (
        CheckConstraint(f"kind IN {LIST_KINDS}", name="kind"),
        CheckConstraint("(kind = 'visit') = (visit_id IS NOT NULL)", name="visit_when_bus"),
        UniqueConstraint("visit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="door")
    name_en: Mapped[str] = mapped_column(String(120), default="")
    name_ms: Mapped[str] = mapped_column(String(120), default="")
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("site_visit.id", ondelete="CASCADE"))
    # A door for everyone accredited, or only for the categories listed.
    all_categories: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    name = Bilingual()
    event: Mapped[Event] = relationship()
    visit: Mapped[SiteVisit | None] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=checkin_list_category, order_by=Category.sort_order
    )
    staff: Mapped[list[User]] = relationship(secondary=checkin_list_staff, order_by=User.email)


class Device(db.Model):
    """A phone or a computer paired to one list. It is created by an organiser with a
    one-time pairing code (kept only as a digest, valid for minutes) and holds a secret
    once paired (also kept as a digest), which every request of the scanner carries."""

    __tablename__ = "checkin_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("checkin_list.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    pairing_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    secret_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    paired_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    checkin_list: Mapped[CheckinList] = relationship()
    paired_by: Mapped[User | None] = relationship(foreign_keys=[paired_by_id])

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "paired" if self.paired_at is not None else "waiting"


class Scan(db.Model):
    """One scan as it happened at the door. `client_id` is made by the device, so a scan
    sent twice (a retried sync) is stored once."""

    __tablename__ = "checkin_scan"
    __table_args__ = (
        UniqueConstraint("device_id", "client_id"),
        CheckConstraint(f"direction IN {DIRECTIONS}", name="direction"),
        CheckConstraint(f"outcome IN {OUTCOMES}", name="outcome"),
        CheckConstraint(f"device_outcome IS NULL OR device_outcome IN {OUTCOMES}", name="device_outcome"),
        # The timeline of one delegate at one list, read by the rule and the attendance pages.
        Index("ix_checkin_scan_timeline", "list_id", "registration_id", "scanned_at"),
        Index("ix_checkin_scan_list_time", "list_id", "scanned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("checkin_list.id", ondelete="CASCADE"))
    device_id: Mapped[int] = mapped_column(ForeignKey("checkin_device.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(40))
    # None when the text scanned names no delegate of this event.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    serial: Mapped[int | None]
    direction: Mapped[str] = mapped_column(String(3), default="in")
    manual: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str] = mapped_column(String(16))
    # What the device decided and showed while offline; None when the server decided.
    device_outcome: Mapped[str | None] = mapped_column(String(16))
    # Whether the person went through: the device's word offline, the server's online.
    admitted: Mapped[bool] = mapped_column(default=False)
    # The time the scan counts at: the device's clock offline, unless it was far off (then
    # the time it arrived, and a conflict); the server's online.
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    checkin_list: Mapped[CheckinList] = relationship()
    device: Mapped[Device] = relationship()
    registration: Mapped[Registration | None] = relationship()

    @property
    def offline(self) -> bool:
        return self.device_outcome is not None


class Presence(db.Model):
    """Where a delegate is, for one list: inside since the last admitted entry, outside
    after an exit. Scans of one badge at one list lock this row first."""

    __tablename__ = "checkin_presence"

    list_id: Mapped[int] = mapped_column(ForeignKey("checkin_list.id", ondelete="CASCADE"), primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    inside: Mapped[bool] = mapped_column(default=False)
    # The time of the admitted scan that decided `inside`; None before any.
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_entry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Conflict(db.Model):
    """A scan the organisers should look at: a badge admitted twice while offline, a scan
    the server judged otherwise than the device, a clock far off, or a device revoked."""

    __tablename__ = "checkin_conflict"
    __table_args__ = (CheckConstraint(f"kind IN {CONFLICT_KINDS}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("checkin_list.id", ondelete="CASCADE"), index=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("checkin_scan.id", ondelete="CASCADE"), unique=True)
    # The earlier scan it clashes with (the first entry of a double entry).
    other_scan_id: Mapped[int | None] = mapped_column(ForeignKey("checkin_scan.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    resolution: Mapped[str] = mapped_column(Text, default="")

    scan: Mapped[Scan] = relationship(foreign_keys=[scan_id])
    other_scan: Mapped[Scan | None] = relationship(foreign_keys=[other_scan_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


OUTCOME_LABELS = {
    "valid": _l("Valid"),
    "unknown": _l("Unknown or forged badge"),
    "revoked": _l("Badge revoked"),
    "cancelled": _l("Registration cancelled"),
    "not_approved": _l("Registration not approved"),
    "change_pending": _l("Change of identity pending"),
    "not_on_list": _l("Not on this list"),
    "standby": _l("Stand-by: on the waiting list"),
    "already_inside": _l("Already inside"),
}
CONFLICT_LABELS = {
    "double_entry": _l("Admitted twice"),
    "judged_otherwise": _l("Judged otherwise by the server"),
    "clock": _l("Device clock far off"),
    "device_revoked": _l("Scanned by a revoked device"),
}
LIST_KIND_LABELS = {"door": _l("Door"), "visit": _l("Site visit bus")}
DIRECTION_LABELS = {"in": _l("Entry"), "out": _l("Exit")}
