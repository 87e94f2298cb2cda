"""Batches: staff choose which approved delegates (country, category, not printed yet,
changed since the last print) and in what order; the batch fixes its badges and their
serials at once, records every one in the print log, and is cut into chunks that any
worker renders (see `runs.py`)."""

import math
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, insert, or_, select

from ascn.accounts.models import User
from ascn.badges.models import Badge, BadgeBatch, BadgeBatchChunk, BadgePrint
from ascn.db import utcnow
from ascn.errors import ServiceError
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.i18n import current_language
from ascn.registration.models import RANK_ORDER, Registration, RegistrationPhoto
from ascn.transactions import unit_of_work

SCOPES = ("all", "unprinted", "changed")
SCOPE_LABELS = {
    "all": _l("Every approved delegate"),
    "unprinted": _l("Not printed yet"),
    "changed": _l("Changed since their last print"),
}
SORTS = ("protocol", "name")
SORT_LABELS = {
    "protocol": _l("Country, then protocol rank, then name"),
    "name": _l("Name"),
}
MAX_BATCH = 10_000


@dataclass
class Selection:
    scope: str = "all"
    sort: str = "protocol"
    country_id: int | None = None
    category_id: int | None = None


def _statement(event: Event, selection: Selection):
    stmt = (
        select(Registration.id)
        .join(Country, Country.id == Registration.country_id)
        .outerjoin(Badge, Badge.registration_id == Registration.id)
        .where(
            Registration.event_id == event.id,
            Registration.status == "approved",
            Registration.purged_at.is_(None),
        )
    )
    if selection.country_id:
        stmt = stmt.where(Registration.country_id == selection.country_id)
    if selection.category_id:
        stmt = stmt.where(Registration.category_id == selection.category_id)
    if selection.scope == "unprinted":
        stmt = stmt.where(Badge.printed_at.is_(None))
    elif selection.scope == "changed":
        # Details, category or rank changed (the registration row), or a new photo.
        photo_changed = (
            select(RegistrationPhoto.registration_id)
            .where(
                RegistrationPhoto.registration_id == Registration.id,
                RegistrationPhoto.updated_at > Badge.printed_at,
            )
            .exists()
        )
        stmt = stmt.where(
            Badge.printed_at.is_not(None), or_(Registration.updated_at > Badge.printed_at, photo_changed)
        )
    name = (func.lower(Registration.family_name), func.lower(Registration.given_names), Registration.id)
    if selection.sort == "protocol":
        rank = case(RANK_ORDER, value=Registration.protocol_rank, else_=len(RANK_ORDER))
        return stmt.order_by(Country.sort_order, Country.code, rank, *name)
    return stmt.order_by(*name)


def matching(event: Event, selection: Selection) -> list[int]:
    return list(db.session.scalars(_statement(event, selection).limit(MAX_BATCH + 1)))


def describe(selection: Selection) -> str:
    """The batch's choices in words, in the language of whoever started it."""
    parts = [str(SCOPE_LABELS[selection.scope])]
    if selection.country_id:
        country = db.session.get(Country, selection.country_id)
        parts.append(country.name if country else "")
    if selection.category_id:
        category = db.session.get(Category, selection.category_id)
        parts.append(category.label if category else "")
    parts.append(_("sorted by %(sort)s", sort=str(SORT_LABELS[selection.sort]).lower()))
    return " · ".join(p for p in parts if p)


def chunk_size() -> int:
    return int(current_app.config.get("BADGE_CHUNK_SIZE") or 50)


@unit_of_work
def start(event: Event, actor: User, selection: Selection) -> BadgeBatch:
    """Fix the batch's badges and serials, log them, cut the chunks, queue the work."""
    from ascn.badges import runs

    if selection.scope not in SCOPES or selection.sort not in SORTS:
        raise ServiceError(_l("Choose what to print and in which order."))
    ids = matching(event, selection)
    if not ids:
        raise ServiceError(_l("No approved delegate matches these choices: there is nothing to print."))
    if len(ids) > MAX_BATCH:
        raise ServiceError(
            _l("A batch holds at most %(max)s badges. Choose a country or a category.", max=f"{MAX_BATCH:,}")
        )
    batch = BadgeBatch(
        event_id=event.id,
        created_by_id=actor.id,
        description=describe(selection),
        total=len(ids),
        language=current_language(),
    )
    db.session.add(batch)
    db.session.flush()
    _reserve(ids, actor, batch.id)
    size = chunk_size()
    for number in range(math.ceil(len(ids) / size)):
        part = ids[number * size : (number + 1) * size]
        db.session.add(
            BadgeBatchChunk(
                batch_id=batch.id, number=number, registration_ids=",".join(map(str, part)), size=len(part)
            )
        )
    db.session.flush()
    runs.dispatch(batch)
    return batch


def _reserve(ids: list[int], actor: User, batch_id: int) -> None:
    """Lock the registrations (in id order, so that two batches never deadlock), issue or
    raise each badge's serial, and write the print log in one statement."""
    ordered = sorted(ids)
    for start_at in range(0, len(ordered), 500):
        part = ordered[start_at : start_at + 500]
        db.session.execute(
            select(Registration.id)
            .where(Registration.id.in_(part))
            .order_by(Registration.id)
            .with_for_update()
        )
    badges = {}
    for start_at in range(0, len(ordered), 500):
        part = ordered[start_at : start_at + 500]
        badges.update(
            {
                b.registration_id: b
                for b in db.session.scalars(select(Badge).where(Badge.registration_id.in_(part)))
            }
        )
    now = utcnow()
    log = []
    for registration_id in ids:
        badge = badges.get(registration_id)
        if badge is None:
            badge = Badge(registration_id=registration_id, serial=1)
            db.session.add(badge)
        elif badge.printed_at is not None:
            badge.serial += 1  # a reprint: the badge printed before now scans as revoked
        badge.printed_at = now
        log.append(
            dict(
                registration_id=registration_id,
                serial=badge.serial,
                actor_id=actor.id,
                at=now,
                reason="batch",
                batch_id=batch_id,
            )
        )
    db.session.execute(insert(BadgePrint), log)


def get(event: Event, batch_id) -> BadgeBatch | None:
    batch = db.session.get(BadgeBatch, batch_id) if isinstance(batch_id, int) else None
    return batch if batch is not None and batch.event_id == event.id else None


def recent(event: Event, limit: int = 20) -> list[BadgeBatch]:
    return list(
        db.session.scalars(
            select(BadgeBatch)
            .where(BadgeBatch.event_id == event.id)
            .order_by(BadgeBatch.id.desc())
            .limit(limit)
        )
    )


def progress(batch: BadgeBatch) -> dict:
    from ascn.badges.runs import stalled

    done = db.session.scalar(
        select(func.coalesce(func.sum(BadgeBatchChunk.size), 0)).where(
            BadgeBatchChunk.batch_id == batch.id, BadgeBatchChunk.status == "done"
        )
    )
    failed = db.session.scalars(
        select(BadgeBatchChunk.number).where(
            BadgeBatchChunk.batch_id == batch.id, BadgeBatchChunk.status == "failed"
        )
    ).all()
    return {
        "status": batch.status,
        "done": int(done),
        "total": batch.total,
        "percent": 100 if batch.status == "done" else int(100 * done / batch.total) if batch.total else 0,
        "failed_chunks": [n + 1 for n in failed],
        "error": batch.error,
        "stalled": stalled(batch),
    }
