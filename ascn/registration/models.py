"""Registrations, delegations with their quotas, the decision log, badge photos."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ascn.accounts.models import User
from ascn.db import TimestampMixin, UTCDateTime, utcnow
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.textlimits import FULL_NAME, LINE, NAME_PART

STATUSES = ("pending", "approved", "rejected", "cancelled")
# A place in a delegation's quota is taken while a registration is in one of these.
ACTIVE_STATUSES = ("pending", "approved")
STATUS_LABELS = {
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "cancelled": _l("Cancelled"),
}

# In protocol order: delegation lists, badges and seating sort by this.
PROTOCOL_RANKS = ("minister", "head_of_delegation", "senior_official", "delegate", "support_staff")
RANK_LABELS = {
    "minister": _l("Minister"),
    "head_of_delegation": _l("Head of Delegation"),
    "senior_official": _l("Senior official"),
    "delegate": _l("Delegate"),
    "support_staff": _l("Support staff"),
}
RANK_ORDER = {rank: order for order, rank in enumerate(PROTOCOL_RANKS)}

# Who the badge says a person is: after approval, a change of these waits for the organisers.
IDENTITY_FIELDS = ("honorific", "given_names", "family_name", "badge_name", "latin_name", "category_id")

# Suggested in the form; any other honorific may be typed.
HONORIFICS = (
    "H.E.", "Tan Sri", "Puan Sri", "Dato' Sri", "Datuk Seri", "Datuk", "Dato'", "Datin", "Pengiran",
    "Dr", "Prof", "Ir.", "Mr", "Ms", "Mrs", "Tuan", "Puan", "Encik",
)  # fmt: skip


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registration"
    __table_args__ = (
        # One registration per email per event; a cancelled one is reopened, not duplicated.
        UniqueConstraint("event_id", "email"),
        # The reference number people quote to the secretariat (ASCN8-00123).
        UniqueConstraint("event_id", "reference_no"),
        CheckConstraint(f"status IN {STATUSES}", name="status"),
        CheckConstraint(f"protocol_rank IN {PROTOCOL_RANKS}", name="protocol_rank"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("locale IN ('en', 'ms')", name="locale"),
        CheckConstraint("status != 'rejected' OR status_reason != ''", name="rejection_has_reason"),
        CheckConstraint("status != 'approved' OR NOT awaiting_confirmation", name="approved_is_confirmed"),
        Index("ix_registration_event_status", "event_id", "status"),
        Index("ix_registration_event_country", "event_id", "country_id"),
        Index("ix_registration_event_created", "event_id", "created_at"),
        Index("ix_registration_name_key", "event_id", "country_id", "name_key"),
        Index("ix_registration_badge_key", "event_id", "country_id", "badge_key"),
        # At most one Head of Delegation holding a place per delegation (ascn.registration.heads).
        Index(
            "uq_registration_one_head",
            "event_id",
            "country_id",
            unique=True,
            postgresql_where=text(f"is_head AND status IN {ACTIVE_STATUSES}"),
            sqlite_where=text(f"is_head AND status IN {ACTIVE_STATUSES}"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="pending")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    honorific: Mapped[str] = mapped_column(String(NAME_PART), default="")
    given_names: Mapped[str] = mapped_column(String(NAME_PART))
    family_name: Mapped[str] = mapped_column(String(NAME_PART), default="")
    badge_name: Mapped[str] = mapped_column(String(FULL_NAME))
    latin_name: Mapped[str] = mapped_column(String(FULL_NAME), default="")
    country_id: Mapped[int] = mapped_column(ForeignKey("country.id"))
    position: Mapped[str] = mapped_column(String(LINE), default="")
    organisation: Mapped[str] = mapped_column(String(LINE), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    mobile: Mapped[str] = mapped_column(String(20), default="")
    dietary: Mapped[str] = mapped_column(String(500), default="")
    accessibility: Mapped[str] = mapped_column(String(500), default="")
    locale: Mapped[str] = mapped_column(String(5), default="ms")
    protocol_rank: Mapped[str] = mapped_column(String(20), default="delegate")
    is_head: Mapped[bool] = mapped_column(default=False)
    # A self-registration for a delegation with a quota holds no place until the
    # country's focal point (or an organiser) confirms it: a stranger's registration
    # must not take the place the focal point keeps for a delegate.
    awaiting_confirmation: Mapped[bool] = mapped_column(default=False)
    # While Head of Delegation: the rank and category held before, given back on stepping down.
    rank_before_head: Mapped[str | None] = mapped_column(String(20))
    category_before_head_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL")
    )
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Lower-cased, accents stripped, every name form and the email: what the search reads.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The Latin (or given and family) name and the badge name, folded with their words sorted:
    # two registrations of one country sharing a key are likely the same person.
    name_key: Mapped[str] = mapped_column(Text, default="")
    badge_key: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    has_photo: Mapped[bool] = mapped_column(default=False)
    # An approved delegate's new name, category or photo waits for the organisers
    # (IdentityChange); the list filters on this flag without a join.
    identity_change_pending: Mapped[bool] = mapped_column(default=False)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Numbered per event in order of creation (ascn.registration.references).
    reference_no: Mapped[int | None] = mapped_column()

    event: Mapped[Event] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    country: Mapped[Country] = relationship()
    category: Mapped[Category] = relationship(foreign_keys=[category_id])
    replaced_by: Mapped["Registration | None"] = relationship(remote_side=[id])

    @property
    def full_name(self) -> str:
        """Honorific and the name as the delegate writes it: Vietnamese, Khmer and Chinese
        names put the family name first, Thai and Malay ones do not."""
        return " ".join(part for part in (self.honorific, self.badge_name) if part)

    @property
    def list_name(self) -> str:
        """The name in lists: the Latin form when there is one."""
        return self.latin_name or " ".join(part for part in (self.given_names, self.family_name) if part)

    @property
    def latin_alias(self) -> str:
        """The name in Latin letters, shown beside the badge name when that is another
        form (สมชาย ใจดี · Somchai Jaidee); '' when there is none or it is the same."""
        return self.latin_name if self.latin_name != self.badge_name else ""

    @property
    def reference(self) -> str:
        """The reference number as people read it: ASCN8-00123; '' before one is given."""
        if self.reference_no is None:
            return ""
        return f"{self.event.reference_prefix}-{self.reference_no:05d}"

    @property
    def is_active(self) -> bool:
        """Holds a place: pending or approved, and confirmed by the delegation."""
        return self.status in ACTIVE_STATUSES and not self.awaiting_confirmation

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def rank_label(self) -> str:
        return str(RANK_LABELS[self.protocol_rank])


class RegistrationPhoto(db.Model):
    """The badge photo, re-encoded; kept apart so that lists never load the bytes."""

    __tablename__ = "registration_photo"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    width: Mapped[int]
    height: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class IdentityChange(db.Model):
    """What an approved delegate or their focal point asked to change in who the badge
    says they are (names, category, photo), kept apart until an organiser decides: the
    registration and its printed badge keep the approved identity meanwhile."""

    __tablename__ = "identity_change"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    # {field: new value} for the fields of IDENTITY_FIELDS that differ from the registration.
    proposed: Mapped[dict] = mapped_column(JSON, default=dict)
    photo_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    photo_content_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    photo_width: Mapped[int] = mapped_column(default=0)
    photo_height: Mapped[int] = mapped_column(default=0)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requested_by: Mapped[User | None] = relationship()


class DistinctPair(db.Model):
    """Two registrations an organiser has checked are different people although their
    names match: no longer shown as likely duplicates. Stored lower id first."""

    __tablename__ = "distinct_pair"
    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        CheckConstraint("first_id < second_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delegation(db.Model):
    """A country's places at the event. The counters are recounted under a lock on this
    row whenever a registration of the country changes, and the database refuses counts
    above the quotas."""

    __tablename__ = "delegation"
    __table_args__ = (
        UniqueConstraint("event_id", "country_id"),
        CheckConstraint("quota >= 0 AND head_quota >= 0", name="quotas_not_negative"),
        CheckConstraint("members_count <= quota", name="members_within_quota"),
        CheckConstraint("heads_count <= head_quota", name="heads_within_quota"),
        CheckConstraint("head_quota <= 1", name="one_head_at_most"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    country_id: Mapped[int] = mapped_column(ForeignKey("country.id"))
    quota: Mapped[int] = mapped_column(default=20)
    head_quota: Mapped[int] = mapped_column(default=1)
    members_count: Mapped[int] = mapped_column(default=0)
    heads_count: Mapped[int] = mapped_column(default=0)

    country: Mapped[Country] = relationship()
    event: Mapped[Event] = relationship()


class RegistrationChange(db.Model):
    """The decision log: who changed what on a registration, when, from what to what."""

    __tablename__ = "registration_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(30))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class DeletionRequest(db.Model):
    """A delegate's request to delete their account, confirmed by an organiser."""

    __tablename__ = "deletion_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), unique=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()


