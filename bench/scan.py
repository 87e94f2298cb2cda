"""Check-in at the doors, over HTTP, against gunicorn on PostgreSQL.

    .venv/bin/python bench/scan.py [--database URL | --postgres URL] [--seconds 60]

Fills a database with an event of 5,000 approved delegates, one door and 22 phones
(created and paired through the check-in services), starts the app under gunicorn and
prints, in one run:

- latency at a door's pace, after a warm-up that is not timed (each scanner scans twice and
  each phone syncs a batch, at once, so that every worker has built its statements):
  20 scanners, each posting one scan every 2 seconds (each its
  own delegates; mostly valid, some already inside, some exits), while two phones sync
  offline batches of 500 scans, each a batch every `--sync-every` seconds (10: a whole
  bus's offline hour every ten seconds; 0: back to back, the worst case); p50/p95/p99 of
  a scan's answer, and of a batch's. Goal: p99 of a scan under 30 ms on a 2-core machine;
- throughput at saturation: scans per second with 20 scanners posting as fast as they
  can, and in the same run, under the same 20 clients, a static file's GET per second:
  the reference ratio;
- the offline data of the list (5,000 delegates, photos apart): its size (goal under
  1 MB) and the server's time to build it;
- what the database holds at the end: every scan sent stored once.

`--database URL` (or DATABASE_URL) names a PostgreSQL database the bench may empty and
fill; without it, a database of its own is made on the `--postgres` server and dropped
at the end. The bench talks HTTP with keep-alive httpx clients, one per scanner.
"""

import argparse
import gzip
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

