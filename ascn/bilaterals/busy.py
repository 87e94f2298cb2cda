"""When people are taken (query): the sessions where they speak, moderate or chair, the site
visits they hold a seat on, and the bilaterals they sit in once placed. A slot that
overlaps any of these is not free for that person.

A speaker is a person of the event when the speaker's profile is linked to their account
(`Speaker.user_id`, the same account as the registration's). Three queries whatever the
number of people asked about.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.bilaterals.models import BilateralParticipant, BilateralRequest, BilateralSlot
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession, SessionSpeaker, Speaker
from ascn.registration.models import Registration
from ascn.visits.models import SiteVisit, VisitBooking

KINDS = ("session", "visit", "bilateral")
KIND_LABELS = {
    "session": _l("speaks or chairs in a session"),
    "visit": _l("is booked on a site visit"),
    "bilateral": _l("is in another bilateral meeting"),
}


@dataclass(frozen=True)
class Engagement:
    """A stretch of time a person is taken: `what` names it in both languages
    (`{"en": ..., "ms": ...}`, read with `ascn.i18n.pick`); `ref` is the session, visit
    or request id."""

    registration_id: int
    starts_at: datetime
    ends_at: datetime
    kind: str
    ref: int
    what: dict

    def overlaps(self, starts_at: datetime, ends_at: datetime) -> bool:
        return self.starts_at < ends_at and starts_at < self.ends_at


def engagements(event: Event, registration_ids, except_request_id: int | None = None) -> dict[int, list]:
    """Every engagement of these people at the event, by registration id. The meeting
    `except_request_id` is left out (a meeting being moved does not clash with itself)."""
    ids = sorted(set(registration_ids))
    found: dict[int, list[Engagement]] = {rid: [] for rid in ids}
    if not ids:
        return found
    for row in _sessions(event, ids):
        found[row.registration_id].append(
            Engagement(
                row.registration_id, row.starts_at, row.ends_at, "session", row.id, _both(row, "title")
            )
        )
    for row in _visits(event, ids):
        found[row.registration_id].append(
            Engagement(
                row.registration_id, row.departs_at, row.returns_at, "visit", row.id, _both(row, "title")
            )
        )
    for row in _bilaterals(event, ids, except_request_id):
        found[row.registration_id].append(
            Engagement(
                row.registration_id, row.starts_at, row.ends_at, "bilateral", row.id, _both(row, "subject")
            )
        )
    return found


def clashes(found: dict[int, list], starts_at: datetime, ends_at: datetime) -> dict[int, list]:
    """Of `engagements`, those that overlap a stretch of time, by registration id (only
    the people who have one)."""
    out = {}
    for rid, items in found.items():
        hits = [item for item in items if item.overlaps(starts_at, ends_at)]
        if hits:
            out[rid] = hits
    return out


def _both(row, name: str) -> dict:
    return {"en": getattr(row, f"{name}_en"), "ms": getattr(row, f"{name}_ms")}


def _sessions(event: Event, ids: list[int]):
    return db.session.execute(
        select(
            Registration.id.label("registration_id"),
            ProgrammeSession.id,
            ProgrammeSession.starts_at,
            ProgrammeSession.ends_at,
            ProgrammeSession.title_en,
            ProgrammeSession.title_ms,
        )
        .join(Speaker, Speaker.user_id == Registration.user_id)
        .join(SessionSpeaker, SessionSpeaker.speaker_id == Speaker.id)
        .join(ProgrammeSession, ProgrammeSession.id == SessionSpeaker.session_id)
        .where(
            Registration.id.in_(ids),
            Speaker.event_id == event.id,
            ProgrammeSession.event_id == event.id,
            ProgrammeSession.status == "scheduled",
        )
        .distinct()
    )


def _visits(event: Event, ids: list[int]):
    return db.session.execute(
        select(
            VisitBooking.registration_id,
            SiteVisit.id,
            SiteVisit.departs_at,
            SiteVisit.returns_at,
            SiteVisit.title_en,
            SiteVisit.title_ms,
        )
        .join(SiteVisit, SiteVisit.id == VisitBooking.visit_id)
        .where(
            VisitBooking.registration_id.in_(ids),
            VisitBooking.status == "confirmed",
            SiteVisit.event_id == event.id,
        )
    )


def _bilaterals(event: Event, ids: list[int], except_request_id: int | None):
    stmt = (
        select(
            BilateralParticipant.registration_id,
            BilateralRequest.id,
            BilateralSlot.starts_at,
            BilateralSlot.ends_at,
            BilateralRequest.subject_en,
            BilateralRequest.subject_ms,
        )
        .join(BilateralRequest, BilateralRequest.id == BilateralParticipant.request_id)
        .join(BilateralSlot, BilateralSlot.id == BilateralRequest.slot_id)
        .where(BilateralParticipant.registration_id.in_(ids), BilateralRequest.event_id == event.id)
    )
    if except_request_id is not None:
        stmt = stmt.where(BilateralRequest.id != except_request_id)
    return db.session.execute(stmt)
