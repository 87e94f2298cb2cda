"""An account's own role: an administrator of the whole installation, or not. What a person
does at one event (organiser, staff, focal point) is granted per event: ascn/events/roles.py."""

from flask_babel import lazy_gettext as _l

ROLES = ("delegate", "admin")

ROLE_LABELS = {
    "delegate": _l("Participant"),
    "admin": _l("Administrator"),
}
