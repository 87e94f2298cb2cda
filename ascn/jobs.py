"""Background jobs: RQ on Redis when REDIS_URL is set, a worker thread otherwise.

Job code is the same in both: a plain function, called inside an app context. Jobs are
named by dotted path so that an `rq worker` on another host imports and runs them.

    enqueue(fn, *args)               run soon
    enqueue_after_commit(fn, *args)  run once the current transaction commits; dropped
                                     if it rolls back (an email never describes a change
                                     that did not happen)
    sweep()                          queue again the work the database records as unfinished

A queue can lose jobs (Redis restarted without its data, a worker killed mid-job), so the
database row of each piece of work (an outbox message, a badge chunk) is the record, and
every job is safe to run twice. The workers sweep every JOBS_SWEEP_INTERVAL seconds: work
not started JOBS_REQUEUE_AFTER seconds after it was queued, or whose worker's claim is
older than JOBS_LEASE, is queued again (`RECOVERY` lists the steps, one per kind of work).
"""

import importlib
import logging
import queue
import threading
import time
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_PENDING = "ascn_jobs_after_commit"

# Each step owns its transaction and queues the work it finds after its commit.
RECOVERY = (
    "ascn.mail:requeue_stuck",
    "ascn.badges.recovery:requeue_stuck",
    # Meeting requests left unanswered past their deadline (a step of the sweep, not of a
    # queue: nothing else runs it when no page of the event is opened).
    "ascn.bilaterals.expiry:sweep",
    # Seats held for Heads of Delegation that the clock released to the waiting list.
    "ascn.visits.release:sweep",
)


def _path(fn) -> str:
    return fn if isinstance(fn, str) else f"{fn.__module__}:{fn.__qualname__}"


def resolve(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def mode(app: Flask | None = None) -> str:
    app = app or current_app
    return app.config.get("JOBS_MODE") or ("rq" if app.config.get("REDIS_URL") else "thread")


# Ids of the RQ jobs this process queued since the last `drain`: a drain with none, and
# nothing in the queue, returns at once instead of watching an idle queue.
_queued_here: list[str] = []


def enqueue(fn, *args, **kwargs) -> None:
    path = _path(fn)
    if mode() == "rq":
        job = _rq_queue().enqueue("ascn.jobs.execute", path, args, kwargs, retry=_rq_retry())
        _queued_here.append(job.id)
    else:
        _thread_worker(current_app._get_current_object()).put((path, args, kwargs))


def enqueue_after_commit(fn, *args, **kwargs) -> None:
    from ascn.extensions import db

    session = db.session()
    # Begin the transaction now, so that a rollback before any SQL still fires the
    # rollback event and drops the job.
    session.connection()
    session.info.setdefault(_PENDING, []).append((_path(fn), args, kwargs))


@event.listens_for(Session, "after_commit")
def _flush_pending(session):
    for path, args, kwargs in session.info.pop(_PENDING, []):
        try:
            enqueue(path, *args, **kwargs)
        except Exception:  # the change is committed; a queue outage must not turn it into an error page
            log.warning("could not queue job %s after commit; the sweep queues it later", path, exc_info=True)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session, previous_transaction):
    session.info.pop(_PENDING, None)


# --- recovery ------------------------------------------------------------------------


def lease_expired() -> datetime:
    """A claim taken before this belongs to a worker that died (or lost the database)."""
    from ascn.db import utcnow

    return utcnow() - timedelta(seconds=current_app.config["JOBS_LEASE"])


def requeue_deadline() -> datetime:
    """Work queued before this and still not started is taken to be lost with its job."""
    from ascn.db import utcnow

    return utcnow() - timedelta(seconds=current_app.config["JOBS_REQUEUE_AFTER"])


def sweep() -> None:
    """Queue again the work recorded in the database that no worker finished in time.
    Runs in the workers every JOBS_SWEEP_INTERVAL seconds; safe to run anywhere, at once."""
    from ascn.extensions import db

    for path in RECOVERY:
        try:
            resolve(path)()
        except Exception:  # one kind of work failing to sweep must not stop the others
            db.session.rollback()
            log.exception("recovery step %s failed", path)
        finally:
            db.session.remove()


# --- RQ ------------------------------------------------------------------------------

_worker_app: Flask | None = None


def execute(path: str, args, kwargs):
    """Entry point of every job on RQ. Under `flask work` the app is the worker's own,
    built once; under a plain `rq worker` it is built in the job's process."""
    global _worker_app
    if _worker_app is None:
        from ascn import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        return _run(path, args, kwargs)


