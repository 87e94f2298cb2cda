"""The event as a scope: everything that belongs to a meeting lives under `/<event>/…`.

The address names the event; `g.event` is loaded from it before any view runs, and `url_for`
fills it in from `g.event`, so views and templates name endpoints without repeating the slug
(a mail job, which has no request, passes `event=` itself). An unknown slug is a 404 in the
reader's language.

The addresses of the single-event days (`/programme`, `/manage/registrations`, …) were made
when an installation held one meeting, the first; they answer with a permanent redirect to
the same page of that event."""

import re

from flask import Flask, abort, current_app, g, request
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, RequestRedirect

from ascn.events.models import Event
from ascn.extensions import db

# 2 to 40 lowercase letters, digits and hyphens, starting and ending with a letter or digit.
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,38}[a-z0-9]")
# First segments of addresses outside any event, and of the old single-event addresses: no
# event may take them as its slug.
RESERVED = frozenset(
    {
        "account", "admin", "agenda", "api", "delegation", "events", "health", "language",
        "manage", "new", "privacy", "programme", "register", "registration", "static", "visits",
    }
)  # fmt: skip


class EventConverter(BaseConverter):
    """`<event:event>`: a slug's shape only; whether the event exists is asked once, below.
    A reserved word never matches, so that an old address (`/programme`) finds no rule and
    reaches the redirect instead of being read as an event called "programme"."""

    regex = r"(?!(?:" + "|".join(sorted(RESERVED)) + r")(?:/|$))[a-z0-9][a-z0-9-]{0,39}"
    part_isolating = True


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG.fullmatch(slug)) and slug not in RESERVED


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


def first_event() -> Event | None:
    return db.session.scalar(select(Event).order_by(Event.id).limit(1))


# Blueprints that read the event in their own first query (the scanner's API reads it with
# the device, ascn/checkin/views_api.py): the slug waits for them in `g.event_slug`.
_OWN_EVENT_QUERY: set[str] = set()


def loads_its_event(blueprint_name: str) -> None:
    """The blueprint sets `g.event` itself, from `g.event_slug`, before any of its views
    runs, and answers 404 for a slug that names no event."""
    _OWN_EVENT_QUERY.add(blueprint_name)


def init_app(app: Flask) -> None:
    app.url_map.converters["event"] = EventConverter

    @app.url_value_preprocessor
    def load_event(endpoint, values):
        g.event = None
        if values and "event" in values:
            slug = values.pop("event")
            if request.blueprint in _OWN_EVENT_QUERY:
                g.event_slug = slug
                return
            g.event = event_by_slug(slug) or abort(404)

    @app.url_defaults
    def fill_in_event(endpoint, values):
        if "event" in values or g.get("event") is None:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "event"):
            values["event"] = g.event.slug


def old_address_target() -> str | None:
    """Where a 404's address of the single-event days now lives: the same page of the first
    event, when such a page exists; else None."""
    first = request.path.strip("/").split("/", 1)[0]
    if first not in RESERVED or request.path.startswith(("/static/", "/account/", "/admin/")):
        return None
    try:
        event = first_event()
    except DBAPIError:  # the database is down: no redirect, the page says what it can
        return None
    if event is None:
        return None
    path = f"/{event.slug}{request.path}"
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(path, method=request.method)
    except (NotFound, MethodNotAllowed):
        return None
    except RequestRedirect:  # the page's own address differs by a slash: it redirects again
        pass
    query = request.query_string.decode("latin-1")
    return path + (f"?{query}" if query else "")
