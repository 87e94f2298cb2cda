"""Bilateral meetings: delegations ask each other for meetings, the secretariat places the
accepted ones in its meeting rooms and slots, and signings go on the programme.

Two blueprints:
- `bilaterals` (`/<event>/bilaterals`): a delegation's requests, asked and received, for
  whoever speaks for it (its focal point or its Head of Delegation; `sides.delegation_of`);
- `bilaterals_manage` (`/<event>/manage/bilaterals`): rooms, slots, settings, requests,
  the automatic placement and the grid (organisers); staff read the grid and print the
  room stewards' daily list.
"""

from flask import Blueprint

from ascn.access import guard

bp = Blueprint("bilaterals", __name__, url_prefix="/<event:event>/bilaterals")
manage_bp = Blueprint("bilaterals_manage", __name__, url_prefix="/<event:event>/manage/bilaterals")
BLUEPRINTS = (bp, manage_bp)

# Who speaks for a delegation is asked per view (a focal point's role, or a Head of
# Delegation's registration): every view needs a confirmed login first.
guard(bp)
# Staff read the index and the grid, and print the room stewards' list; organisers change.
guard(
    manage_bp,
    capability="view_registrations",
    changes="manage_bilaterals",
    read_only=("index", "grid", "stewards"),
)


def register_lifecycle() -> None:
    from ascn.bilaterals import agenda, lifecycle
    from ascn.events import lifecycle as events_lifecycle
    from ascn.programme import agenda_items
    from ascn.registration import lifecycle as registration_lifecycle

    agenda_items.register(agenda.agenda_items)
    registration_lifecycle.on_status_changed(lifecycle.leave_meetings)
    registration_lifecycle.on_personal_data(lifecycle.export)
    registration_lifecycle.on_event_purged(lifecycle.purge)
    events_lifecycle.on_event_copied(lifecycle.copy_rooms)


from ascn.bilaterals import views_delegation, views_grid, views_requests, views_setup  # noqa: E402,F401
