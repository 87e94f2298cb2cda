"""Preset rejection reasons: an event's organisers type a frequent reason once, in both
languages, and pick it when rejecting. Each delegate is then told in their own language,
with anything the organiser typed for this decision after it.

`reasons_of` is a query; `save_reason` and `delete_reason` are services; `wording` is a rule.
A decision keeps the words it sent (`Registration.status_reason`), so changing or deleting
a preset later rewrites no history.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.ids import parse_id
from ascn.registration.models import RejectionReason
from ascn.transactions import unit_of_work


def reasons_of(event: Event) -> list[RejectionReason]:
    return list(
        db.session.scalars(
            select(RejectionReason)
            .where(RejectionReason.event_id == event.id)
            .order_by(RejectionReason.label_en, RejectionReason.id)
        )
    )


def reason_for(event: Event, reason_id) -> RejectionReason | None:
    """The event's preset with this id (from an address or a form), or None."""
    reason_id = parse_id(reason_id)
    reason = db.session.get(RejectionReason, reason_id) if reason_id else None
    return reason if reason is not None and reason.event_id == event.id else None


def wording(preset: RejectionReason | None, typed: str, language: str) -> str:
    """What one delegate is told: the preset in their language, then the typed words."""
    parts = [Bilingual.value(preset, "text", language) if preset else "", (typed or "").strip()]
    return "\n\n".join(part for part in parts if part)


@unit_of_work
def save_reason(
    event: Event,
    reason: RejectionReason | None,
    label_en: str,
    label_ms: str,
    text_en: str,
    text_ms: str,
) -> RejectionReason:
    """Both languages are required: the delegate's language decides which one they read."""
    if not (label_en and label_ms):
        raise ServiceError(
            _l("Name the reason in both languages."), field="label_en" if not label_en else "label_ms"
        )
    if not (text_en and text_ms):
        raise ServiceError(
            _l("Write what the delegate is told in both languages."),
            field="text_en" if not text_en else "text_ms",
        )
    if reason is None:
        reason = RejectionReason(event_id=event.id)
        db.session.add(reason)
    reason.label_en, reason.label_ms = label_en, label_ms
    reason.text_en, reason.text_ms = text_en, text_ms
    return reason


@unit_of_work
def delete_reason(reason: RejectionReason) -> None:
    db.session.delete(reason)
