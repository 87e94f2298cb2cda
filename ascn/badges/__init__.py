"""Badges: templates per category, the desk (one badge while the delegate waits),
batches (the whole list the night before), and the delegate's own badge."""

from flask import Blueprint

from ascn.access import guard

bp = Blueprint("badges", __name__, url_prefix="/<event:event>/manage/badges")
templates_bp = Blueprint("badge_templates", __name__, url_prefix="/<event:event>/manage/badge-templates")
mine_bp = Blueprint("my_badge", __name__, url_prefix="/<event:event>/registration")
BLUEPRINTS = (bp, templates_bp, mine_bp)

# Declared here, beside the blueprints: `bp` serves both the desk and the batches, and
# its guard must not depend on which of their view modules is imported first.
guard(bp, capability="print_badges")  # the desk and batches: staff and organisers
guard(templates_bp, capability="manage_event")
guard(mine_bp)  # a delegate's own badge: any confirmed account, its own registration only


def _labels():
    from ascn.badges.models import BATCH_STATUS_LABELS, LAYOUT_LABELS

    return {"layout_labels": LAYOUT_LABELS, "batch_status_labels": BATCH_STATUS_LABELS}


def register_lifecycle() -> None:
    from ascn.badges import copying, personal_data
    from ascn.events import lifecycle as events_lifecycle
    from ascn.registration import lifecycle

    lifecycle.on_identity_changed(_revoke_old_identity)
    lifecycle.on_personal_data(personal_data.export)
    lifecycle.on_event_purged(personal_data.purge)
    events_lifecycle.on_event_copied(copying.copy_templates)


def _revoke_old_identity(registration, actor) -> None:
    """A badge printed before a new name, category or photo was approved shows someone
    the organisers no longer vouch for: it now scans as revoked."""
    from ascn.badges.printing import revoke

    revoke(registration.id)


# For the badge pages only, not for every page of the site.
bp.context_processor(_labels)
templates_bp.context_processor(_labels)


from ascn.badges import views_batches, views_desk, views_mine, views_templates  # noqa: E402,F401
