"""Check-in lists as organisers keep them: a door (every approved delegate, or only some
categories) or a site visit's bus (one per visit), and the staff who scan at each.

`save_list`, `delete_list` and `make_bus_lists` are services; `lists_of`, `plain_lists_of`, `list_for`,
`team_choices` and `visits_without_list` are queries.

Two doors of one name would be mistaken for each other: `save_list` takes the event's
lock (level 0) before it looks for a twin, so two organisers typing the same door at the
same moment (or one tapping twice) make one list; no constraint can say it, the names
being compared without case and only between doors.

A list is deleted only while no scan names it (scans are the record of who came): the
list's row is locked first, so a scan arriving at that moment either commits before the
count sees it or waits and then finds no list (docs/ARCHITECTURE.md).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ascn.accounts.models import User
from ascn.checkin.models import CheckinList, Conflict, Device, Presence, Scan
from ascn.errors import ServiceError
from ascn.events.models import Category, Event, EventRole
from ascn.events.services import lock
from ascn.extensions import db
from ascn.textlimits import check, limit
from ascn.transactions import AGAIN, conflict_refused, unit_of_work
from ascn.visits.models import SiteVisit

# Who scans at a list: the event's staff and organisers (administrators scan everywhere).
SCANNING_ROLES = ("staff", "organiser")
ONE_BUS_PER_VISIT = _l("This visit already has its bus list.")


@dataclass
class ListRow:
    """A list on the index, with what its organisers watch."""

    checkin_list: CheckinList
    inside: int
    open_conflicts: int
    devices: int


def lists_of(event: Event) -> list[ListRow]:
    """Every list of the event with its counts: four queries however many lists."""
    lists = list(
        db.session.scalars(
            select(CheckinList)
            .where(CheckinList.event_id == event.id)
            .options(
                selectinload(CheckinList.categories),
                selectinload(CheckinList.staff),
                selectinload(CheckinList.visit),
            )
            .order_by(CheckinList.kind, CheckinList.name_en, CheckinList.name_ms, CheckinList.id)
        )
    )
    ids = [checkin_list.id for checkin_list in lists]
    inside = _counts(select(Presence.list_id, func.count()).where(Presence.inside.is_(True)), Presence, ids)
    conflicts = _counts(
        select(Conflict.list_id, func.count()).where(Conflict.resolved_at.is_(None)), Conflict, ids
    )
    devices = _counts(
        select(Device.list_id, func.count()).where(
            Device.revoked_at.is_(None), Device.paired_at.is_not(None)
        ),
        Device,
        ids,
    )
    return [
        ListRow(
            checkin_list,
            inside.get(checkin_list.id, 0),
            conflicts.get(checkin_list.id, 0),
            devices.get(checkin_list.id, 0),
        )
        for checkin_list in lists
    ]


def _counts(stmt, model, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    return dict(db.session.execute(stmt.where(model.list_id.in_(ids)).group_by(model.list_id)).all())


def plain_lists_of(event: Event) -> list[CheckinList]:
    """The event's lists by name, without their counts (a filter's choices)."""
    return list(
        db.session.scalars(
            select(CheckinList)
            .where(CheckinList.event_id == event.id)
            .order_by(CheckinList.name_en, CheckinList.name_ms, CheckinList.id)
        )
    )


def list_for(event: Event, list_id: int | None) -> CheckinList | None:
    """A list of this event by its id; None for an unknown id or another event's."""
    checkin_list = db.session.get(CheckinList, list_id) if list_id else None
    return checkin_list if checkin_list is not None and checkin_list.event_id == event.id else None


def team_choices(event: Event) -> list[User]:
    """The people who may be assigned to a list: staff and organisers of this event."""
    return list(
        db.session.scalars(
            select(User)
            .join(EventRole, EventRole.user_id == User.id)
            .where(EventRole.event_id == event.id, EventRole.role.in_(SCANNING_ROLES))
            .order_by(User.full_name, User.id)
        )
    )


def visits_without_list(event: Event) -> list[SiteVisit]:
    """The event's visits that have no bus list yet."""
    taken = select(CheckinList.visit_id).where(CheckinList.visit_id.is_not(None))
    return list(
        db.session.scalars(
            select(SiteVisit)
            .where(SiteVisit.event_id == event.id, SiteVisit.id.not_in(taken))
            .order_by(SiteVisit.departs_at, SiteVisit.id)
        )
    )


