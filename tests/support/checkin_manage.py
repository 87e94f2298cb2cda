"""Check-in as the organisers' pages see it: an event running today with an organiser, a
staff member and a door whose phone scans through the scanner's API, so that scans,
presence and conflicts are the real ones."""

import html
import re
from datetime import timedelta
from itertools import count
from types import SimpleNamespace

from sqlalchemy import func, select

from ascn.db import utcnow
from ascn.extensions import db

_ids = count(1)


def running_today(make, **values):
    """An event that began yesterday and ends in two days, so that scans made now fall
    inside it and "today" is a day of the event."""
    today = utcnow().date()
    return make.event(start_date=today - timedelta(days=1), end_date=today + timedelta(days=2), **values)


def door_world(make):
    event = running_today(make)
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country("MY", "Malaysia", "Malaysia")
    thailand = make.country("TH", "Thailand", "Thailand")
    organiser = make.user(role="organiser", event_id=event.id)
    staff = make.user(role="staff", event_id=event.id)
    door = make.checkin.list(event.id, staff_ids=[staff.id], name_en="Main entrance", name_ms="Pintu utama")
    phone = make.checkin.device(door.id, organiser.id, name="Entrance phone")

    def delegate(country=malaysia, **values):
        values.setdefault("status", "approved")
        return make.registration(event.id, country.id, values.pop("category_id", category.id), **values)

    return SimpleNamespace(
        event=event,
        category=category,
        malaysia=malaysia,
        thailand=thailand,
        organiser=organiser,
        staff=staff,
        door=door,
        phone=phone,
        delegate=delegate,
    )


def scan(client, phone, token, direction="in") -> dict:
    """A scan decided now, online; the API's answer."""
    response = client.post(
        "/ascn8/api/checkin/scans",
        json={"scans": [{"id": f"m{next(_ids)}", "token": token, "direction": direction}]},
        headers=phone.headers,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"][0]


def offline_scan(client, phone, token, at, outcome="valid", direction="in") -> dict:
    """A scan the phone decided offline at `at`, synced now; the API's answer."""
    item = {
        "id": f"o{next(_ids)}",
        "token": token,
        "direction": direction,
        "at": at.isoformat(),
        "outcome": outcome,
    }
    response = client.post("/ascn8/api/checkin/sync", json={"scans": [item]}, headers=phone.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"][0]


def rows(app, model, **where) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return db.session.scalar(stmt)


def page_text(response) -> str:
    """What a person reads on the page: its text without tags, spaces collapsed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
