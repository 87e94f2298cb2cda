"""What /health reports (a query): can the app reach its database and Redis, and has a
job worker been seen lately. Each check is one cheap round trip with a short timeout."""

import logging

from flask import current_app
from sqlalchemy import text

from ascn import jobs
from ascn.extensions import db

log = logging.getLogger(__name__)


def _database() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure to answer is "down"; the log says why
        log.warning("health: database unreachable", exc_info=True)
        db.session.rollback()
        return False


def _redis() -> bool:
    try:
        return bool(jobs.redis_connection().ping())
    except Exception:
        log.warning("health: Redis unreachable", exc_info=True)
        return False


def _worker() -> bool:
    """With RQ, a `flask work` process refreshes its key every sweep; in the embedded
    mode jobs run in this process, so the worker is whether its thread is alive."""
    if jobs.mode() == "rq":
        try:
            return jobs.worker_seen()
        except Exception:
            return False
    thread = current_app.extensions.get("ascn_jobs")
    return thread is None or thread.thread.is_alive()


def report() -> dict:
    checks = {"database": _database()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis()
    checks["worker"] = checks.get("redis", True) and _worker()
    return {"status": "ok" if all(checks.values()) else "unavailable", **checks}
