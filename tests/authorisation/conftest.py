"""Who may reach every route, at this event and from another one.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
