"""Every script renders: names never cut, right-to-left names, font coverage, the PDF fetcher.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
