"""Bad input: garbage in every form, NUL characters, ids and counts, required choices, dates as
typed.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
