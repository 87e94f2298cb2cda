"""iCalendar files: one session, or a user's whole agenda as a subscription feed.

Each file is in one language (the reader's, or the subscriber's profile language). Times
carry the event's time zone (with its VTIMEZONE), so a phone set to another zone still
shows the session at the right moment."""

from flask import request
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ascn.db import utcnow
from ascn.i18n import document
from ascn.programme.content import plain


@document
def calendar(sessions, name: str, url_for_session, language: str | None = None, items=()) -> bytes:
    """`items`: other entries of the person's agenda (`agenda_items.AgendaItem`), such as
    their bilateral meetings."""
    cal = Calendar()
    cal.add("prodid", "-//ASCN//Programme//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = utcnow()
    host = request.host.split(":")[0]
    for session in sessions:
        entry = CalendarEvent()
        entry.add("uid", f"programme-session-{session.id}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", session.starts_at)
        entry.add("dtend", session.ends_at)
        entry.add("summary", session.title)
        entry.add("description", plain(session.description))
        if session.room is not None:
            entry.add("location", session.room.name)
        entry.add("url", url_for_session(session))
        entry.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        cal.add_component(entry)
    for item in items:
        entry = CalendarEvent()
        entry.add("uid", f"{item.uid}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.starts_at)
        entry.add("dtend", item.ends_at)
        entry.add("summary", item.title)
        if item.place:
            entry.add("location", item.place)
        if item.note:
            entry.add("description", item.note)
        if item.path:
            entry.add("url", request.host_url.rstrip("/") + item.path)
        entry.add("status", "CONFIRMED")
        cal.add_component(entry)
    cal.add_missing_timezones()
    return cal.to_ical()
