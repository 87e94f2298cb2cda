"""Where the tests run: the project root, the database and Redis of this test worker."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
# Under pytest-xdist each worker process gets its own database and Redis database, so
# that emptying tables or resetting rate limits in one never touches another's test.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER.removeprefix("gw") or 0)


def _own_redis(url: str | None) -> str | None:
    if not url:
        return None
    base, _, db = url.rpartition("/")
    if base.count("/") < 2 or not db.isdigit():  # no database number in the URL
        base, db = url.rstrip("/"), "15"
    return f"{base}/{int(db) - WORKER_NUMBER}"


REDIS_URL = _own_redis(os.environ.get("REDIS_URL"))
if REDIS_URL:
    # Apps that tests make for themselves read REDIS_URL from the environment: they get
    # this worker's own database too, or one worker's reset of the rate limits wiped the
    # counts of a login test running in the other.
    os.environ["REDIS_URL"] = REDIS_URL
# Apps made in tests sweep for lost work only when a test asks (tests/platform/test_lost_work.py
# calls the sweep; the outage tests start workers with deadlines of their own): a timer
# in every app a test makes would go on sweeping databases long dropped.
os.environ.setdefault("JOBS_SWEEP_INTERVAL", "0")
