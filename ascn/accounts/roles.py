"""Roles and the capabilities each one grants; every access check asks for a capability."""

from flask_babel import lazy_gettext as _l

ROLES = ("delegate", "focal_point", "staff", "organiser", "admin")

ROLE_LABELS = {
    "delegate": _l("Delegate"),
    "focal_point": _l("Focal point"),
    "staff": _l("Staff"),
    "organiser": _l("Organiser"),
    "admin": _l("Administrator"),
}

_STAFF = {"view_registrations", "print_badges", "check_in"}
_ORGANISER = _STAFF | {"manage_event", "accredit", "manage_programme", "manage_visits"}

CAPABILITIES: dict[str, frozenset[str]] = {
    "delegate": frozenset(),
    "focal_point": frozenset({"manage_delegation"}),
    "staff": frozenset(_STAFF),
    "organiser": frozenset(_ORGANISER),
    "admin": frozenset(_ORGANISER | {"manage_users", "read_outbox"}),
}


def role_can(role: str, capability: str) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())
