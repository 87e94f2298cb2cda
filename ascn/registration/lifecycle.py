"""Steps that later domains add to a registration's life, since this domain may not import
them: site visits lock the visits a decision will touch, and free the seats of a cancelled
or rejected registration; badges revoke the badge of an identity that has changed.

Each later domain registers its steps once, when the app is created
(`create_app` → `register_lifecycle`). The steps run inside the change's transaction,
before its commit, in the order they were registered, and take their locks in the order
of docs/ARCHITECTURE.md.
"""

from collections.abc import Callable, Sequence

from ascn.accounts.models import User
from ascn.registration.models import Registration

# step(registrations, status): before any of them changes, lock what the change will
# touch (rows of later domains come after the registrations in the lock order).
_before_status_change: list[Callable[[Sequence[Registration], str], None]] = []
# step(registration, old, actor): the status has just changed from `old`.
_after_status_change: list[Callable[[Registration, str, User | None], None]] = []
# step(registration, actor): an organiser approved a new name, category or photo.
_after_identity_change: list[Callable[[Registration, User | None], None]] = []


def on_status_changing(step: Callable[[Sequence[Registration], str], None]) -> None:
    if step not in _before_status_change:
        _before_status_change.append(step)


def on_status_changed(step: Callable[[Registration, str, User | None], None]) -> None:
    if step not in _after_status_change:
        _after_status_change.append(step)


def status_changing(registrations: Sequence[Registration], status: str) -> None:
    for step in _before_status_change:
        step(registrations, status)


def status_changed(registration: Registration, old: str, actor: User | None) -> None:
    for step in _after_status_change:
        step(registration, old, actor)


def on_identity_changed(step: Callable[[Registration, User | None], None]) -> None:
    if step not in _after_identity_change:
        _after_identity_change.append(step)


def identity_changed(registration: Registration, actor: User | None) -> None:
    for step in _after_identity_change:
        step(registration, actor)