# As long as the reason a decision may carry (accreditation.MAX_REASON).
REASON_TEXT = 1000


class RejectionReason(db.Model):
    """A reason the organisers of an event give often ("photo not passport-style"), typed
    once in both languages: a rejection that uses it tells each delegate in their own."""

    __tablename__ = "rejection_reason"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    label_en: Mapped[str] = mapped_column(String(120), default="")
    label_ms: Mapped[str] = mapped_column(String(120), default="")
    text_en: Mapped[str] = mapped_column(String(REASON_TEXT), default="")
    text_ms: Mapped[str] = mapped_column(String(REASON_TEXT), default="")

    label = Bilingual()
    text = Bilingual()


class RegistrationCounter(db.Model):
    """The last reference number given at an event: raised by one atomic update, the last
    lock a registration's transaction takes (docs/ARCHITECTURE.md)."""

    __tablename__ = "registration_counter"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class DietaryOption(db.Model):
    """A dietary need the organisers offer (halal, vegetarian, no beef…), so that catering
    gets counts per option. One in use is retired, never deleted: it stays on the
    registrations that chose it, and is no longer offered."""

    __tablename__ = "dietary_option"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    label_en: Mapped[str] = mapped_column(String(80), default="")
    label_ms: Mapped[str] = mapped_column(String(80), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    label = Bilingual()


class RegistrationDietary(db.Model):
    """A dietary option a registration chose. The option's key refuses deleting one in use."""

    __tablename__ = "registration_dietary"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("dietary_option.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
