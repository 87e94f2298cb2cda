"""Site visits: seats booked under a lock, a waiting list in order, bus manifests.

Two blueprints: `visits` (the list for everyone; booking and cancelling for delegates)
and `visits_manage` (staff read bookings and manifests; organisers change them).
"""

from flask import Blueprint

from ascn.registration.signals import status_changed

bp = Blueprint("visits", __name__)
manage_bp = Blueprint("visits_manage", __name__, url_prefix="/manage/visits")

BLUEPRINTS = (bp, manage_bp)


@status_changed.connect
def _release_seats(registration, old, actor, **_):
    """A cancelled or rejected delegate no longer holds seats; the next in line get them."""
    from ascn.visits.booking import release

    if registration.status in ("cancelled", "rejected"):
        release(registration, actor)


from ascn.visits import views_manage, views_public  # noqa: E402,F401
