"""Scans received from a device: one decided now (online), or a batch decided on the phone
while offline and synced later. `record` is the service; `parse_batch` is its rule for what
a device sends.

Every scan of one badge at one list first locks that delegate's `Presence` row (created
if missing), so two doors scanning the same badge at the same instant are judged one after
the other. Several rows are locked in registration id order; checkin takes no other lock
(docs/ARCHITECTURE.md, level 6).

A scan is judged against the delegate's timeline at its own time, not the order in which
devices synced: two phones that admitted one badge offline make one conflict, whichever
syncs first. A scan sent twice (same device, same client id) is stored once and answered
as before.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ascn.badges import tokens
from ascn.checkin import scan_statements as statements
from ascn.checkin.models import CheckinList, Conflict, Device, Presence, Scan
from ascn.checkin.rules import Facts, ListRule, judge
from ascn.checkin.sent import MAX_BATCH, TOO_MANY, Item, parse_batch  # noqa: F401  (callers' names)
from ascn.db import utcnow
from ascn.extensions import db
from ascn.transactions import AGAIN, unit_of_work

CLOCK_SLACK = timedelta(minutes=5)  # a phone's clock a little ahead is not a conflict
LAST_SEEN_EVERY = timedelta(minutes=1)  # how often a device's "last seen" is written
# A phone's clock outside these years is kept as "far off" (a clock conflict) without its
# reading, which no page could show on the event's clock.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Person:
    """Who a scan named, as the door's screen shows them: read with the delegate's facts,
    as plain values, so that the answer costs no query of its own."""

    id: int
    name: str
    has_photo: bool
    category: dict[str, str]  # by language
    country: dict[str, str]


@dataclass
class Result:
    client_id: str
    outcome: str = ""
    admitted: bool = False
    duplicate: bool = False
    conflict: str | None = None
    scan: Scan | None = None
    # For "already inside": the admitted entry that put the delegate inside.
    entered: Scan | None = None
    error: str = ""  # why nothing was stored (a scan of a revoked device after its revocation)
    # Read inside the transaction, so that the answer needs no row again after the commit.
    registration_id: int | None = None
    person: Person | None = None
    entered_at: datetime | None = None
    entered_device: str = ""


@dataclass
class _Batch:
    checkin_list: CheckinList
    rule: ListRule
    now: datetime
    earliest: datetime
    facts: dict[int, Facts | None] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    presence: dict[int, Presence] = field(default_factory=dict)
    # The admitted scan of this batch that last decided each delegate's presence.
    deciding: dict[int, Scan] = field(default_factory=dict)


def list_rule(checkin_list: CheckinList) -> ListRule:
    # A door for everyone needs no categories: not loading them saves a query per scan.
    categories = () if checkin_list.all_categories else checkin_list.categories
    return ListRule(
        kind=checkin_list.kind,
        all_categories=checkin_list.all_categories,
        category_ids=frozenset(category.id for category in categories),
    )


@unit_of_work(on_conflict=AGAIN)
def record(device: Device, items: list[Item], now: datetime | None = None) -> list[Result]:
    """Store and judge the scans of one device, in one transaction; a result per item, in
    the order sent."""
    checkin_list = device.checkin_list
    batch = _Batch(checkin_list, list_rule(checkin_list), now or utcnow(), _earliest(checkin_list.event))
    named = {item.client_id: _named(item) for item in items}
    already = _load_facts(batch, {rid for rid, _serial in named.values() if rid}, device, items)
    stored = _stored(device, items) if already is None or already else {}
    for client_id in stored:
        del named[client_id]
    shown = {scan.registration_id for scan in stored.values() if scan.registration_id}
    if shown - batch.facts.keys():  # a scan sent again, of someone this batch names no more
        _load_facts(batch, shown - batch.facts.keys(), device, items)
    identified = {client_id: _identify(batch, *found) for client_id, found in named.items()}
    batch.presence = _lock_presence(checkin_list.id, sorted({rid for rid, _s in identified.values() if rid}))
    if now is None:
        # A scan decided now counts from the moment its delegate's row is locked: two doors
        # scanning one badge at once are stamped in the order they are judged, and the
        # second is "already inside" (stamped before the lock, it could predate the first).
        batch.now = utcnow()
    results: dict[str, Result] = {}
    for client_id, scan in stored.items():
        results[client_id] = Result(client_id, scan.outcome, scan.admitted, duplicate=True, scan=scan)
        results[client_id].registration_id = scan.registration_id
        results[client_id].person = batch.people.get(scan.registration_id)
    fresh = [item for item in items if item.client_id not in stored and item.client_id not in results]
    fresh = list({item.client_id: item for item in fresh}.values())  # one id twice in a batch: once
    for item in sorted(fresh, key=lambda item: _time_of(batch, item)):
        registration_id, serial = identified[item.client_id]
        results[item.client_id] = _record_one(batch, device, item, registration_id, serial)
    if device.last_seen_at is None or batch.now - device.last_seen_at > LAST_SEEN_EVERY:
        device.last_seen_at = batch.now
    return [results[item.client_id] for item in items]


def _stored(device: Device, items: list[Item]) -> dict[str, Scan]:
    ids = list({item.client_id for item in items})
    if not ids:
        return {}
    scans = db.session.scalars(statements.stored_scans(), {"device": device.id, "ids": ids})
    return {scan.client_id: scan for scan in scans}


def _named(item: Item) -> tuple[int | None, int | None]:
    """(registration id, serial) the scan names, before asking whether it is of this
    event; a manual check-in names no serial."""
    if item.manual:
        return item.registration_id, None
    return tokens.read(item.token) or (None, None)


def _identify(batch: _Batch, registration_id: int | None, serial: int | None) -> tuple[int | None, ...]:
    """(registration id, serial) the scan names at this event; (None, None) for none."""
    facts = batch.facts.get(registration_id) if registration_id else None
    if facts is None:
        return None, None
    return registration_id, (facts.current_serial if serial is None else serial)


def _load_facts(batch: _Batch, registration_ids: set[int], device: Device, items: list[Item]) -> int | None:
    """The facts of every delegate the batch names, in one query; None for an id that is
    no delegate of this event. Returns how many of the items the device sent already, or
    None when no row came back to tell it."""
    if not registration_ids:
        return None
    checkin_list = batch.checkin_list
    clients = list({item.client_id for item in items})
    values = {
        "ids": list(registration_ids),
        "event": checkin_list.event_id,
        "device": device.id,
        "clients": clients,
    }
    if checkin_list.kind == "visit":
        values["visit"] = checkin_list.visit_id
    rows = db.session.execute(statements.facts(checkin_list.kind), values)
    batch.facts.update(dict.fromkeys(registration_ids))
    already = None
    for row in rows:
        already = row[11]
        batch.facts[row[0]] = Facts(
            status=row[1],
            change_pending=row[2],
            category_id=row[3],
            current_serial=row[4] or 1,
            booking=row[12] if checkin_list.kind == "visit" else None,
        )
        batch.people[row[0]] = Person(
            id=row[0],
            name=row[5],
            has_photo=row[6],
            category={"en": row[7], "ms": row[8]},
            country={"en": row[9], "ms": row[10]},
        )
    return already


def _lock_presence(list_id: int, registration_ids: list[int]) -> dict[int, Presence]:
    """The presence rows of these delegates, made if missing, locked in id order: one
    statement, whose "update" of a row already there changes nothing but takes its lock."""
    if not registration_ids:
        return {}
    if db.session.get_bind().dialect.name == "postgresql":
        values = {"list": list_id, "ids": registration_ids}
        rows = db.session.scalars(
            statements.lock_presence_postgresql(), values, execution_options={"populate_existing": True}
        )
        return {row.registration_id: row for row in rows}
    stmt = sqlite_insert(Presence).values(
        [{"list_id": list_id, "registration_id": rid, "inside": False} for rid in registration_ids]
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Presence.list_id, Presence.registration_id], set_={"inside": Presence.inside}
    ).returning(Presence)
    rows = db.session.scalars(select(Presence).from_statement(stmt).execution_options(populate_existing=True))
    return {row.registration_id: row for row in rows}


def _earliest(event) -> datetime:
    """Before this, a device's clock is wrong: the day before the event begins."""
    day = event.start_date - timedelta(days=1)
    return event.to_utc(datetime.combine(day, time.min))


