"""Who may book a visit, and when: each refusal a message the delegate can act on."""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.dates import format_datetime, format_time
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.programme.models import ROLES as SPEAKER_ROLES
from ascn.programme.models import ProgrammeSession, SessionSpeaker, Speaker
from ascn.registration.models import Registration
from ascn.visits.models import SiteVisit, VisitBooking

SPEAKER_ROLE_LABELS = {"speaker": _l("speaker"), "moderator": _l("moderator"), "chair": _l("chair")}
assert set(SPEAKER_ROLE_LABELS) == set(SPEAKER_ROLES)


def _when(visit: SiteVisit, value: datetime) -> str:
    return format_datetime(visit.event.local(value), "d MMMM yyyy, HH:mm", local=True)


def _span(visit: SiteVisit, starts_at: datetime, ends_at: datetime) -> str:
    start, end = (format_time(visit.event.local(value), local=True) for value in (starts_at, ends_at))
    return f"{start}–{end}"


def window_state(visit: SiteVisit, now: datetime | None = None) -> str:
    """'upcoming' before booking opens, 'open', or 'closed' after the deadline."""
    now = now or utcnow()
    if visit.opens_at is not None and now < visit.opens_at:
        return "upcoming"
    if now >= visit.closes_at:
        return "closed"
    return "open"


def check_window(visit: SiteVisit) -> None:
    state = window_state(visit)
    if state == "upcoming":
        raise ServiceError(_("Booking for this visit opens on %(when)s.", when=_when(visit, visit.opens_at)))
    if state == "closed":
        raise ServiceError(
            _(
                "Booking for this visit closed on %(when)s. Please ask the secretariat for any change.",
                when=_when(visit, visit.closes_at),
            )
        )


def refusal(visit: SiteVisit, registration: Registration | None) -> str | None:
    """Why this registration may not book this visit at all (None: it may)."""
    if registration is None:
        return str(_l("Register for the meeting first; booked visits are kept with your registration."))
    if not registration.is_active:
        return str(_l("Only delegates with an active registration can book site visits."))
    if visit.accredited_only and registration.status != "approved":
        return str(_l("This visit is for accredited delegates; your registration is still being reviewed."))
    allowed = {category.id for category in visit.categories}
    if allowed and registration.category_id not in allowed:
        return _(
            "This visit is not open to your category (%(category)s).", category=registration.category.label
        )
    return None


def check_eligible(visit: SiteVisit, registration: Registration | None) -> None:
    reason = refusal(visit, registration)
    if reason:
        raise ServiceError(reason)


def check_active(registration: Registration) -> None:
    """What holds even when an organiser books: the registration counts."""
    if not registration.is_active:
        raise ServiceError(_l("Only delegates with an active registration can book site visits."))


def check_clashes(visit: SiteVisit, registration: Registration, ignore_visit_id: int | None = None) -> None:
    """No two visits at once, and no visit while the delegate speaks, chairs or moderates."""
    other = db.session.scalar(
        select(SiteVisit)
        .join(VisitBooking, VisitBooking.visit_id == SiteVisit.id)
        .where(
            VisitBooking.registration_id == registration.id,
            VisitBooking.status != "cancelled",
            SiteVisit.id != visit.id,
            SiteVisit.id != (ignore_visit_id or 0),
            SiteVisit.departs_at < visit.returns_at,
            SiteVisit.returns_at > visit.departs_at,
        )
        .limit(1)
    )
    if other is not None:
        raise ServiceError(
            _(
                "This visit overlaps “%(title)s” (%(times)s), which you have booked. Cancel that one first.",
                title=other.title,
                times=_span(visit, other.departs_at, other.returns_at),
            )
        )
    if registration.user_id is None:
        return
    row = db.session.execute(
        select(ProgrammeSession, SessionSpeaker.role)
        .join(SessionSpeaker, SessionSpeaker.session_id == ProgrammeSession.id)
        .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
        .where(
            Speaker.user_id == registration.user_id,
            ProgrammeSession.event_id == visit.event_id,
            ProgrammeSession.status == "scheduled",
            ProgrammeSession.starts_at < visit.returns_at,
            ProgrammeSession.ends_at > visit.departs_at,
        )
        .order_by(ProgrammeSession.starts_at)
        .limit(1)
    ).first()
    if row is not None:
        session, role = row
        raise ServiceError(
            _(
                "This visit overlaps “%(title)s” (%(times)s), where you are a %(role)s.",
                title=session.title,
                times=_span(visit, session.starts_at, session.ends_at),
                role=SPEAKER_ROLE_LABELS[role],
            )
        )
