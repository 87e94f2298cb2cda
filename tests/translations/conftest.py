"""Both languages: the Malay catalogue, the glossary, plurals, form errors, documents in one
language, organiser text.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
