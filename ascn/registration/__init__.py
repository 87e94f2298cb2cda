"""Registration: delegates register, focal points manage their delegation, organisers
accredit. One blueprint per audience, each guarded in one place."""

from flask import Blueprint

bp = Blueprint("registration", __name__, url_prefix="/<event:event>")
delegation_bp = Blueprint("delegation", __name__, url_prefix="/<event:event>/delegation")
accreditation_bp = Blueprint("accreditation", __name__, url_prefix="/<event:event>/manage")
BLUEPRINTS = (bp, delegation_bp, accreditation_bp)


def register_lifecycle() -> None:
    from ascn.accounts import lifecycle as accounts_lifecycle
    from ascn.events import lifecycle as events_lifecycle
    from ascn.registration import copying, lifecycle, registering

    accounts_lifecycle.on_confirmed(registering.claim)
    events_lifecycle.on_event_copied(copying.copy_quotas)
    lifecycle.on_event_purged(_forget_mail)


def _forget_mail(event) -> dict[str, int]:
    """The outbox's messages about the event name its people (ascn.mail has no domain of
    its own, so the domain that owns the purge removes them)."""
    from ascn.kept_uploads import forget_event as forget_uploads
    from ascn.mail import forget_event

    # Spreadsheets kept for a preview name people too (an hour's worth, if any is left).
    return {"outbox messages": forget_event(event.id), "kept spreadsheets": forget_uploads(event.id)}


from ascn.registration import (  # noqa: E402,F401
    views_accreditation,
    views_catering,
    views_delegate,
    views_delegation,
    views_reasons,
)
