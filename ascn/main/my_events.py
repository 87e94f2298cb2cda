"""Query: what the person logged in is at each event (a role, or a registration)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.events import roles
from ascn.events.models import EventRole
from ascn.extensions import db
from ascn.registration.models import Registration

STANDING = {"registered": _l("Registered"), "rejected": _l("Not accepted"), **roles.ROLE_LABELS}


def my_events(user) -> dict[int, str]:
    """Event id → what the person is there (a key of STANDING): their role, else their
    registration (a cancelled one is not listed)."""
    mine: dict[int, str] = {}
    for event_id, status in db.session.execute(
        select(Registration.event_id, Registration.status).where(
            Registration.user_id == user.id, Registration.status != "cancelled"
        )
    ):
        mine[event_id] = "registered" if status != "rejected" else "rejected"
    for event_id, role in db.session.execute(
        select(EventRole.event_id, EventRole.role).where(EventRole.user_id == user.id)
    ):
        mine[event_id] = role
    return mine
