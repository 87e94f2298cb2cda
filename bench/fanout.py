"""Fan-out benchmark: publishing a programme change that 1,000 delegates' agendas hold.

The organiser's request records the release and counts the delegates to tell; one job
after the commit renders their emails (three templates each, in their language), writes
the outbox rows and sends them (to the log: no MAIL_SERVER). The job is held back while
the request runs, then run on its own, so that each is timed alone.

Prints the request time, the job time (writing, then sending) and the ratio request/job.

    .venv/bin/python bench/fanout.py                 # SQLite in a temporary file
    AGENDAS=3000 DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/fanout.py
"""

import logging
import os
import secrets
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ascn import create_app, jobs  # noqa: E402
from ascn.accounts import services as accounts  # noqa: E402
from ascn.accounts.models import User  # noqa: E402
from ascn.events.models import Event, EventRole  # noqa: E402
from ascn.extensions import db  # noqa: E402
from ascn.mail import OutboxMessage  # noqa: E402
from ascn.programme import publishing  # noqa: E402
from ascn.programme.models import ProgrammeSession, SavedSession, SessionType  # noqa: E402

AGENDAS = int(os.environ.get("AGENDAS", "1000"))
SESSIONS = 20
PASSWORD = "bench-password-long-enough"


def build(app) -> str:
    """An event with a published programme, AGENDAS delegates each saving two sessions,
    then a change of every session's time: each delegate has news. Returns the
    organiser's login key."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        event = Event(
            slug="ascn8",
            short_name="ASCN8",
            name_en="ASCN8",
            name_ms="ASCN8",
            start_date=date(2025, 9, 8),
            end_date=date(2025, 9, 12),
        )
        db.session.add(event)
        db.session.flush()
        kind = SessionType(event_id=event.id, code="talk", label_en="Talk", label_ms="Ceramah")
        db.session.add(kind)
        db.session.flush()
        start = datetime(2025, 9, 8, 1, 0, tzinfo=timezone.utc)
        for n in range(SESSIONS):
            at = start + timedelta(hours=n)
            db.session.add(
                ProgrammeSession(
                    event_id=event.id,
                    type_id=kind.id,
                    starts_at=at,
                    ends_at=at + timedelta(minutes=45),
                    title_en=f"Session {n} on smart cities",
                    title_ms=f"Sesi {n} tentang bandar pintar",
                )
            )
        cheap = generate_password_hash(PASSWORD, method=accounts.DEMO_PASSWORD_METHOD)
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"d{n}@bench.example",
                    "full_name": f"Delegate {n}",
                    "password_hash": cheap,
                    "role": "delegate",
                    "locale": "ms" if n % 2 else "en",
                }
                for n in range(AGENDAS)
            ],
        )
        organiser = User(
            email="org@bench.example",
            full_name="Organiser",
            password_hash=cheap,
            email_confirmed_at=datetime.now(timezone.utc),
        )
        db.session.add(organiser)
        db.session.flush()
        db.session.add(EventRole(event_id=event.id, user_id=organiser.id, role="organiser"))
        db.session.commit()
        session_ids = list(db.session.scalars(select(ProgrammeSession.id).order_by(ProgrammeSession.id)))
        delegate_ids = list(db.session.scalars(select(User.id).where(User.role == "delegate")))
        db.session.execute(
            insert(SavedSession),
            [
                {"user_id": uid, "session_id": session_ids[(n + k) % SESSIONS]}
                for n, uid in enumerate(delegate_ids)
                for k in (0, 1)
            ],
        )
        db.session.commit()
        event_id, organiser_id = event.id, organiser.id
    with app.test_request_context():
        publishing.publish(db.session.get(Event, event_id), db.session.get(User, organiser_id))
        for session in db.session.scalars(select(ProgrammeSession)):
            session.ends_at += timedelta(minutes=15)
        db.session.commit()
        return accounts.authenticate("org@bench.example", PASSWORD).get_id()


def main():
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/fanout.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SERVER_NAME": "bench.local",
            "SECRET_KEY": secrets.token_urlsafe(48),  # the development key serves localhost only
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "JOBS_MODE": "thread",
            "MAIL_SERVER": None,
        }
    )
    logging.getLogger("ascn.mail").setLevel(logging.WARNING)  # the sent mails are not the point
    login_key = build(app)

    held = []  # jobs queued after a commit, run below one by one instead of by the worker
    jobs.enqueue = lambda fn, *args, **kwargs: held.append((fn, args, kwargs))

    client = app.test_client()
    with client.session_transaction() as s:
        s["_user_id"], s["_fresh"] = login_key, True
    began = time.perf_counter()
    response = client.post("/ascn8/manage/programme/publish")
    request_s = time.perf_counter() - began
    assert response.status_code == 302, response.status_code
    assert response.location.endswith("/ascn8/manage/programme/publish"), response.location

    written = sent = 0.0
    with app.app_context():
        while held:
            fn, args, kwargs = held.pop(0)
            began = time.perf_counter()
            path = fn if isinstance(fn, str) else f"{fn.__module__}:{fn.__qualname__}"
            jobs.resolve(path)(*args, **kwargs)
            db.session.remove()
            took = time.perf_counter() - began
            if "write_letters" in str(fn):
                written += took
            else:
                sent += took
        messages = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    job_s = written + sent
    print(f"{AGENDAS} agendas with news, {messages} emails, on {url.split(':')[0]}")
    print(f"organiser's request      {request_s * 1000:9.1f} ms")
    print(f"job: write the emails    {written * 1000:9.1f} ms")
    print(f"job: send them           {sent * 1000:9.1f} ms")
    print(f"request / job            {request_s / job_s:9.3f}")


if __name__ == "__main__":
    main()
