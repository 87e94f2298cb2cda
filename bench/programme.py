"""Programme benchmark: 300 published sessions, 3,000 delegates with 10 saved sessions
each. Measures the programme page, my agenda, the .ics feed and the JSON API (median,
p95, queries per request), with a 304 from the API as the reference ratio.

    .venv/bin/python bench/programme.py            # SQLite in a temporary file
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/programme.py
"""

import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import event, insert, select
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ascn import create_app  # noqa: E402
from ascn.accounts import sessions  # noqa: E402
from ascn.accounts.models import User  # noqa: E402
from ascn.events.models import Event, EventRole  # noqa: E402
from ascn.extensions import db  # noqa: E402
from ascn.programme import agenda, publishing  # noqa: E402
from ascn.programme.models import (  # noqa: E402
    ProgrammeSession,
    Room,
    SavedSession,
    SessionSpeaker,
    SessionType,
    Speaker,
)

SESSIONS, USERS, SAVED, RUNS = 300, 3000, 10, 60


def build(app):
    with app.app_context():
        db.drop_all()
        db.create_all()
        ev = Event(
            slug="ascn8",
            short_name="ASCN8",
            name_en="ASCN8",
            name_ms="ASCN8",
            start_date=date(2025, 9, 8),
            end_date=date(2025, 9, 12),
        )
        db.session.add(ev)
        db.session.flush()
        rooms = [Room(event_id=ev.id, name_en=f"Room {n}", name_ms=f"Bilik {n}") for n in range(12)]
        kind = SessionType(event_id=ev.id, code="talk", label_en="Talk", label_ms="Ceramah")
        speakers = [
            Speaker(
                event_id=ev.id,
                full_name=f"Speaker {n}",
                biography_en="<p>Bio</p>",
                biography_ms="<p>Biodata</p>",
            )
            for n in range(80)
        ]
        db.session.add_all([*rooms, kind, *speakers])
        db.session.flush()
        start = datetime(2025, 9, 8, 1, 0, tzinfo=timezone.utc)
        for n in range(SESSIONS):
            at = start + timedelta(days=n % 5, minutes=30 * ((n // 5) % 20))
            session = ProgrammeSession(
                event_id=ev.id,
                type_id=kind.id,
                room_id=rooms[n % 12].id,
                starts_at=at,
                ends_at=at + timedelta(minutes=25),
                title_en=f"Session {n} on smart cities",
                title_ms=f"Sesi {n} tentang bandar pintar",
                description_en="<p>" + "Words about cities. " * 20 + "</p>",
                description_ms="<p>" + "Kata-kata tentang bandar. " * 20 + "</p>",
            )
            session.speakers = [
                SessionSpeaker(speaker=speakers[(n + k) % 80], role="speaker") for k in range(2)
            ]
            db.session.add(session)
        db.session.flush()
        password = generate_password_hash("bench password 1234")
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"d{n}@bench.example",
                    "full_name": f"Delegate {n}",
                    "password_hash": password,
                    "role": "delegate",
                    "locale": "ms" if n % 2 else "en",
                    "active": True,
                    "email_confirmed_at": datetime.now(timezone.utc),  # a proven address sees its agenda
                }
                for n in range(USERS)
            ],
        )
        ids = list(db.session.scalars(select(ProgrammeSession.id)))
        user_ids = list(db.session.scalars(select(User.id)))
        rng = random.Random(8)
        db.session.execute(
            insert(SavedSession),
            [{"user_id": uid, "session_id": sid} for uid in user_ids for sid in rng.sample(ids, SAVED)],
        )
        organiser = User(email="org@bench.example", full_name="Organiser", password_hash=password)
        db.session.add(organiser)
        db.session.flush()
        db.session.add(EventRole(event_id=ev.id, user_id=organiser.id, role="organiser"))
        db.session.commit()
        organiser_id = organiser.id
    with app.test_request_context():
        publishing.publish(db.session.get(Event, 1), db.session.get(User, organiser_id))
        user = db.session.get(User, user_ids[0])
        token = agenda.feed_token(user)
        key = sessions.start(user)  # a login session, as logging in makes one
        db.session.commit()
        return key, token


def measure(app, client, path, headers=None, expect=200):
    with app.app_context():
        engine = db.engine
    counts = []
    listener = lambda *args: counts.__setitem__(-1, counts[-1] + 1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    times = []
    try:
        for _ in range(RUNS):
            counts.append(0)
            began = time.perf_counter()
            response = client.get(path, headers=headers or {})
            times.append((time.perf_counter() - began) * 1000)
            assert response.status_code == expect, (path, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], max(counts[1:])


def main():
    url = os.environ.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": "bench.local",
            "SECRET_KEY": secrets.token_urlsafe(48),  # the development key serves localhost only
            "TESTING": True,
            "JOBS_MODE": "thread",
            "MAIL_SERVER": None,
        }
    )
    began = time.perf_counter()
    session_id, token = build(app)
    print(
        f"seeded {SESSIONS} sessions, {USERS} delegates x {SAVED} saved sessions "
        f"in {time.perf_counter() - began:.1f}s on {url.split(':')[0]}"
    )
    client = app.test_client()
    with client.session_transaction() as s:
        s["_user_id"], s["_fresh"] = session_id, True
    api = client.get("/ascn8/api/programme")
    etag = api.headers["ETag"]
    rows = [
        ("API 304 (reference)", "/ascn8/api/programme", {"If-None-Match": etag}, 304),
        ("programme page (day)", "/ascn8/programme?day=2025-09-09", None, 200),
        ("programme search", "/ascn8/programme?q=smart", None, 200),
        ("my agenda", "/ascn8/agenda", None, 200),
        (".ics feed", f"/ascn8/agenda/feed/{token}.ics", None, 200),
        ("JSON API, whole programme", "/ascn8/api/programme", None, 200),
        ("JSON API, one day", "/ascn8/api/programme/sessions?day=2025-09-10", None, 200),
    ]
    print(f"{'request':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'x 304':>7}")
    reference = None
    for label, path, headers, expect in rows:
        median, p95, queries = measure(app, client, path, headers, expect)
        reference = reference or median
        print(f"{label:32} {median:10.2f} {p95:8.2f} {queries:8d} {median / reference:7.1f}")


if __name__ == "__main__":
    main()
