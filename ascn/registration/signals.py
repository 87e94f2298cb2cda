"""What the registration domain tells later domains, which it may not import: a
registration's status changed (site visits free the seats of one cancelled or rejected).
Receivers run inside the change's transaction, before its commit."""

from blinker import Namespace

_signals = Namespace()

# sender: the Registration; keyword arguments: old (the previous status), actor.
status_changed = _signals.signal("registration-status-changed")

# sender: the Registration whose new name, category or photo an organiser approved; keyword
# argument: actor. The badge of the old identity must no longer scan as valid.
identity_changed = _signals.signal("registration-identity-changed")
