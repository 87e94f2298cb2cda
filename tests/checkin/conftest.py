"""Check-in: lists, devices, scans online and offline, conflicts, attendance.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
