"""Events: the event as a scope of addresses, its settings and clock, roles per event, the
index of meetings, copying an event.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
