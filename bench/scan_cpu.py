"""What one check-in scan costs the app's process in CPU, on PostgreSQL, without HTTP.

    .venv/bin/python bench/scan_cpu.py [--database URL | --postgres URL] [--scans 1000] [--profile]

Fills a database as bench/scan.py does (5,000 delegates, one door, 22 paired phones), then
posts scans through Flask's test client the way the bench's scanners do (one scan a
request, mostly valid, some already inside, some exits), and batches of 500 offline scans
the way its syncing phones do, and prints the process's CPU time per scan and per batch.
The wall clock of a shared machine is noisy; a process's CPU time much less so, and it is
what four gunicorn workers on two cores run out of. `--profile` prints the functions that
cost the scans most (cProfile, cumulative).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import scan as door  # noqa: E402  (bench/scan.py: the same world and the same scans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1/postgres")
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-file", help="also keep the profile in this file (for pstats)")
    args = parser.parse_args()
    url, made = args.database, None
    if not url:
        base, _, _ = args.postgres.rpartition("/")
        made = f"ascn_scan_cpu_{os.getpid()}"
        url = f"{base}/{made}"
        door._admin(args.postgres, f'CREATE DATABASE "{made}"')
    try:
        measure(url, args)
    finally:
        if made:
            door._admin(args.postgres, f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)')


class TestPhone:
    """bench/scan.py's phone, with Flask's test client in place of httpx."""

    def __init__(self, client, secret: str):
        self.client, self.headers = client, {"Authorization": f"Device {secret}"}

    def post(self, path: str, json: dict):
        return self.client.post(path, json=json, headers=self.headers)

    def get(self, path: str):
        return self.client.get(path, headers=self.headers)


def measure(url: str, args) -> None:
    from ascn import create_app

    key = "bench-scan-cpu-" + "k" * 40
    world = door.seed(url, key)
    os.environ.pop("REDIS_URL", None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": key, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    counter = door.Counter()
    half = len(world.tokens) // 2
    scanner = door.Scanner("", world.secrets[0], world.tokens[:half], counter, 0)
    scanner.client = TestPhone(client, world.secrets[0])
    syncer = door.Syncer("", world.secrets[door.SCANNERS], world.tokens[half:], counter)
    syncer.client = TestPhone(client, world.secrets[door.SCANNERS])
    for _ in range(50):  # warm: the first requests compile and cache what they can
        scanner.scan()

    profile = cProfile.Profile(time.process_time) if args.profile else None
    statuses, each = set(), []
    began = time.process_time()
    if profile:
        profile.enable()
    for _ in range(args.scans):
        start = time.process_time()
        _took, status = scanner.scan()
        each.append(time.process_time() - start)
        statuses.add(status)
    if profile:
        profile.disable()
    per_scan = (time.process_time() - began) / args.scans

    batches = []
    for _ in range(args.batches):
        start = time.process_time()
        _took, status = syncer.sync()
        batches.append(time.process_time() - start)
        statuses.add(status)
    print(
        f"CPU per scan: {per_scan * 1000:.2f} ms (median {statistics.median(each) * 1000:.2f} ms) "
        f"over {args.scans} scans"
    )
    print(f"CPU per batch of {door.BATCH}: {statistics.median(batches) * 1000:.0f} ms (median)")
    print(f"HTTP statuses {sorted(statuses)}")
    if profile:
        if args.profile_file:
            profile.dump_stats(args.profile_file)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(70)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    with app.app_context():
        from ascn.extensions import db

        db.engine.dispose()


if __name__ == "__main__":
    main()
