"""Accounts: sign-up, confirmation, log-in and its timing, sessions, invitations, linking
registrations to proven addresses.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
