"""Steps later domains take when an account proves its address, registered once at app
creation (ascn.register_lifecycle) instead of signals, so a reader sees them all here.

A step runs inside the transaction that confirms the address and never commits."""

from collections.abc import Callable

from ascn.accounts.models import User

_on_confirmed: list[Callable[[User], None]] = []


def on_confirmed(step: Callable[[User], None]) -> None:
    if step not in _on_confirmed:
        _on_confirmed.append(step)


def confirmed(user: User) -> None:
    for step in _on_confirmed:
        step(user)
