"""A real Redis is killed and restarted empty under a real `flask work` worker, as on an
operator's worst day: every mail is still sent exactly once, every badge batch finishes
(also when the worker itself is killed mid-chunk), the worker keeps running, and /health
says what is down meanwhile.

These tests start their own `redis-server` on a free port, and need PostgreSQL
(TEST_DATABASE_URL): the worker and this process share the database."""

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ascn import create_app
from ascn.accounts.models import User
from ascn.badges import batches
from ascn.badges.models import BadgeBatch, BadgeBatchChunk
from ascn.extensions import db
from ascn.mail import OutboxMessage, queue_mail
from tests.support.settings import ROOT, TEST_DATABASE_URL
from tests.support.web import wait_for

pytestmark = [
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server installed"),
    pytest.mark.skipif(
        not TEST_DATABASE_URL,
        reason="needs PostgreSQL (TEST_DATABASE_URL): a worker process shares the database",
    ),
]

# Short deadlines, so that recovery takes seconds here (production: 30 s, 300 s, 60 s).
DEADLINES = {"JOBS_SWEEP_INTERVAL": "0.5", "JOBS_REQUEUE_AFTER": "2", "JOBS_LEASE": "2"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throw-away redis-server that keeps nothing on disk: a restart comes back empty,
    as a crashed Redis without persistence does."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from redis import Redis

        assert wait_for(lambda: _answers(Redis.from_url(self.url)), timeout=10), "redis-server did not start"

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)


