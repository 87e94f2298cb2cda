"""Steps that later domains add to a registration's life, since this domain may not import
them: site visits lock the visits a decision will touch, and free the seats of a cancelled
or rejected registration; badges revoke the badge of an identity that has changed. The
same holds for a person's personal data: each domain adds its part to the copy a person
downloads, and removes its own personal data when an ended event is purged.

Each later domain registers its steps once, when the app is created
(`create_app` → `register_lifecycle`). The steps run inside the change's transaction,
before its commit, in the order they were registered, and take their locks in the order
of docs/ARCHITECTURE.md.
"""

from collections.abc import Callable, Sequence

from ascn.accounts.models import User
from ascn.events.models import Event
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


# step(user) -> {name: data}: this domain's part of everything held about the user, as
# plain JSON values, merged into the copy they download.
_personal_data: list[Callable[[User], dict]] = []
# step(event) -> {what: how many}: remove this domain's personal data of the event, after
# its registrations were emptied and before the accounts are closed; the counts (by plain
# English names, for the command's report) go into the purge report.
_event_purge: list[Callable[[Event], dict[str, int]]] = []


def on_personal_data(step: Callable[[User], dict]) -> None:
    if step not in _personal_data:
        _personal_data.append(step)


def personal_data(user: User) -> dict:
    parts: dict = {}
    for step in _personal_data:
        parts.update(step(user))
    return parts


def on_event_purged(step: Callable[[Event], dict[str, int]]) -> None:
    if step not in _event_purge:
        _event_purge.append(step)


def event_purged(event: Event) -> dict[str, int]:
    removed: dict[str, int] = {}
    for step in _event_purge:
        removed.update(step(event))
    return removed
