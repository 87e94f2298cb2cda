"""Site visits: seats booked under a lock, a waiting list in order, bus manifests.

Two blueprints: `visits` (the list for everyone; booking and cancelling for delegates)
and `visits_manage` (staff read bookings and manifests; organisers change them).
"""

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/<event:event>")
manage_bp = Blueprint("visits_manage", __name__, url_prefix="/<event:event>/manage/visits")

BLUEPRINTS = (bp, manage_bp)


def register_lifecycle() -> None:
    from ascn.programme import agenda_items
    from ascn.registration import lifecycle
    from ascn.visits import agenda, personal_data

    agenda_items.register(agenda.agenda_items)
    lifecycle.on_status_changing(_lock_seats)
    lifecycle.on_status_changed(_release_seats)
    lifecycle.on_personal_data(personal_data.export)
    lifecycle.on_event_purged(personal_data.purge)


def _lock_seats(registrations, status) -> None:
    """A decision on many registrations first locks their visits, in id order."""
    from ascn.visits.booking import lock_visits_of

    if status in ("cancelled", "rejected"):
        lock_visits_of([registration.id for registration in registrations])


def _release_seats(registration, old, actor) -> None:
    """A cancelled or rejected delegate no longer holds seats; the next in line get them."""
    from ascn.visits.booking import release

    if registration.status in ("cancelled", "rejected"):
        release(registration, actor)


from ascn.visits import views_manage, views_public  # noqa: E402,F401
