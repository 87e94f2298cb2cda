"""The statements every scan runs (queries, used by ascn/checkin/scanning.py), each built
once and reused with new values.

A door's phone waits for each answer, and four app processes share two cores: building a
statement and its cache key anew for every scan cost SQLAlchemy about as much CPU as the
database's answer. A statement built once keeps its cache key, and its values go in as
bound parameters (a list of ids as one expanding parameter, or one array on PostgreSQL),
so the statement is the same for a scan of one badge and a batch of 500.
"""

import functools

from sqlalchemy import Integer, and_, bindparam, func, select, text

from ascn.badges.models import Badge
from ascn.checkin.models import Presence, Scan
from ascn.events.models import Category, Country
from ascn.registration.models import Registration
from ascn.visits.models import VisitBooking


@functools.cache
def stored_scans():
    """Scans a device sent already: `device`, `ids` (client ids)."""
    return select(Scan).where(
        Scan.device_id == bindparam("device"), Scan.client_id.in_(bindparam("ids", expanding=True))
    )


# The columns of `facts`, in the order its rows hold them.
FACT_COLUMNS = (
    Registration.id,
    Registration.status,
    Registration.identity_change_pending,
    Registration.category_id,
    Badge.serial,
    Registration.badge_name,
    Registration.has_photo,
    Category.label_en,
    Category.label_ms,
    Country.name_en,
    Country.name_ms,
)


@functools.cache
def facts(kind: str):
    """What a scan is judged on and what the door's screen shows, for the delegates `ids`
    of the event `event`, then how many of the client ids `clients` the device `device`
    sent already; at a bus (`kind` "visit"), with their booking on the visit `visit` as
    the last column."""
    # The device's scans of these client ids stored already, on every row: when none is,
    # as for nearly every scan, they need no query of their own.
    stored = (
        select(func.count())
        .where(
            Scan.device_id == bindparam("device"), Scan.client_id.in_(bindparam("clients", expanding=True))
        )
        .scalar_subquery()
    )
    stmt = (
        select(*FACT_COLUMNS, stored)
        .join(Category, Category.id == Registration.category_id)
        .join(Country, Country.id == Registration.country_id)
        .outerjoin(Badge, Badge.registration_id == Registration.id)
    )
    if kind == "visit":
        stmt = stmt.add_columns(VisitBooking.status).outerjoin(
            VisitBooking,
            and_(
                VisitBooking.registration_id == Registration.id,
                VisitBooking.visit_id == bindparam("visit"),
            ),
        )
    return stmt.where(
        Registration.id.in_(bindparam("ids", expanding=True)),
        Registration.event_id == bindparam("event"),
        Registration.purged_at.is_(None),
    )


# Written out: SQLAlchemy's PostgreSQL INSERT (for ON CONFLICT) has no cache key, so it was
# compiled anew for every scan; a text is compiled once.
_LOCK_PRESENCE = """
INSERT INTO checkin_presence (list_id, registration_id, inside)
SELECT :list, wanted.id, false FROM unnest(CAST(:ids AS INTEGER[])) AS wanted(id) ORDER BY wanted.id
ON CONFLICT (list_id, registration_id) DO UPDATE SET inside = checkin_presence.inside
RETURNING list_id, registration_id, inside, since, first_entry_at
"""


@functools.cache
def lock_presence_postgresql():
    """PostgreSQL: the presence rows of the delegates `ids` at the list `list`, made if
    missing, locked in id order (the rows go in sorted), in one statement of one shape
    whatever the number of ids; the "update" of a row already there changes nothing but
    takes its lock."""
    stmt = text(_LOCK_PRESENCE).bindparams(bindparam("list", type_=Integer), bindparam("ids"))
    columns = (
        Presence.list_id,
        Presence.registration_id,
        Presence.inside,
        Presence.since,
        Presence.first_entry_at,
    )
    return select(Presence).from_statement(stmt.columns(*columns))
