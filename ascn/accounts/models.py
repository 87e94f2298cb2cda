"""User accounts. One account per email. The account's own role says only whether it
administers the installation; roles at an event are `ascn.events.models.EventRole`."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ascn.accounts.roles import ROLE_LABELS, ROLES
from ascn.db import TimestampMixin, UTCDateTime, utcnow
from ascn.extensions import db
from ascn.textlimits import FULL_NAME


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint("locale IN ('en', 'ms')", name="locale"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(FULL_NAME))
    role: Mapped[str] = mapped_column(String(20), default="delegate")
    locale: Mapped[str] = mapped_column(String(5), default="ms")
    active: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[self.role])

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # The login session this request came with (see ascn.accounts.sessions); Flask-Login
    # keeps it in the session and remember-me cookies instead of the account's id.
    session_key = None

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def get_id(self) -> str | None:
        return self.session_key


class LoginSession(db.Model):
    """One logged-in browser. The cookie carries a random key; the row keeps only its
    digest. Deleting the row ends that browser's session and every copy of its cookies."""

    __tablename__ = "login_session"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
