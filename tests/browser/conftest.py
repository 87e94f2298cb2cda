"""Browser tests in headless Chromium: every page passes the HTML checker and axe.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
