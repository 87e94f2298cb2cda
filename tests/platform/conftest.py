"""The platform: configuration, health, jobs and mail through outages, lost work, error pages,
fan-out, code shape.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
