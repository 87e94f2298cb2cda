"""Programme: building, publishing and reading it, the agenda, the API.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
