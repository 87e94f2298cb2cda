"""One owner per transaction: the unit of work every service runs in.

    from ascn.transactions import unit_of_work

    @unit_of_work
    def approve(registration, actor):
        delegation = quotas.lock(...)        # locks in the order of docs/ARCHITECTURE.md
        ...                                  # helpers flush; they never commit or roll back
        if something_is_wrong:
            raise ServiceError(_l("..."))    # everything above is rolled back
        return registration                  # committed here, on return

What it does around the decorated function:

- returns normally → the session commits (and jobs queued with
  `jobs.enqueue_after_commit`, such as mail, go out after it);
- raises anything → the session rolls back and the error goes on to the caller, so a
  refusal never leaves half a change nor a held lock;
- PostgreSQL gives up on it as a deadlock or a serialisation failure (SQLSTATE 40P01 or
  40001), in the function or at the commit → rolled back and run once more from the
  start, on fresh rows; a second failure raises `ServiceError(BUSY)`, a message the
  person can act on, instead of a 500.

A unit of work called inside another one joins it: the inner one neither commits nor
retries, the outer one does both. So a service can also be one step of a larger one (a
bulk decision made of single decisions) without ending its transaction half-way.

Retrying re-runs the whole function, so it must not do anything outside the database
that cannot be done twice: side effects wait for the commit (`enqueue_after_commit`).
"""

from functools import wraps

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError

from ascn.errors import ServiceError
from ascn.extensions import db

# PostgreSQL chose this transaction as the victim of a lock cycle (40P01), or could not
# serialise it (40001); either way, the same work run again may well succeed.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})

BUSY = _l("Other people are changing the same records at this moment. Please try again.")

_DEPTH = "ascn_unit_of_work_depth"


def is_lock_conflict(error: BaseException) -> bool:
    """A deadlock or serialisation failure reported by the database, however wrapped."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return code in RETRYABLE_SQLSTATES


def unit_of_work(service):
    """Run `service` as one transaction: commit on return, roll back on error, retry a
    deadlock once (see the module's docstring)."""

    @wraps(service)
    def run(*args, **kwargs):
        info = db.session().info
        if info.get(_DEPTH):
            return _nested(info, service, args, kwargs)
        for attempt in (1, 2):
            info[_DEPTH] = 1
            try:
                result = service(*args, **kwargs)
                db.session.commit()
                return result
            except DBAPIError as error:
                db.session.rollback()
                if not is_lock_conflict(error):
                    raise
                if attempt == 2:
                    raise ServiceError(BUSY) from error
            except BaseException:
                db.session.rollback()
                raise
            finally:
                info.pop(_DEPTH, None)

    return run


def _nested(info, service, args, kwargs):
    info[_DEPTH] += 1
    try:
        return service(*args, **kwargs)
    finally:
        info[_DEPTH] -= 1


def in_unit_of_work() -> bool:
    """True inside a running unit of work (a helper may assert it)."""
    return bool(db.session().info.get(_DEPTH))
