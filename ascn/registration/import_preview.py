"""What a delegation's spreadsheet would do, shown before anything is saved, and the
import that confirms it.

The preview reads the kept file (`ascn.kept_uploads`) and sorts its rows: members to
add, members of the delegation whose details it changes (field by field, old → new),
rows refused with their reason, and rows that change nothing. The confirmation reads the
same bytes again, under the delegation's lock, and checks every row again against the
database as it is then: if the outcome is not the one previewed (a place taken, a
person registered meanwhile), nothing is saved and the new preview is shown.

A row matches a member by email. The Head of Delegation column only counts for a new
member: naming an existing member head has its own confirmation page.
"""

import hashlib
import json
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.kept_uploads import KeptUpload, discard
from ascn.registration import categories, delegations, details, imports, quotas
from ascn.registration.models import ACTIVE_STATUSES, RANK_LABELS, Registration
from ascn.transactions import unit_of_work

# The columns a row may change on an existing member, beside the personal ones.
_CHANGEABLE = (*details.PERSONAL_FIELDS, "category_id", "protocol_rank")
_COLUMN_OF = {"category_id": "category"}
CHANGED = _l("The file or the delegation has changed since the preview. Please check the new preview.")
REFUSED = _l("Some rows cannot be imported. Correct them in the file and upload it again.")


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Plan:
    adds: list[imports.SheetRow] = field(default_factory=list)
    changes: list[tuple[imports.SheetRow, Registration, list[Change]]] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)  # "Row 4 (Siti Rahman): the given name is missing"
    unchanged: int = 0
    digest: str = ""

    @property
    def can_import(self) -> bool:
        return not self.refusals and bool(self.adds or self.changes)


def build(event: Event, country: Country, raw: bytes) -> Plan:
    """Query: what importing `raw` would do now. A problem of the whole file is raised."""
    plan = Plan()
    for row in imports.read(raw, event, country):
        if not row.errors:
            _sort(event, country, row, plan)
        for error in row.errors:
            plan.refusals.append(
                str(
                    _l(
                        "Row %(row)s (%(person)s): %(problem)s",
                        row=error.row,
                        person=row.person,
                        problem=error.message,
                    )
                )
            )
    if not plan.refusals:
        heads = sum(1 for row in plan.adds if row.values.get("is_head"))
        plan.refusals.extend(imports.quota_problems(event, country, len(plan.adds), heads))
    plan.digest = _digest(plan)
    return plan


def _sort(event: Event, country: Country, row: imports.SheetRow, plan: Plan) -> None:
    existing = details.registration_for_email(event.id, row.values["email"])
    member = existing is not None and existing.status in ACTIVE_STATUSES
    try:  # a member keeps the category the secretariat gave; anyone else needs one the focal point may give
        current = existing.category_id if member else None
        categories.check_choice(event, row.values["category_id"], "focal_point", current=current)
    except ServiceError as error:
        row.errors.append(imports.RowError(row.number, str(error.message)))
        return
    if not member:
        plan.adds.append(row)
    elif existing.country_id != country.id or existing.awaiting_confirmation:
        row.errors.append(
            imports.RowError(
                row.number,
                str(_l("%(email)s is already registered for this event", email=row.values["email"])),
            )
        )
    else:
        changes = _changes(event, country, row, existing)
        if changes:
            plan.changes.append((row, existing, changes))
        else:
            plan.unchanged += 1


def _changes(event, country, row: imports.SheetRow, member: Registration) -> list[Change]:
    present = [name for name in _CHANGEABLE if _COLUMN_OF.get(name, name) in row.columns]
    clean = details.clean(
        event, row.values, [n for n in present if n != "protocol_rank"], region=country.code
    )
    clean["protocol_rank"] = row.values.get("protocol_rank")
    changes = []
    for name in present:
        old, new = getattr(member, name), clean[name]
        if (old or "") != (new or ""):
            column = imports.HEADING[_COLUMN_OF.get(name, name)]
            changes.append(Change(str(column), _shown(name, old), _shown(name, new)))
    return changes


def _shown(name: str, value) -> str:
    if name == "category_id":
        category = db.session.get(Category, value)
        return Bilingual.value(category, "label") if category else ""
    if name == "protocol_rank":
        return str(RANK_LABELS.get(value, value))
    return value or ""


def _digest(plan: Plan) -> str:
    """What the preview promised: the rows it adds and the changes it makes, and to whom."""
    promised = {
        "adds": [row.values for row in plan.adds],
        "changes": [(member.id, [vars(change) for change in changes]) for _, member, changes in plan.changes],
        "refusals": plan.refusals,
    }
    return hashlib.sha256(json.dumps(promised, sort_keys=True, default=str).encode()).hexdigest()


def _member_values(member: Registration, row: imports.SheetRow) -> dict:
    values = {name: getattr(member, name) for name in _CHANGEABLE}
    for name in _CHANGEABLE:
        if _COLUMN_OF.get(name, name) in row.columns:
            values[name] = row.values.get(name)
    return values


@unit_of_work
def confirm(event: Event, country: Country, upload: KeptUpload, actor: User, previewed: str) -> Plan:
    """Service: import what the preview showed, checked again under the delegation's lock
    (level 1), or nothing: a ServiceError if a row is refused or the outcome differs."""
    quotas.lock(event.id, country.id)
    plan = build(event, country, upload.data)
    if plan.refusals:
        raise ServiceError(REFUSED)
    if plan.digest != previewed:
        raise ServiceError(CHANGED)
    if plan.adds:
        delegations.add_members(event, country, [row.values for row in plan.adds], actor)
    for row, member, _ in plan.changes:
        delegations.update_member(member, _member_values(member, row), actor)
    discard(upload)
    return plan
