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

A unique index or a foreign key refusing the change (an `IntegrityError`, at a flush in
the function or at the commit) means what the service says it means:

    @unit_of_work(on_conflict=_l("Another category already uses this code."), field="code")
    def save_category(...): ...          # → ServiceError(message, field), rolled back

    @unit_of_work(on_conflict=AGAIN)
    def save(...): ...                   # the same row committed by a twin request (a
                                         # double tap): rolled back and run once more,
                                         # which now finds that row

Without `on_conflict` the error goes on to the caller like any other. Where the conflict
belongs to one block of a helper rather than to the whole service, the block says it:

    with conflict_refused(_l("This email address is already registered."), field="email"):
        db.session.add(registration)     # flushed at the end of the block

A unit of work called inside another one joins it: the inner one neither commits nor
retries, the outer one does both. So a service can also be one step of a larger one (a
bulk decision made of single decisions) without ending its transaction half-way. A joined
one still turns a conflict into its message (the outer one then rolls back); `AGAIN` is
left to the outer one, which alone can start again.

Retrying re-runs the whole function, so it must not do anything outside the database
that cannot be done twice: side effects wait for the commit (`enqueue_after_commit`).
"""

from contextlib import contextmanager
from functools import wraps

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, IntegrityError

from ascn.errors import ServiceError
from ascn.extensions import db

# PostgreSQL chose this transaction as the victim of a lock cycle (40P01), or could not
# serialise it (40001); either way, the same work run again may well succeed.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})

BUSY = _l("Other people are changing the same records at this moment. Please try again.")

_DEPTH = "ascn_unit_of_work_depth"

# `on_conflict=AGAIN`: a clash with a row committed at the same moment means the work is
# done already, and running the function again on fresh rows finds it so.
AGAIN = "again"


def is_lock_conflict(error: BaseException) -> bool:
    """A deadlock or serialisation failure reported by the database, however wrapped."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return code in RETRYABLE_SQLSTATES


def unit_of_work(service=None, *, on_conflict=None, field: str | None = None):
    """Run `service` as one transaction: commit on return, roll back on error, retry a
    deadlock once, and read a conflict as `on_conflict` says (see the module's docstring).
    Used bare (`@unit_of_work`) or with arguments (`@unit_of_work(on_conflict=...)`)."""
    if service is None:
        return lambda service: unit_of_work(service, on_conflict=on_conflict, field=field)

    refuses = on_conflict is not None and on_conflict is not AGAIN

    @wraps(service)
    def run(*args, **kwargs):
        info = db.session().info
        if info.get(_DEPTH):
            try:
                return _nested(info, service, args, kwargs)
            except IntegrityError as error:
                if not refuses:
                    raise
                raise ServiceError(on_conflict, field=field) from error
        for attempt in (1, 2):
            info[_DEPTH] = 1
            try:
                result = service(*args, **kwargs)
                db.session.commit()
                return result
            except IntegrityError as error:
                db.session.rollback()
                if on_conflict is AGAIN and attempt == 1:
                    continue
                if not refuses:
                    raise
                raise ServiceError(on_conflict, field=field) from error
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


@contextmanager
def conflict_refused(message, field: str | None = None):
    """Inside a unit of work: what the block writes is flushed at its end, and a unique
    index or foreign key refusing it becomes `ServiceError(message, field)` (the unit of
    work then rolls everything back)."""
    try:
        yield
        db.session.flush()
    except IntegrityError as error:
        raise ServiceError(message, field=field) from error


@contextmanager
def discarded():
    """A block whose changes to rows are never saved (a preview drawn with an unsaved
    draft): nothing is flushed in it, and it is rolled back at its end, whatever happens.
    For a page that only reads, never inside a unit of work."""
    if in_unit_of_work():
        raise RuntimeError("discarded() would roll back the unit of work around it")
    try:
        with db.session.no_autoflush:
            yield
    finally:
        db.session.rollback()


def in_unit_of_work() -> bool:
    """True inside a running unit of work (a helper may assert it)."""
    return bool(db.session().info.get(_DEPTH))
