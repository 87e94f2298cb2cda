"""Races on PostgreSQL: quotas, seats, badge serials, lock order, purges, the unit of work.

Shared fixtures live in tests/conftest.py; helpers in tests/support/."""
