"""Fixtures: one app per test session on SQLite (or TEST_DATABASE_URL), tables emptied
after every test (cases that only read share data a module builds once: see `kept`),
jobs through a worker thread (or a real RQ worker, `flask work`, when REDIS_URL is set),
and helpers to log in and post forms with their CSRF token."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, exists, literal, select, union_all

from ascn import create_app
from ascn.extensions import db, limiter
from tests.factories import Factory
from tests.support.browser import _pages_pass_axe, browser, live_server, page_checks  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
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
# Apps made in tests sweep for lost work only when a test asks (tests/test_lost_work.py
# calls the sweep; the outage tests start workers with deadlines of their own): a timer
# in every app a test makes would go on sweeping databases long dropped.
os.environ.setdefault("JOBS_SWEEP_INTERVAL", "0")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if not TEST_DATABASE_URL:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if not WORKER:
        return TEST_DATABASE_URL
    from sqlalchemy import create_engine, text

    base, _, name = TEST_DATABASE_URL.rpartition("/")
    own = f"{name}_{WORKER}"
    admin = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": own}):
            connection.execute(text(f'CREATE DATABASE "{own}"'))
    admin.dispose()
    return f"{base}/{own}"


@pytest.fixture(scope="session")
def rq_worker(database_url):
    """A real RQ worker process (`flask work`) on its own queue, for runs with REDIS_URL set."""
    if not REDIS_URL:
        yield None
        return
    queue = f"ascn-test-{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBS_QUEUE": queue,
        "REDIS_URL": REDIS_URL,
        "JOBS_SWEEP_INTERVAL": "30",  # the worker's housekeeping also says it is alive
    }
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "work", "--queue", queue],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield queue
    worker.terminate()
    worker.wait(timeout=20)


@pytest.fixture(scope="session")
def app(database_url, rq_worker):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-1234",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "ascn.test",
            "REDIS_URL": REDIS_URL,
            "JOBS_QUEUE": rq_worker or "ascn",
            "JOBS_MODE": "rq" if rq_worker else "thread",
            "RATELIMIT_STORAGE_URI": REDIS_URL or "memory://",
            "MAIL_SERVER": None,
            # Every log-in checks a password hash: scrypt's cost, on purpose in production,
            # would be most of the time of the tests that log in.
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _empty_tables(app) -> None:
    """Delete every row, children first. Most cases fill a few tables: one query finds them,
    instead of a DELETE for each of the others (about 30 ms a case on PostgreSQL)."""
    tables = db.metadata.sorted_tables
    holding_rows = union_all(
        *(select(literal(t.name)).where(exists(select(literal(1)).select_from(t))) for t in tables)
    )
    with app.app_context():
        db.session.remove()
        full = set(db.session.scalars(holding_rows))
        for table in reversed(tables):
            if table.name in full:
                db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Note whether the case itself passed: `_clean` keeps no data a failed case touched."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.case_passed = report.passed


@pytest.fixture(scope="module")
def _kept(app):
    kept = {}
    yield kept
    if kept:
        _empty_tables(app)


@pytest.fixture
def kept(_kept):
    """`kept(name, build)`: what `build()` returns, built once and shared by the cases of
    this module that only read it (marked `reads_only`), logged-in clients included. A case
    that is not marked, or fails, empties the tables after it, so the next case builds the
    data again: a change one case makes never reaches another."""

    def get(name, build):
        if name not in _kept:
            _kept[name] = build()
        return _kept[name]

    return get


@pytest.fixture(autouse=True)
def _clean(request, app, _kept):
    """Every case starts on empty tables, except that `reads_only` cases share what `kept`
    built (see there)."""
    shares = "kept" in request.fixturenames
    if _kept and not shares:
        _kept.clear()
        _empty_tables(app)
    yield
    with app.app_context():
        from ascn import jobs

        jobs.drain()
    limiter.reset()
    if (
        shares
        and request.node.get_closest_marker("reads_only")
        and getattr(request.node, "case_passed", False)
    ):
        return
    _kept.clear()
    _empty_tables(app)


def new_client(app):
    """A browser that asks for English; tests of Malay pages say so in their headers."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def client(app):
    return new_client(app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Test data, committed (see tests/factories.py). It holds no app context open, so
    that every request of the test client gets its own, as in production."""
    return Factory(app)


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url="/") -> str:
    page = client.get(url)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def post(client, url, data=None, token_from=None, **kwargs):
    """POST a form as a browser would: with the CSRF token of the page it came from."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from or "/"))
    return client.post(url, data=data, **kwargs)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email, password=Factory.PASSWORD):
        response = post(self.client, "/account/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    def logout(self):
        return post(self.client, "/account/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


def wait_for(predicate, timeout=15.0):
    """Poll until `predicate()` is true (jobs run in another thread or process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: ...` counts the SQL statements sent meanwhile."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
