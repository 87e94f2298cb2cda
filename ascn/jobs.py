"""Background jobs: RQ on Redis when REDIS_URL is set, a worker thread otherwise.

Job code is the same in both: a plain function, called inside an app context. Jobs are
named by dotted path so that an `rq worker` on another host imports and runs them.

    enqueue(fn, *args)               run soon
    enqueue_after_commit(fn, *args)  run once the current transaction commits; dropped
                                     if it rolls back (an email never describes a change
                                     that did not happen)
"""

import importlib
import logging
import queue
import threading
import time

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_PENDING = "ascn_jobs_after_commit"


def _path(fn) -> str:
    return fn if isinstance(fn, str) else f"{fn.__module__}:{fn.__qualname__}"


def _resolve(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def mode(app: Flask | None = None) -> str:
    app = app or current_app
    return app.config.get("JOBS_MODE") or ("rq" if app.config.get("REDIS_URL") else "thread")


def enqueue(fn, *args, **kwargs) -> None:
    path = _path(fn)
    if mode() == "rq":
        _rq_queue().enqueue("ascn.jobs.execute", path, args, kwargs, retry=_rq_retry())
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
            log.exception("could not queue job %s after commit", path)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session, previous_transaction):
    session.info.pop(_PENDING, None)


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
        return _resolve(path)(*args, **kwargs)
    finally:
        db.session.remove()


def work(app: Flask, queues: list[str], burst: bool = False) -> None:
    """Run an RQ worker that keeps this app, its loaded code and its caches (parsed
    stylesheets, fonts) from job to job. A plain `rq worker` forks a fresh process for
    every job, which then imports and builds the whole app again: about a second per
    email, and every badge chunk without its caches."""
    from rq import SimpleWorker

    global _worker_app
    _worker_app = app
    with app.app_context():
        connection = _rq_connection()
        queues = queues or [app.config["JOBS_QUEUE"]]
    SimpleWorker(queues, connection=connection).work(burst=burst, with_scheduler=True)


def _rq_connection():
    from redis import Redis

    return Redis.from_url(current_app.config["REDIS_URL"])


def _rq_queue():
    from rq import Queue

    return Queue(current_app.config["JOBS_QUEUE"], connection=_rq_connection())


def _rq_retry():
    from rq import Retry

    return Retry(max=3, interval=[5, 30, 120])


# --- in-process worker thread ---------------------------------------------------------


class ThreadWorker:
    """One daemon thread per app that runs jobs in order, each in a fresh app context."""

    def __init__(self, app: Flask):
        self.app = app
        self.jobs: queue.Queue = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="ascn-jobs", daemon=True)
        self.thread.start()

    def put(self, job) -> None:
        self.jobs.put(job)

    def _loop(self) -> None:
        while True:
            path, args, kwargs = self.jobs.get()
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


def drain(timeout: float = 30.0) -> None:
    """Wait until every queued job has run (tests and the demo loader use it)."""
    deadline = time.monotonic() + timeout
    if mode() == "rq":
        from rq.registry import StartedJobRegistry

        q = _rq_queue()
        started = StartedJobRegistry(queue=q)
        while q.count or started.count:
            if time.monotonic() > deadline:
                raise TimeoutError("jobs still queued after %.0f s" % timeout)
            time.sleep(0.05)
        return
    worker = current_app.extensions.get("ascn_jobs")
    if worker is None:
        return
    while worker.jobs.unfinished_tasks:
        if time.monotonic() > deadline:
            raise TimeoutError("jobs still queued after %.0f s" % timeout)
        time.sleep(0.01)
