"""Fixtures: one app per test session on SQLite (or TEST_DATABASE_URL), tables emptied
after every test (cases that only read share data a module builds once: see `kept`),
jobs through a worker thread (or a real RQ worker, `flask work`, when REDIS_URL is set),
and helpers to log in and post forms with their CSRF token."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, exists, literal, select, union_all

from ascn import create_app
from ascn.extensions import db, limiter
from tests.support.browser import _pages_pass_axe, browser, live_server, page_checks  # noqa: F401
from tests.support.factories import Factory
from tests.support.settings import REDIS_URL, ROOT, TEST_DATABASE_URL, WORKER
from tests.support.web import Auth, QueryCounter, new_client


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


SECRET_KEY = "test-secret-key-that-is-long-enough-1234"


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
        # The app's own address and key: the links the worker writes in emails are the app's.
        "SERVER_NAME": "ascn.test",
        "SECRET_KEY": SECRET_KEY,
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
            "SECRET_KEY": SECRET_KEY,
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


@pytest.fixture
def client(app):
    return new_client(app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Test data, committed (see tests/support/factories.py). It holds no app context open, so
    that every request of the test client gets its own, as in production."""
    return Factory(app)


@pytest.fixture
def auth(client):
    return Auth(client)


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
