"""Migrations from empty to head, the models match them, and the command line.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
