"""The event, the countries and organisations delegates come from, participant categories."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ascn import dates
from ascn.db import TimestampMixin, UTCDateTime, utcnow
from ascn.extensions import db
from ascn.i18n import Bilingual

COUNTRY_GROUPS = ("member", "partner", "organisation")
COUNTRY_GROUP_LABELS = {
    "member": _l("ASEAN Member States"),
    "partner": _l("Partner countries"),
    "organisation": _l("International organisations"),
}
# The Head of Delegation's category goes with the head designation: no form offers it.
HEAD_CATEGORY_CODE = "head_of_delegation"


class Event(TimestampMixin, db.Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL "
            "OR registration_closes_at > registration_opens_at",
            name="registration_window_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    short_name: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_ms: Mapped[str] = mapped_column(String(200), default="")
    theme_en: Mapped[str] = mapped_column(String(400), default="")
    theme_ms: Mapped[str] = mapped_column(String(400), default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_ms: Mapped[str] = mapped_column(Text, default="")
    venue_en: Mapped[str] = mapped_column(String(200), default="")
    venue_ms: Mapped[str] = mapped_column(String(200), default="")
    city_en: Mapped[str] = mapped_column(String(100), default="")
    city_ms: Mapped[str] = mapped_column(String(100), default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Kuala_Lumpur")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Once set, delegates and focal points can no longer change what they registered.
    registration_edits_locked: Mapped[bool] = mapped_column(default=False)
    privacy_notice_en: Mapped[str] = mapped_column(Text, default="")
    privacy_notice_ms: Mapped[str] = mapped_column(Text, default="")
    # What the secretariat tells every delegate on their home page (the bus leaves at…).
    delegate_notice_en: Mapped[str] = mapped_column(Text, default="")
    delegate_notice_ms: Mapped[str] = mapped_column(Text, default="")
    # The event's own look (events.look): colours checked against white text, the logo's
    # digest (None: no logo) naming the version its address carries.
    primary_colour: Mapped[str | None] = mapped_column(String(7))
    accent_colour: Mapped[str | None] = mapped_column(String(7))
    logo_digest: Mapped[str | None] = mapped_column(String(64))
    # The secretariat's address: on the confirmation page and in every email about the event.
    contact_email: Mapped[str] = mapped_column(String(254), default="")

    name = Bilingual()
    theme = Bilingual()
    description = Bilingual()
    venue = Bilingual()  # "Putrajaya International Convention Centre" / "Pusat Konvensyen …"
    city = Bilingual()  # "Singapore" / "Singapura"
    privacy_notice = Bilingual()
    delegate_notice = Bilingual()

    categories: Mapped[list["Category"]] = relationship(
        back_populates="event", order_by="Category.sort_order, Category.id"
    )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, moment: datetime) -> datetime:
        """A stored (UTC) moment on the event's clock: what its people read."""
        return dates.on_clock(moment, self.tz)

    def to_utc(self, reading: datetime) -> datetime:
        """A time typed on the event's clock (naive) as the UTC moment stored."""
        return dates.to_utc(reading, self.tz)

    @property
    def has_privacy_notice(self) -> bool:
        """The notice a registration asks consent to is published (written in a language)."""
        return bool(self.privacy_notice_en.strip() or self.privacy_notice_ms.strip())

    @property
    def reference_prefix(self) -> str:
        """The start of a registration's reference number: the short name, letters and digits."""
        return "".join(ch for ch in self.short_name.upper() if ch.isalnum()) or "REG"

    def registration_state(self, now: datetime | None = None) -> str:
        """'not_yet', 'open' or 'closed' at `now`."""
        now = now or utcnow()
        if self.registration_opens_at is None or now < self.registration_opens_at:
            return "not_yet"
        if not self.has_privacy_notice:  # nobody can consent to a notice that is not there
            return "not_yet"
        if self.registration_closes_at is not None and now >= self.registration_closes_at:
            return "closed"
        return "open"


class EventLogo(db.Model):
    """The event's logo, re-encoded by Pillow; kept apart so that loading an event never
    loads the bytes."""

    __tablename__ = "event_logo"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(40), default="image/png")
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)


EVENT_ROLES = ("organiser", "staff", "focal_point")


class EventRole(db.Model):
    """What a person does at one event: organiser, staff, or focal point of one delegation.
    Administrators are global (`User.role`); everyone else is a delegate unless given a role
    here, so a person may be a delegate at one meeting and staff at another."""

    __tablename__ = "event_role"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint(f"role IN {EVENT_ROLES}", name="role"),
        # A focal point always speaks for one delegation, and only a focal point does.
        CheckConstraint("(role = 'focal_point') = (country_id IS NOT NULL)", name="focal_country"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    country_id: Mapped[int | None] = mapped_column(ForeignKey("country.id"), index=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    country: Mapped["Country | None"] = relationship()
    user = relationship("User", foreign_keys=[user_id])


class Country(db.Model):
    """A member state, a partner country, or an international organisation."""

    __tablename__ = "country"
    __table_args__ = (CheckConstraint(f"country_group IN {COUNTRY_GROUPS}", name="group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_ms: Mapped[str] = mapped_column(String(120))
    country_group: Mapped[str] = mapped_column(String(12))
    sort_order: Mapped[int] = mapped_column(default=0)

    name = Bilingual()


class Category(db.Model):
    """A participant category; its colour is the band on the badge. The organisers say
    which ones a delegate registering themselves, and a focal point naming delegates, may
    choose; every other category is the secretariat's to give."""

    __tablename__ = "category"
    __table_args__ = (
        UniqueConstraint("event_id", "code"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    label_en: Mapped[str] = mapped_column(String(80), default="")
    label_ms: Mapped[str] = mapped_column(String(80), default="")
    colour: Mapped[str] = mapped_column(String(7), default="#1f4e79")
    sort_order: Mapped[int] = mapped_column(default=0)
    delegate_may_choose: Mapped[bool] = mapped_column(default=False)
    focal_point_may_choose: Mapped[bool] = mapped_column(default=False)

    label = Bilingual()
    event: Mapped[Event] = relationship(back_populates="categories")

    @property
    def is_head_category(self) -> bool:
        return self.code == HEAD_CATEGORY_CODE
