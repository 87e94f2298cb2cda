"""Queries: the events of the installation, for the index at `/`."""

from datetime import date, timedelta

from sqlalchemy import select

from ascn.db import utcnow
from ascn.events.models import Event
from ascn.extensions import db


def current_and_past(today: date | None = None) -> tuple[list[Event], list[Event]]:
    """Events under way or to come (soonest first), and past ones (latest first). A day of
    grace keeps an event listed as current until its last day is over everywhere."""
    today = today or (utcnow() - timedelta(days=1)).date()
    events = list(db.session.scalars(select(Event).order_by(Event.start_date, Event.id)))
    current = [e for e in events if e.end_date >= today]
    past = sorted((e for e in events if e.end_date < today), key=lambda e: (e.start_date, e.id), reverse=True)
    return current, past
