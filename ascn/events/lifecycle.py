"""Steps later domains take when a new event is made from an old one, registered once at
app creation (ascn.register_lifecycle) instead of signals, so a reader sees them all here.

Each domain copies its own settings for the parts the organiser chose (see
`ascn.events.copying.PARTS`), never its people. A step runs inside the copy's
transaction, after the event row and its categories exist, and never commits."""

from collections.abc import Callable
from datetime import timedelta

from ascn.events.models import Event

# step(source, copy, parts, shift): copy this domain's settings of `source` to `copy` for
# the chosen `parts`, moving any date they hold by `shift` (the difference in start dates).
CopyStep = Callable[[Event, Event, frozenset[str], timedelta], None]

_on_copied: list[CopyStep] = []


def on_event_copied(step: CopyStep) -> None:
    if step not in _on_copied:
        _on_copied.append(step)


def event_copied(source: Event, copy: Event, parts: frozenset[str], shift: timedelta) -> None:
    for step in _on_copied:
        step(source, copy, parts, shift)