def _time_of(batch: _Batch, item: Item) -> datetime:
    if item.scanned_at is None:
        return batch.now
    if item.scanned_at > batch.now + CLOCK_SLACK or item.scanned_at < batch.earliest:
        return batch.now
    return item.scanned_at


def _record_one(batch, device, item, registration_id, serial) -> Result:
    result = Result(item.client_id)
    offline = item.device_outcome is not None
    moment = _time_of(batch, item)
    # Compared with the time the scan counts at, not the one the phone claims: a revoked
    # phone whose clock was set back still admits no one after its revocation.
    if device.revoked_at is not None and (not offline or moment > device.revoked_at):
        result.error = "device_revoked"
        return result
    presence = batch.presence.get(registration_id) if registration_id else None
    if not offline and presence is not None and presence.since is not None and presence.since > moment:
        # A scan decided now is never earlier than an admission already stored: stamped
        # before it waited for the lock, it would not see the entry made meanwhile.
        moment = presence.since
    inside = _inside_at(batch, registration_id, moment) if registration_id else False
    facts = batch.facts.get(registration_id) if registration_id else None
    outcome = judge(batch.rule, facts, serial, item.direction, inside)
    entered = _entered(batch, registration_id, moment) if outcome == "already_inside" else None
    scan = Scan(
        list_id=batch.checkin_list.id,
        device_id=device.id,
        client_id=item.client_id,
        registration_id=registration_id,
        serial=serial,
        direction=item.direction,
        manual=item.manual,
        outcome=outcome,
        device_outcome=item.device_outcome,
        admitted=(item.device_outcome if offline else outcome) == "valid",
        scanned_at=moment,
        device_time=_readable(item.scanned_at),
        received_at=batch.now,
        scanned_by_id=device.paired_by_id,
    )
    # Not flushed one by one: the batch's scans go out in a few statements, with the
    # commit, or with the first query that must see them (autoflush).
    db.session.add(scan)
    result.outcome, result.admitted, result.scan = outcome, scan.admitted, scan
    result.registration_id = registration_id
    result.person = batch.people.get(registration_id) if registration_id else None
    if entered is not None:
        result.entered, result.entered_at = entered, entered.scanned_at
        result.entered_device = device.name if entered.device_id == device.id else entered.device.name
    result.conflict = _conflict(batch, device, item, scan, entered)
    if scan.admitted and registration_id:
        _move(batch, batch.presence[registration_id], scan)
    return result


