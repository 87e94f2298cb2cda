"""Badges: templates, fitting names, the desk, batches.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
