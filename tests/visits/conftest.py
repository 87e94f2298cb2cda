"""Site visits: booking, the waiting list, organisers' bookings pages.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
