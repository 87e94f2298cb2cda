"""Who holds a role at an event: the one question other domains ask about roles.

Roles are still kept on the account (`User.role`), the same at every event. When they
become per event (organiser, staff or focal point of one meeting), only this module
changes: the answer becomes a row at another event than the one asked about."""

from sqlalchemy import ColumnElement

from ascn.accounts.models import User


def holds_role_elsewhere(event_id: int) -> ColumnElement[bool]:
    """A condition on `User`: the account holds a role (organiser, staff, focal point,
    administrator) that does not end with the event `event_id`, so the account must stay
    open when that event's personal data are purged.

    Today a role belongs to the account, so any role but delegate counts."""
    return User.role != "delegate"
