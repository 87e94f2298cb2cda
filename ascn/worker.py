"""`flask work`: the RQ worker that keeps running through Redis outages.

RQ's own loop quits when Redis drops while it is finishing a job; here the loop starts
again with a growing pause (1, 2, 4 … at most WORKER_MAX_BACKOFF seconds) until Redis is
back, and stops only when asked to (SIGTERM, Ctrl+C) or, with --burst, when the queues are
empty. Beside it a housekeeping thread says the worker is alive (a Redis key that
expires, read by /health) and sweeps for lost work (`jobs.sweep`) every
JOBS_SWEEP_INTERVAL seconds.
"""

import logging
import signal
import threading
import time
from contextlib import suppress

from flask import Flask
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import SimpleWorker

from ascn import jobs

log = logging.getLogger(__name__)
WORKER_MAX_BACKOFF = 30


class _Worker(SimpleWorker):
    """Remembers whether it was asked to stop, to tell a shutdown from a lost connection."""

    stop_asked = False

    def request_stop(self, signum, frame):
        self.stop_asked = True
        super().request_stop(signum, frame)


def work(app: Flask, queues: list[str], burst: bool = False) -> None:
    """Run jobs in this process, which keeps the app, its loaded code and its caches
    (parsed stylesheets, fonts) from job to job. A plain `rq worker` forks a fresh process
    for every job, which then imports and builds the whole app again: about a second per
    email, and every badge chunk without its caches."""
    jobs._worker_app = app
    connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=5, socket_keepalive=True)
    queues = queues or [app.config["JOBS_QUEUE"]]
    keeper = Housekeeping(app, connection, queues)
    keeper.working = True  # so that its first beat already says so
    keeper.start()
    pause = 1.0
    while True:
        worker = None
        started = time.monotonic()
        keeper.working = True
        try:
            worker = _Worker(queues, connection=connection)  # talks to Redis already
            worker.work(burst=burst, with_scheduler=True)
        except (RedisConnectionError, RedisTimeoutError) as error:
            log.warning("worker lost Redis: %s", error)
        finally:
            keeper.working = False
            _let_go(worker)
        if burst or (worker is not None and worker.stop_asked):
            return
        if time.monotonic() - started > WORKER_MAX_BACKOFF:
            pause = 1.0  # it had been working: a new outage starts with a short pause
        log.warning("worker stopped without being asked to; working again in %.0f s", pause)
        _pause(pause)
        pause = min(pause * 2, WORKER_MAX_BACKOFF)


def _let_go(worker: _Worker | None) -> None:
    """Stop the ended worker's command listener, which RQ stops only when it can still
    reach Redis; left running, it would reconnect forever to a channel nobody uses."""
    listener = getattr(worker, "pubsub_thread", None)
    if listener is None or not listener.is_alive():
        return
    listener.stop()
    listener.join(timeout=1)
    with suppress(Exception):  # its connection is gone anyway
        worker.pubsub.close()


def _stop(signum, frame):
    raise SystemExit(0)


def _pause(seconds: float) -> None:
    """Sleep, yet stop at once on SIGTERM or Ctrl+C (RQ's handlers belong to the worker
    that just ended)."""
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    time.sleep(seconds)


class Housekeeping(threading.Thread):
    """Heartbeat and sweep, every JOBS_SWEEP_INTERVAL seconds, while the process lives."""

    def __init__(self, app: Flask, connection: Redis, queues: list[str]):
        super().__init__(name="ascn-housekeeping", daemon=True)
        self.app, self.connection, self.queues = app, connection, queues
        self.working = False

    def run(self) -> None:
        while True:
            interval = float(self.app.config.get("JOBS_SWEEP_INTERVAL") or 30)
            try:
                self.beat(interval)
            except (RedisConnectionError, RedisTimeoutError):
                pass  # nothing to queue work into: sweep once Redis is back
            except Exception:
                log.exception("worker housekeeping failed")
            else:
                with self.app.app_context():
                    jobs.sweep()
            time.sleep(interval)

    def beat(self, interval: float) -> None:
        """Say this worker is alive, for as long as three sweeps; a Redis error skips the sweep."""
        self.connection.ping()
        if self.working:
            ttl = max(3, int(3 * interval))
            for name in self.queues:
                self.connection.set(jobs.worker_seen_key(name), int(time.time()), ex=ttl)