def _readable(moment: datetime | None) -> datetime | None:
    return moment if moment is not None and EARLIEST_YEAR <= moment.year < LATEST_YEAR else None


def _inside_at(batch: _Batch, registration_id: int, moment: datetime) -> bool:
    """Whether the delegate was inside at `moment`. The locked `Presence` row holds the
    answer after its latest admitted scan (`since`); only a scan synced late, from before
    that, asks the timeline."""
    presence = batch.presence[registration_id]
    if presence.since is None:
        return False
    if presence.since <= moment:
        return presence.inside
    entered = _last_admitted(batch.checkin_list.id, registration_id, moment)
    return entered is not None and entered.direction == "in"


def _entered(batch: _Batch, registration_id: int, moment: datetime) -> Scan | None:
    """The admitted scan that put the delegate inside before `moment`."""
    presence = batch.presence[registration_id]
    deciding = batch.deciding.get(registration_id)
    if deciding is not None and presence.since is not None and presence.since <= moment:
        return deciding
    return _last_admitted(batch.checkin_list.id, registration_id, moment)


def _last_admitted(list_id: int, registration_id: int, moment: datetime, after: bool = False) -> Scan | None:
    """The admitted scan of this delegate just before `moment` (or just after it)."""
    base = select(Scan).where(
        Scan.list_id == list_id, Scan.registration_id == registration_id, Scan.admitted.is_(True)
    )
    if after:
        stmt = base.where(Scan.scanned_at > moment).order_by(Scan.scanned_at, Scan.id)
    else:
        stmt = base.where(Scan.scanned_at <= moment).order_by(Scan.scanned_at.desc(), Scan.id.desc())
    return db.session.scalar(stmt.limit(1))


def _conflict(batch, device, item, scan: Scan, entered: Scan | None) -> str | None:
    """The kind of conflict this scan makes, recorded for review; None for none."""
    kind, other = None, None
    if device.revoked_at is not None:
        kind = "device_revoked"
    elif item.scanned_at is not None and scan.scanned_at != item.scanned_at:
        kind = "clock"
    elif scan.device_outcome is not None and scan.device_outcome != scan.outcome:
        kind = "double_entry" if scan.outcome == "already_inside" else "judged_otherwise"
        other = entered if scan.outcome == "already_inside" else None
    if kind is None and scan.admitted and scan.direction == "in" and _admitted_later(batch, scan):
        # A scan synced late may come before an entry already stored: that later entry was
        # then made while the delegate was inside, on another device.
        later = _last_admitted(batch.checkin_list.id, scan.registration_id, scan.scanned_at, after=True)
        if later is not None and later is not scan and later.direction == "in" and not _has_conflict(later):
            db.session.add(Conflict(list_id=scan.list_id, scan=later, other_scan=scan, kind="double_entry"))
            return None
    if kind is not None:
        db.session.add(Conflict(list_id=scan.list_id, scan=scan, other_scan=other, kind=kind))
    return kind


def _admitted_later(batch: _Batch, scan: Scan) -> bool:
    """Whether an admitted scan of this delegate comes after this one: the presence row
    was decided after it."""
    if not scan.registration_id:
        return False
    since = batch.presence[scan.registration_id].since
    return since is not None and since > scan.scanned_at


def _has_conflict(scan: Scan) -> bool:
    return db.session.scalar(select(Conflict.id).where(Conflict.scan_id == scan.id)) is not None


def _move(batch: _Batch, presence: Presence, scan: Scan) -> None:
    """The delegate's place after an admitted scan, unless a later one already decided it."""
    if presence.since is None or scan.scanned_at >= presence.since:
        presence.inside = scan.direction == "in"
        presence.since = scan.scanned_at
        batch.deciding[scan.registration_id] = scan
    if scan.direction == "in" and (
        presence.first_entry_at is None or scan.scanned_at < presence.first_entry_at
    ):
        presence.first_entry_at = scan.scanned_at