@unit_of_work
def save_list(event: Event, checkin_list: CheckinList | None, values: dict, actor) -> CheckinList:
    """Create a list, or change its names, its categories and its staff. Whether it is a
    door or a bus, and which visit's bus, is chosen once: its scans were judged by it."""
    names = {name: (values.get(name) or "").strip() for name in ("name_en", "name_ms")}
    check(names, {"name_en": CheckinList.name_en, "name_ms": CheckinList.name_ms})
    lock(event.id)  # a twin request waits here, then finds this list by its name
    if checkin_list is None:
        checkin_list = CheckinList(event_id=event.id, kind=values.get("kind") or "")
        if checkin_list.kind == "visit":
            visit = _visit_of(event, values.get("visit_id"))
            checkin_list.visit_id = visit.id
            names = names if any(names.values()) else _names_of(visit)
        elif checkin_list.kind != "door":
            raise ServiceError(_l("Choose a door or a site visit's bus."), field="kind")
    if not any(names.values()):
        raise ServiceError(_l("Give the list a name in at least one language."), field="name_en")
    if checkin_list.kind == "door":  # a bus is told apart by its visit (two runs may share a title)
        _check_unique_names(event, checkin_list, names)
    checkin_list.name_en, checkin_list.name_ms = names["name_en"], names["name_ms"]
    if checkin_list.kind == "door":
        categories = _categories(event, values.get("category_ids") or ())
        if values.get("admits") == "categories" and not categories:
            raise ServiceError(
                _l("Choose at least one category, or admit every approved delegate."), field="category_ids"
            )
        checkin_list.all_categories = values.get("admits") != "categories"
        checkin_list.categories = [] if checkin_list.all_categories else categories
    checkin_list.staff = _staff(event, values.get("staff_ids") or ())
    with conflict_refused(ONE_BUS_PER_VISIT, field="visit_id"):
        db.session.add(checkin_list)
    return checkin_list


def _visit_of(event: Event, visit_id) -> SiteVisit:
    visit = db.session.get(SiteVisit, visit_id) if isinstance(visit_id, int) and visit_id > 0 else None
    if visit is None or visit.event_id != event.id:
        raise ServiceError(_l("Choose a visit from the list."), field="visit_id")
    if db.session.scalar(select(CheckinList.id).where(CheckinList.visit_id == visit.id)) is not None:
        raise ServiceError(ONE_BUS_PER_VISIT, field="visit_id")
    return visit


def _names_of(visit: SiteVisit) -> dict[str, str]:
    """A bus list named after its visit, when the visit's titles fit a list's name."""
    maximum = limit(CheckinList.name_en)
    names = {"name_en": visit.title_en, "name_ms": visit.title_ms}
    if any(len(name) > maximum for name in names.values()):
        raise ServiceError(
            _l("The visit's title is longer than a list's name may be: type a shorter name."), field="name_en"
        )
    return names


def _check_unique_names(event: Event, checkin_list: CheckinList, names: dict[str, str]) -> None:
    """Two doors of one name would be mistaken for each other; this also refuses a form
    sent twice."""
    for name, column in (("name_en", CheckinList.name_en), ("name_ms", CheckinList.name_ms)):
        if not names[name]:
            continue
        stmt = select(CheckinList.id).where(
            CheckinList.event_id == event.id,
            CheckinList.kind == "door",
            func.lower(column) == names[name].lower(),
        )
        if checkin_list.id is not None:
            stmt = stmt.where(CheckinList.id != checkin_list.id)
        if db.session.scalar(stmt.limit(1)) is not None:
            raise ServiceError(_l("Another list already has this name."), field=name)


def _categories(event: Event, category_ids) -> list[Category]:
    chosen = set(category_ids)
    if not chosen:
        return []
    categories = list(
        db.session.scalars(
            select(Category)
            .where(Category.event_id == event.id, Category.id.in_(chosen))
            .order_by(Category.sort_order, Category.id)
        )
    )
    if len(categories) != len(chosen):
        raise ServiceError(_l("Choose categories from the list."), field="category_ids")
    return categories


def _staff(event: Event, user_ids) -> list[User]:
    chosen = set(user_ids)
    if not chosen:
        return []
    people = list(
        db.session.scalars(
            select(User)
            .join(EventRole, EventRole.user_id == User.id)
            .where(EventRole.event_id == event.id, EventRole.role.in_(SCANNING_ROLES), User.id.in_(chosen))
        )
    )
    if len(people) != len(chosen):
        raise ServiceError(
            _l("Only staff and organisers of this event can scan at a list: choose them from the list."),
            field="staff_ids",
        )
    return people


@unit_of_work
def delete_list(checkin_list: CheckinList) -> None:
    locked = db.session.scalar(select(CheckinList).where(CheckinList.id == checkin_list.id).with_for_update())
    if locked is None:
        return  # deleted a moment ago by another organiser
    if db.session.scalar(select(Scan.id).where(Scan.list_id == locked.id).limit(1)) is not None:
        raise ServiceError(_l("This list has scans, which are the record of who came: it cannot be deleted."))
    db.session.delete(locked)


@dataclass
class BusLists:
    made: list[CheckinList]
    unnamed: list[SiteVisit]  # visits whose titles are too long to name a list after


@unit_of_work(on_conflict=AGAIN)
def make_bus_lists(event: Event, actor) -> BusLists:
    """A bus list for every visit of the event without one, named after the visit. A
    twin request at the same moment makes the same lists: this one then runs again and
    finds them made."""
    result = BusLists([], [])
    maximum = limit(CheckinList.name_en)
    for visit in visits_without_list(event):
        if len(visit.title_en) > maximum or len(visit.title_ms) > maximum:
            result.unnamed.append(visit)
            continue
        checkin_list = CheckinList(
            event_id=event.id, kind="visit", visit_id=visit.id, name_en=visit.title_en, name_ms=visit.title_ms
        )
        db.session.add(checkin_list)
        result.made.append(checkin_list)
    db.session.flush()
    return result