DELEGATES, SCANNERS, SYNCERS, BATCH = 5000, 20, 2, 500
PACE = 2.0  # seconds between two scans of one scanner at a door's pace
STATIC = "/static/css/app.css"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1/postgres")
    parser.add_argument("--seconds", type=float, default=60, help="length of the door-pace phase")
    parser.add_argument("--saturation", type=float, default=20, help="length of each saturation phase")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--sync-every", type=float, default=10, help="seconds between two batches of a phone")
    args = parser.parse_args()
    url, made = args.database, None
    if not url:
        base, _, _ = args.postgres.rpartition("/")
        made = f"ascn_scan_{os.getpid()}"
        url = f"{base}/{made}"
        _admin(args.postgres, f'CREATE DATABASE "{made}"')
    server = None
    try:
        key = secrets.token_urlsafe(48)
        world = seed(url, key)
        port = free_port()
        server = start_gunicorn(url, key, port, args.workers, args.threads)
        run(f"http://127.0.0.1:{port}", url, world, args)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        if made:
            _admin(args.postgres, f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')


def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


class World:
    """What the clients need: each phone's secret, and every delegate's badge token."""

    def __init__(self, secrets_: list[str], tokens_: list[str]):
        self.secrets, self.tokens = secrets_, tokens_


def seed(url: str, key: str) -> World:
    """An event running today, 5,000 approved delegates, a door, 22 paired phones."""
    from ascn import create_app
    from ascn.accounts.models import User
    from ascn.badges import tokens
    from ascn.checkin import devices
    from ascn.checkin.models import CheckinList
    from ascn.events.models import Category, Country, Event, EventRole
    from ascn.extensions import db
    from ascn.registration.models import Registration

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": key, "JOBS_MODE": "thread"})
    started = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        today = datetime.now(timezone.utc).date()
        event = Event(
            slug="ascn8",
            short_name="ASCN8",
            name_en="ASCN8",
            name_ms="ASCN8",
            start_date=today - timedelta(days=1),
            end_date=today + timedelta(days=3),
        )
        country = Country(code="MY", name_en="Malaysia", name_ms="Malaysia", country_group="member")
        category = Category(event=event, code="delegate", label_en="Delegate", label_ms="Perwakilan")
        organiser = User(
            email="organiser@bench.example",
            full_name="Bench Organiser",
            role="delegate",
            locale="en",
            password_hash="!",
            email_confirmed_at=datetime.now(timezone.utc),
        )
        db.session.add_all([event, country, category, organiser])
        db.session.flush()
        db.session.add(EventRole(event_id=event.id, user_id=organiser.id, role="organiser"))
        db.session.execute(
            insert(Registration),
            [
                {
                    "event_id": event.id,
                    "country_id": country.id,
                    "category_id": category.id,
                    "status": "approved",
                    "given_names": f"Delegate {n}",
                    "family_name": "Bench",
                    "badge_name": f"Delegate {n} Bench",
                    "email": f"d{n}@bench.example",
                    "search_text": f"delegate {n} bench",
                }
                for n in range(DELEGATES)
            ],
        )
        door = CheckinList(event_id=event.id, name_en="Main entrance", name_ms="Pintu masuk utama")
        db.session.add(door)
        db.session.commit()
        phones = []
        for n in range(SCANNERS + SYNCERS):
            _device, code = devices.create(door, f"Phone {n + 1}", organiser)
            phones.append(devices.pair(event, code, organiser)[1])
        # Statistics, as a database in use has them (the planner would think the tables empty).
        db.session.execute(text("ANALYZE"))
        ids = db.session.scalars(text("SELECT id FROM registration ORDER BY id")).all()
        badge_tokens = [tokens.sign(registration_id, 1) for registration_id in ids]
        db.engine.dispose()
    took = time.perf_counter() - started
    print(f"seeded {DELEGATES} delegates and {len(phones)} paired phones in {took:.1f} s")
    return World(phones, badge_tokens)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, key: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": key}
    env.pop("APP_ENV", None)
    env.pop("REDIS_URL", None)
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "-b",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        'ascn:create_app({"RATELIMIT_ENABLED": False})',
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 90  # a busy machine starts four workers slowly
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


class Counter:
    """Client ids and the scans sent, shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.next_id = 0
        self.sent = 0

    def ids(self, n: int) -> list[str]:
        with self.lock:
            first = self.next_id
            self.next_id += n
            self.sent += n
        return [f"b{number}" for number in range(first, first + n)]


def phone(site: str, secret: str) -> httpx.Client:
    return httpx.Client(base_url=site, timeout=60, headers={"Authorization": f"Device {secret}"})


class Scanner:
    """One phone at the door: its own slice of the delegates, each scanned in, sometimes
    again (already inside), sometimes out."""

    def __init__(self, site: str, secret: str, tokens_: list[str], counter: Counter, seed: int):
        self.client = phone(site, secret)
        self.tokens, self.counter = tokens_, counter
        self.rng = random.Random(seed)
        self.inside: list[str] = []
        self.position = 0

    def next_scan(self) -> dict:
        roll = self.rng.random()
        if self.inside and roll < 0.1:
            token, direction = self.rng.choice(self.inside), "in"  # shown twice: already inside
        elif self.inside and roll < 0.2:
            token, direction = self.inside.pop(self.rng.randrange(len(self.inside))), "out"
        else:
            token, direction = self.tokens[self.position % len(self.tokens)], "in"
            self.position += 1
            self.inside.append(token)
        (client_id,) = self.counter.ids(1)
        return {"id": client_id, "token": token, "direction": direction}

    def scan(self) -> tuple[float, int]:
        began = time.perf_counter()
        response = self.client.post("/ascn8/api/checkin/scans", json={"scans": [self.next_scan()]})
        return time.perf_counter() - began, response.status_code


class Syncer:
    """A phone back online: batches of 500 scans it decided offline, one a second on its
    clock from three hours ago, so that each delegate's timeline runs forward."""

    def __init__(self, site: str, secret: str, tokens_: list[str], counter: Counter):
        self.client = phone(site, secret)
        self.tokens, self.counter = tokens_, counter
        self.position = 0
        self.clock = datetime.now(timezone.utc) - timedelta(hours=3)

    def batch(self) -> list[dict]:
        """The next 500 of its delegates: in on its first pass through them, out on the
        next, and so on."""
        scans = []
        for client_id in self.counter.ids(BATCH):
            lap, index = divmod(self.position, len(self.tokens))
            self.position += 1
            self.clock = min(self.clock + timedelta(seconds=1), datetime.now(timezone.utc))
            scans.append(
                {
                    "id": client_id,
                    "token": self.tokens[index],
                    "direction": "in" if lap % 2 == 0 else "out",
                    "at": self.clock.isoformat(),
                    "outcome": "valid",
                }
            )
        return scans

    def sync(self) -> tuple[float, int]:
        body = {"scans": self.batch()}
        began = time.perf_counter()
        response = self.client.post("/ascn8/api/checkin/sync", json=body)
        return time.perf_counter() - began, response.status_code


def door_pace(scanners: list[Scanner], syncers: list[Syncer], seconds: float, sync_every: float):
    """Every scanner at its pace, every syncer a batch each `sync_every` seconds (or back to
    back), for `seconds`."""
    scans, batches, statuses = [], [], []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def pace(scanner: Scanner, offset: float):
        due = time.monotonic() + offset
        while due < stop:
            time.sleep(max(0.0, due - time.monotonic()))
            took, status = scanner.scan()
            with lock:
                scans.append(took)
                statuses.append(status)
            due += PACE

    def sync(syncer: Syncer, offset: float):
        due = time.monotonic() + offset
        while due < stop:
            time.sleep(max(0.0, due - time.monotonic()))
            took, status = syncer.sync()
            with lock:
                batches.append(took)
                statuses.append(status)
            due += sync_every

    threads = [
        threading.Thread(target=pace, args=(s, PACE * n / len(scanners))) for n, s in enumerate(scanners)
    ]
    threads += [
        threading.Thread(target=sync, args=(s, sync_every * (n + 0.5) / len(syncers)))
        for n, s in enumerate(syncers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return scans, batches, statuses


def warm_up(scanners: list[Scanner], syncers: list[Syncer]) -> None:
    """The first scans of the day, not measured: every scanner twice and every phone one
    batch, all at once, so that each worker has opened its connection and built the scan's
    statements (as the doors' first minutes do) before the door pace is timed."""

    def twice(scanner: Scanner):
        scanner.scan()
        scanner.scan()

    threads = [threading.Thread(target=twice, args=(scanner,)) for scanner in scanners]
    threads += [threading.Thread(target=syncer.sync) for syncer in syncers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def flat_out(jobs, seconds: float) -> tuple[int, float, list[float], list[int]]:
    """Each job in a loop on its own thread, as fast as it answers, for `seconds`."""
    times, statuses = [], []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(job):
        while time.monotonic() < stop:
            took, status = job()
            with lock:
                times.append(took)
                statuses.append(status)

    threads = [threading.Thread(target=loop, args=(job,)) for job in jobs]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times), time.perf_counter() - began, times, statuses


def static_get(client: httpx.Client):
    def get():
        began = time.perf_counter()
        response = client.get(STATIC)
        return time.perf_counter() - began, response.status_code

    return get


def ms(values: list[float]) -> str:
    if len(values) < 2:
        return "    (too few)"
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {cuts[49] * 1000:6.1f} ms  p95 {cuts[94] * 1000:6.1f} ms  p99 {cuts[98] * 1000:6.1f} ms"


def run(site: str, url: str, world: World, args) -> None:
    print(f"gunicorn: {args.workers} workers x {args.threads} threads on PostgreSQL, {os.cpu_count()} cores")
    counter = Counter()
    # Each scanner its own delegates at the door; the syncing phones were elsewhere (the
    # bus) with the other half of them.
    half = len(world.tokens) // 2
    at_door, away = world.tokens[:half], world.tokens[half:]
    share = half // SCANNERS
    scanners = [
        Scanner(site, world.secrets[n], at_door[n * share : (n + 1) * share], counter, n)
        for n in range(SCANNERS)
    ]
    syncers = [Syncer(site, world.secrets[SCANNERS + n], away[n::SYNCERS], counter) for n in range(SYNCERS)]
    warm_up(scanners, syncers)

    offline_sizes, offline_times = offline_data(scanners[0].client)

    scan_times, batch_times, statuses = door_pace(scanners, syncers, args.seconds, args.sync_every)
    print()
    print(
        f"door pace ({args.seconds:.0f} s): {SCANNERS} scanners, one scan every {PACE:.0f} s each, "
        f"while {SYNCERS} phones sync batches of {BATCH}, "
        + (f"one every {args.sync_every:.0f} s each" if args.sync_every else "back to back")
    )
    print(f"  scan      {ms(scan_times)}   ({len(scan_times)} scans)   goal: p99 under 30 ms")
    print(
        f"  batch     {ms(batch_times)}   ({len(batch_times)} batches of {BATCH}, "
        f"{len(batch_times) * BATCH / args.seconds:.0f} synced scans/s)"
    )
    print(f"  HTTP statuses {sorted(set(statuses))}")

    scans, wall, times, scan_statuses = flat_out([scanner.scan for scanner in scanners], args.saturation)
    statics = [httpx.Client(base_url=site, timeout=60) for _ in range(SCANNERS)]
    gets, get_wall, get_times, get_statuses = flat_out(
        [static_get(client) for client in statics], args.saturation
    )
    print()
    print(f"saturation ({args.saturation:.0f} s each, {SCANNERS} clients):")
    print(f"  scans          {scans / wall:7.1f} /s   {ms(times)}   HTTP {sorted(set(scan_statuses))}")
    print(f"  GET {STATIC}  {gets / get_wall:7.1f} /s   {ms(get_times)}   HTTP {sorted(set(get_statuses))}")
    print(f"  ratio scans / static GETs: {scans / wall / (gets / get_wall):.2f}")

    size, packed = offline_sizes
    print()
    print(
        f"offline data of {DELEGATES} delegates: {size / 1e6:.3f} MB as sent "
        f"({packed / 1e6:.3f} MB gzipped); goal under 1 MB"
    )
    print(f"  server time to build and send it: {ms(offline_times)}")
    for client in statics + [s.client for s in scanners + syncers]:
        client.close()
    report(url, counter.sent)


def offline_data(client: httpx.Client) -> tuple[tuple[int, int], list[float]]:
    times, body = [], b""
    for _ in range(15):
        began = time.perf_counter()
        response = client.get("/ascn8/api/checkin/offline")
        times.append(time.perf_counter() - began)
        body = response.content
    return (len(body), len(gzip.compress(body))), times


TWICE = (
    "SELECT count(*) FROM (SELECT 1 FROM checkin_scan GROUP BY device_id, client_id HAVING count(*) > 1) t"
)


def report(url: str, sent: int) -> None:
    """Scans as the database holds them: each one sent stored once."""
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.scalar(text("SELECT count(*) FROM checkin_scan"))
        twice = connection.scalar(text(TWICE))
        outcomes = dict(
            connection.execute(text("SELECT outcome, count(*) FROM checkin_scan GROUP BY outcome")).all()
        )
        conflicts = connection.scalar(text("SELECT count(*) FROM checkin_conflict"))
    engine.dispose()
    print()
    print(f"database: {stored} scans stored of {sent} sent, {twice} stored twice, {conflicts} conflicts")
    print(f"  outcomes {dict(sorted(outcomes.items()))}")


if __name__ == "__main__":
    main()