def _run(path, args, kwargs):
    from ascn.extensions import db

    try:
        return resolve(path)(*args, **kwargs)
    finally:
        db.session.remove()


def redis_connection():
    """For the web app: short timeouts, so that a Redis outage costs a request a few
    seconds at most (the outbox row stays; the sweep queues it later)."""
    from redis import Redis

    return Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=3, socket_timeout=5)


def _rq_queue():
    from rq import Queue

    return Queue(current_app.config["JOBS_QUEUE"], connection=redis_connection())


def worker_seen_key(queue_name: str) -> str:
    return f"ascn:worker-seen:{queue_name}"


def worker_seen() -> bool:
    """Whether a `flask work` worker on this app's queue has said it is alive lately."""
    return bool(redis_connection().exists(worker_seen_key(current_app.config["JOBS_QUEUE"])))


def _rq_retry():
    from rq import Retry

    return Retry(max=3, interval=[5, 30, 120])


# --- in-process worker thread ---------------------------------------------------------


class ThreadWorker:
    """One daemon thread per app that runs jobs in order, each in a fresh app context,
    and sweeps between jobs (a restarted app finds the work its last run left)."""

    def __init__(self, app: Flask):
        self.app = app
        self.jobs: queue.Queue = queue.Queue()
        self.last_sweep = 0.0
        self.thread = threading.Thread(target=self._loop, name="ascn-jobs", daemon=True)
        self.thread.start()

    def put(self, job) -> None:
        self.jobs.put(job)

    def _loop(self) -> None:
        while True:
            interval = float(self.app.config.get("JOBS_SWEEP_INTERVAL") or 0)  # 0: no sweep
            if interval > 0 and time.monotonic() - self.last_sweep >= interval:
                self.last_sweep = time.monotonic()
                with self.app.app_context():
                    sweep()
            try:
                path, args, kwargs = self.jobs.get(timeout=interval if interval > 0 else 5)
            except queue.Empty:
                continue
            try:
                with self.app.app_context():
                    _run(path, args, kwargs)
            except Exception:  # a failed job is logged; the worker keeps serving the others
                log.exception("job %s failed", path)
            finally:
                self.jobs.task_done()


_thread_lock = threading.Lock()


def _thread_worker(app: Flask) -> ThreadWorker:
    with _thread_lock:
        worker = app.extensions.get("ascn_jobs")
        if worker is None:
            worker = app.extensions["ascn_jobs"] = ThreadWorker(app)
        return worker


def init_app(app: Flask) -> None:
    """In the embedded mode the job thread starts with the first request, not only with
    the first job, so that it sweeps up what a previous run of the app left unfinished."""
    if mode(app) != "thread":
        return

    @app.before_request
    def start_job_thread():
        if "ascn_jobs" not in app.extensions:
            _thread_worker(app)


def drain(timeout: float = 120.0) -> None:
    """Wait until every queued job has run (tests and the demo loader use it). The bound
    only keeps a dead worker from hanging the caller: a loaded machine may take a while."""
    deadline = time.monotonic() + timeout
    if mode() == "rq":
        from rq.registry import StartedJobRegistry

        q = _rq_queue()
        started = StartedJobRegistry(queue=q)
        if not _queued_here and not q.count and not started.count:
            return
        idle_polls = 0
        # A job the worker has taken off the queue is in neither count until it has
        # registered as started: idle twice, 0.1 s apart, is taken as done.
        while idle_polls < 2:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    "jobs still queued after %.0f s: %d waiting (%s), running: %s"
                    % (timeout, q.count, _described(q.get_jobs(0, 4)), started.get_job_ids() or "none")
                )
            idle_polls = 0 if q.count or started.count else idle_polls + 1
            time.sleep(0.1 if idle_polls else 0.05)
        _queued_here.clear()
        return
    worker = current_app.extensions.get("ascn_jobs")
    if worker is None:
        return
    while worker.jobs.unfinished_tasks:
        if time.monotonic() > deadline:
            raise TimeoutError("jobs still queued after %.0f s" % timeout)
        time.sleep(0.01)


def _described(rq_jobs) -> str:
    """The first jobs of a queue by what they run, for the message of a drain that timed out."""
    return ", ".join(f"{job.args[0]}{tuple(job.args[1])}" for job in rq_jobs if job and job.args) or "none"
