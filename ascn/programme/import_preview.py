"""What a programme spreadsheet would do to the draft, shown before anything is saved,
and the import that confirms it.

The preview runs the import's three steps (`xlsx.prepare`, then `xlsx.apply_all`) inside
`transactions.discarded()`, so that the session rules and clash checks speak, and rolls
everything back. What the rows add and change (old → new) is read before they are
applied, and its digest goes with the "Import" button: the confirmation reads the kept
file again, and saves nothing if what it would do is not what was shown.
"""

import hashlib
import json
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.kept_uploads import KeptUpload, discard
from ascn.programme import xlsx
from ascn.programme.content import plain
from ascn.transactions import discarded, unit_of_work

CHANGED = _l("The file or the draft programme has changed since the preview. Please check the new preview.")
# Cells compared without regard to case (names looked up the same way).
_ANY_CASE = {"type", "track", "room", "speakers", "moderators", "chairs"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowOutline:
    number: int
    title: str
    when: str
    session_id: int | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class Plan:
    adds: list[RowOutline] = field(default_factory=list)
    changes: list[RowOutline] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    unchanged: int = 0
    digest: str = ""

    @property
    def can_import(self) -> bool:
        return not self.refusals and bool(self.adds or self.changes)


def _new_texts(parsed: xlsx.ParsedRow) -> dict[str, str]:
    texts = dict(parsed.texts)
    if parsed.starts_at and parsed.ends_at:
        texts["date"] = parsed.starts_at.date().isoformat()
        texts["start"], texts["end"] = parsed.starts_at.strftime("%H:%M"), parsed.ends_at.strftime("%H:%M")
    texts["audience"] = texts["audience"] or "everyone"
    texts["status"] = texts["status"] or "scheduled"
    return texts


def outline(event: Event, looked_up) -> Plan:
    """Rule on loaded rows: what each row adds or changes, before any is applied."""
    plan = Plan()
    for parsed, _values, session in looked_up:
        texts = _new_texts(parsed)
        row = RowOutline(
            parsed.number,
            texts["title_en"] or texts["title_ms"],
            f"{texts['date']} {texts['start']}–{texts['end']}",
        )
        if session is None:
            plan.adds.append(row)
            continue
        row.session_id = session.id
        old = dict(zip(xlsx.COLUMNS, (str(v) for v in xlsx.row_of(event, session)), strict=True))
        for column in xlsx.COLUMNS[1:]:
            before, after = old[column], texts[column]
            if column.startswith("description"):
                before = plain(before)
            same = before.casefold() == after.casefold() if column in _ANY_CASE else before == after
            if not same:
                row.changes.append(Change(column, before, after))
        if row.changes:
            plan.changes.append(row)
        else:
            plan.unchanged += 1
    promised = {
        "adds": [vars(row) for row in plan.adds],
        "changes": [(row.session_id, [vars(c) for c in row.changes]) for row in plan.changes],
    }
    plan.digest = hashlib.sha256(json.dumps(promised, sort_keys=True, default=str).encode()).hexdigest()
    return plan


def build(event: Event, data: bytes) -> Plan:
    """Query: the preview of `data`, the session rules run and rolled back. A problem of
    the whole file (not a workbook, too large, wrong columns) is raised."""
    with discarded():
        looked_up = xlsx.prepare(event, data)
        plan = outline(event, looked_up)
        titles = {parsed.number: _new_texts(parsed)["title_en"] for parsed, _, _ in looked_up}
        try:
            xlsx.apply_all(event, looked_up)
        except xlsx.ImportRefused as refused:
            plan.refusals = [
                str(
                    _l(
                        "Row %(row)s (%(title)s): “%(column)s”: %(problem)s",
                        row=p["row"],
                        title=titles.get(p["row"]) or "—",
                        column=p["column"],
                        problem=p["message"],
                    )
                )
                for p in refused.problems
            ]
    return plan


@unit_of_work
def confirm(event: Event, upload: KeptUpload, previewed: str) -> int:
    """Service: import the kept file as previewed, or nothing (ImportRefused, or CHANGED
    when what it would do now differs from what was shown)."""
    looked_up = xlsx.prepare(event, upload.data)
    if outline(event, looked_up).digest != previewed:
        raise ServiceError(CHANGED)
    count = xlsx.apply_all(event, looked_up)
    discard(upload)
    return count
