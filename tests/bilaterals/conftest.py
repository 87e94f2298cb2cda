"""Bilateral meetings: requests between delegations, rooms and slots, the placement.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
