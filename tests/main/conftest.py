"""The event's home: the public page, and a logged-in person's own home.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
