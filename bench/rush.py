"""A site-visit booking rush over HTTP, against gunicorn on PostgreSQL.

    .venv/bin/python bench/rush.py [--postgres URL] [--delegates 500] [--clients 100]

Creates a database of its own on the PostgreSQL server, fills it with an event, three
visits of 30 seats and `--delegates` accredited delegates, starts the app under gunicorn
(4 workers), and logs every delegate in. Then, from a pool of `--clients` concurrent
clients, every delegate asks for a seat on one of the three visits at the same moment
(an HTML form post with its CSRF token, as a browser sends it). It prints bookings per
second, latency percentiles, the seats and waiting lists per visit, and the seats sold
twice or above the capacity (must be 0). The reference, measured in the same run under
the same load, is the visits page itself (a GET). At the end gunicorn is stopped and the
database dropped.
"""

import argparse
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

PASSWORD = "rush-hour-passphrase"
SEATS, VISITS = 30, 3
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1/postgres")
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    base, _, _ = args.postgres.rpartition("/")
    name = f"ascn_rush_{os.getpid()}"
    url = f"{base}/{name}"
    admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    server = None
    try:
        visit_ids = seed(url, args.delegates)
        port = free_port()
        server = start_gunicorn(url, port, args.workers)
        site = f"http://127.0.0.1:{port}"
        run(site, url, visit_ids, args)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seed(url: str, delegates: int) -> list[int]:
    """The demo event, three visits open for booking now, accredited delegates."""
    from ascn import create_app
    from ascn.accounts.models import User
    from ascn.accounts.services import hash_password
    from ascn.demo.seed import CATEGORIES, EVENT
    from ascn.events.models import Category, Country, Event
    from ascn.extensions import db
    from ascn.registration.models import Registration
    from ascn.visits.models import SiteVisit

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "rush-secret-0123456789abcdef", "JOBS_MODE": "thread"}
    )
    with app.app_context():
        db.create_all()
        event = Event(**EVENT)
        db.session.add(event)
        category = Category(
            event=event, code=CATEGORIES[1][0], label_en=CATEGORIES[1][1], label_ms=CATEGORIES[1][2]
        )
        country = Country(code="MY", name_en="Malaysia", name_ms="Malaysia", country_group="member")
        db.session.add_all([category, country])
        now = datetime.now(timezone.utc)
        visits = [
            SiteVisit(
                event=event,
                title_en=f"Visit {n + 1}",
                title_ms=f"Lawatan {n + 1}",
                departs_at=datetime(2025, 9, 9 + n, 0, 30, tzinfo=timezone.utc),
                returns_at=datetime(2025, 9, 9 + n, 4, 30, tzinfo=timezone.utc),
                seats=SEATS,
                closes_at=now + timedelta(days=1),
                published=True,
            )
            for n in range(VISITS)
        ]
        db.session.add_all(visits)
        password_hash = hash_password(PASSWORD)  # one hash: scrypt is slow on purpose
        for n in range(delegates):
            user = User(
                email=f"rush{n}@bench.example",
                full_name=f"Rush Delegate {n}",
                role="delegate",
                locale="en",
                password_hash=password_hash,
                email_confirmed_at=now,
            )
            db.session.add(user)
            db.session.add(
                Registration(
                    event=event,
                    user=user,
                    status="approved",
                    given_names=f"Rush {n}",
                    family_name="Delegate",
                    badge_name=f"Rush {n} Delegate",
                    country=country,
                    category=category,
                    email=user.email,
                )
            )
        db.session.commit()
        ids = [visit.id for visit in visits]
        db.engine.dispose()
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
    }
    # Not APP_ENV=production: its cookies travel over HTTPS only, and the bench speaks HTTP.
    env.pop("APP_ENV", None)
    env.pop("REDIS_URL", None)
    # Rate limits are switched off: 500 log-ins from one address are the bench, not an attack.
    app = 'ascn:create_app({"RATELIMIT_ENABLED": False})'
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        app,
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def log_in(site: str, n: int) -> httpx.Client:
    client = httpx.Client(base_url=site, timeout=60, headers={"Accept-Language": "en"})
    token = CSRF.search(client.get("/account/login").text).group(1)
    response = client.post(
        "/account/login", data={"email": f"rush{n}@bench.example", "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise RuntimeError(f"log-in {n} failed: {response.status_code}")
    return client


def timed(pool: ThreadPoolExecutor, jobs) -> tuple[list[float], list[int], float]:
    """Run the jobs at once from the pool: their latencies, statuses and the wall time."""
    start = threading.Event()

    def run(job):
        start.wait()
        began = time.perf_counter()
        status = job()
        return time.perf_counter() - began, status

    futures = [pool.submit(run, job) for job in jobs]
    time.sleep(0.5)  # let every client thread take its place at the line
    began = time.perf_counter()
    start.set()
    results = [future.result() for future in futures]
    wall = time.perf_counter() - began
    return [r[0] for r in results], [r[1] for r in results], wall


def percentiles(values: list[float]) -> str:
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {cuts[49] * 1000:7.0f} ms   p95 {cuts[94] * 1000:7.0f} ms   p99 {cuts[98] * 1000:7.0f} ms"


def run(site: str, url: str, visit_ids: list[int], args) -> None:
    print(
        f"gunicorn: {args.workers} workers on PostgreSQL; {args.delegates} delegates, {args.clients} clients"
    )
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        started = time.perf_counter()
        clients = list(pool.map(lambda n: log_in(site, n), range(args.delegates)))
        print(f"logged in {len(clients)} delegates in {time.perf_counter() - started:.1f} s")
        choices = [visit_ids[n % len(visit_ids)] for n in range(len(clients))]
        tokens = list(
            pool.map(
                lambda pair: CSRF.search(pair[0].get(f"/ascn8/visits/{pair[1]}").text).group(1),
                zip(clients, choices, strict=True),
            )
        )

        page_times, page_statuses, page_wall = timed(
            pool, [lambda c=c: c.get("/ascn8/visits").status_code for c in clients]
        )
        book_times, book_statuses, book_wall = timed(
            pool,
            [
                lambda c=c, v=v, t=t: c.post(f"/ascn8/visits/{v}/book", data={"csrf_token": t}).status_code
                for c, v, t in zip(clients, choices, tokens, strict=True)
            ],
        )
        for client in clients:
            client.close()

    print()
    line(f"reference: GET /visits   {len(page_times) / page_wall:7.1f} pages/s   ", page_times, page_statuses)
    line(f"rush:      POST book     {len(book_times) / book_wall:7.1f} bookings/s", book_times, book_statuses)
    ratio = statistics.median(book_times) / statistics.median(page_times)
    print(f"ratio of median latencies (booking / visits page): {ratio:.2f}")
    errors = sum(1 for status in book_statuses if status != 302)
    report(url, visit_ids, errors)


def line(label: str, times: list[float], statuses: list[int]) -> None:
    print(f"{label}   {percentiles(times)}   HTTP statuses {sorted(set(statuses))}")


HELD = "SELECT status, count(*), count(DISTINCT seat) FROM visit_booking WHERE visit_id = :id GROUP BY status"


def report(url: str, visit_ids: list[int], errors: int) -> None:
    """Seats and lines as the database holds them: rows counted, not the counters."""
    engine = create_engine(url)
    oversold = 0
    print()
    with engine.connect() as connection:
        for visit_id in visit_ids:
            seats = connection.scalar(text("SELECT seats FROM site_visit WHERE id = :id"), {"id": visit_id})
            rows = {
                status: (n, seats_held)
                for status, n, seats_held in connection.execute(text(HELD), {"id": visit_id})
            }
            confirmed, distinct = rows.get("confirmed", (0, 0))
            waiting = rows.get("waiting", (0, 0))[0]
            oversold += max(0, confirmed - seats) + (
                confirmed - distinct
            )  # above capacity, or a seat sold twice
            print(f"visit {visit_id}: {seats} seats, {confirmed} confirmed, {waiting} waiting")
    engine.dispose()
    print(f"oversold seats: {oversold}   bookings answered with an error: {errors}")


if __name__ == "__main__":
    main()