def _answers(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


class Worker:
    """`flask work` in a process group of its own (RQ forks a scheduler beside it)."""

    def __init__(self, database_url, redis_url, queue, log_path: Path):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "JOBS_QUEUE": queue,
            "MAIL_SERVER": "",
            **DEADLINES,
        }
        self.queue, self.log_path, self.process = queue, log_path, None

    def start(self):
        self.log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "work", "--queue", self.queue],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """As the out-of-memory killer would: no chance to finish anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        else:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # its scheduler, if it outlived it
            except (ProcessLookupError, AttributeError):
                pass
        self.log.close()

    def sends(self, recipient: str) -> int:
        """How many times the worker sent to `recipient` (log mode prints each message)."""
        return len(re.findall(rf"mail to {re.escape(recipient)}:", self.log_path.read_text()))


@pytest.fixture
def redis():
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


@pytest.fixture
def worker(database_url, redis, tmp_path):
    process = Worker(database_url, redis.url, f"ascn-outage-{os.getpid()}", tmp_path / "worker.log")
    process.start()
    yield process
    process.stop()


@pytest.fixture
def rq_app(app, database_url, redis, worker):
    """The web app of this test, queueing into the Redis that gets killed."""
    site = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-1234",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SERVER_NAME": "ascn.test",
            "REDIS_URL": redis.url,
            "JOBS_QUEUE": worker.queue,
            "JOBS_MODE": "rq",
            "RATELIMIT_STORAGE_URI": "memory://",
            "MAIL_SERVER": None,
            "BADGE_CHUNK_SIZE": 2,
            **{name: float(value) for name, value in DEADLINES.items()},
        }
    )
    yield site
    with site.app_context():
        db.session.remove()
        db.engine.dispose()


def _health(site) -> tuple[int, dict]:
    response = site.test_client().get("/health")
    return response.status_code, response.get_json()


def _queue_mails(site, prefix: str, count: int) -> list[int]:
    with site.test_request_context():
        ids = [
            queue_mail(
                f"{prefix}{n}@example.org",
                "confirm_email",
                "en",
                user=SimpleNamespace(full_name=f"Delegate {n}"),
                link=f"http://ascn.test/confirm/{n}",
            ).id
            for n in range(count)
        ]
        db.session.commit()
        return ids


def _messages(site) -> list[OutboxMessage]:
    with site.app_context():
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        db.session.remove()
        return messages


def test_every_mail_is_sent_exactly_once_across_a_redis_crash(rq_app, redis, worker):
    assert wait_for(lambda: _health(rq_app)[0] == 200, timeout=60), _health(rq_app)
    before = _queue_mails(rq_app, "before", 150)
    redis.kill()  # while the worker is sending them; the queue's copy of the rest is gone
    during = _queue_mails(rq_app, "during", 10)  # the page that queues them still works
    status, report = _health(rq_app)
    assert status == 503 and report["database"] is True and report["redis"] is False
    assert all(m.status in ("queued", "sent") for m in _messages(rq_app))
    redis.start()  # empty, as after a crash without persistence

    assert wait_for(lambda: all(m.status == "sent" for m in _messages(rq_app)), timeout=90), (
        worker.log_path.read_text()[-3000:]
    )
    messages = _messages(rq_app)
    assert len(messages) == len(before) + len(during) == 160
    assert {m.attempts for m in messages} == {1}
    assert all(worker.sends(m.recipient) == 1 for m in messages)
    assert worker.process.poll() is None  # the worker rode it out
    assert wait_for(
        lambda: _health(rq_app) == (200, {"status": "ok", "database": True, "redis": True, "worker": True}),
        timeout=30,
    )


NAMES = [f"Given{n} Family{n:02d}" for n in range(8)]  # sorted by family name


def _start_batch(site, make) -> int:
    event = make.approved_delegates(NAMES)
    staff = make.user(role="staff")
    from ascn.events.models import Event

    with site.test_request_context():
        batch = batches.start(
            db.session.get(Event, event.id), db.session.get(User, staff.id), batches.Selection(sort="name")
        )
        return batch.id


def _chunks(site, batch_id) -> list[BadgeBatchChunk]:
    with site.app_context():
        chunks = db.session.scalars(
            select(BadgeBatchChunk)
            .where(BadgeBatchChunk.batch_id == batch_id)
            .order_by(BadgeBatchChunk.number)
        ).all()
        db.session.expunge_all()
        db.session.remove()
        return chunks


def _batch(site, batch_id) -> BadgeBatch:
    with site.app_context():
        batch = db.session.get(BadgeBatch, batch_id)
        pages = len(PdfReader(io.BytesIO(batch.pdf)).pages) if batch.status == "done" else 0
        texts = [p.extract_text() for p in PdfReader(io.BytesIO(batch.pdf)).pages] if pages else []
        status = batch.status
        db.session.remove()
        return SimpleNamespace(status=status, order=[next(n for n in NAMES if n in t) for t in texts])


def test_a_batch_finishes_when_its_worker_is_killed_mid_chunk_and_redis_loses_the_queue(
    rq_app, redis, worker, make
):
    assert wait_for(lambda: _health(rq_app)[0] == 200, timeout=60)
    batch_id = _start_batch(rq_app, make)
    assert wait_for(lambda: any(c.status == "running" for c in _chunks(rq_app, batch_id)), timeout=60)
    worker.kill()  # in the middle of a chunk
    held = [c.id for c in _chunks(rq_app, batch_id) if c.status == "running"]
    redis.kill()
    redis.start()  # the queued chunks are gone with it
    assert _health(rq_app)[0] == 503  # no worker
    worker.start()

    assert wait_for(lambda: _batch(rq_app, batch_id).status == "done", timeout=120), (
        worker.log_path.read_text()[-3000:]
    )
    assert _batch(rq_app, batch_id).order == NAMES  # merged once, every badge, in order
    chunks = _chunks(rq_app, batch_id)
    assert {c.status for c in chunks} == {"done"}
    assert all(c.attempts == 2 for c in chunks if c.id in held)  # the killed one ran again


def test_a_worker_busy_with_a_job_when_redis_drops_keeps_working(rq_app, redis, worker):
    from redis import Redis
    from rq.registry import StartedJobRegistry

    from ascn import jobs

    assert wait_for(lambda: _health(rq_app)[0] == 200, timeout=60)
    with rq_app.app_context():
        jobs.enqueue("time:sleep", 1)  # a job that is running when Redis goes
    started = StartedJobRegistry(worker.queue, connection=Redis.from_url(redis.url))
    assert wait_for(lambda: started.count == 1, timeout=30)
    redis.kill()
    time.sleep(3)  # Redis stays away past the job's end: RQ cannot record it and leaves its loop
    redis.start()
    ids = _queue_mails(rq_app, "after", 3)
    assert wait_for(lambda: all(m.status == "sent" for m in _messages(rq_app)), timeout=60)
    assert [worker.sends(f"after{n}@example.org") for n in range(len(ids))] == [1, 1, 1]
    assert worker.process.poll() is None
