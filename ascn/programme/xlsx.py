"""The draft programme as a spreadsheet, and back.

An import checks every row (all problems are listed with their row and column) and
saves nothing unless the whole file is valid. A row with an id updates that session;
a row without one adds a session. It runs in three steps: the rows are read
(`ascn.spreadsheets`: bounded, cells as text) and parsed into dates and names; names are
looked up in the event's catalogue; each row then passes the same rules as the session
form, clash checks included, in one transaction.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ascn import spreadsheets
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.i18n import document
from ascn.ids import parse_id
from ascn.programme import catalogue, sessions, speakers
from ascn.programme.content import plain
from ascn.programme.models import ROLES, STATUSES
from ascn.transactions import unit_of_work

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "type",
    "track",
    "room",
    "title_en",
    "title_ms",
    "description_en",
    "description_ms",
    "audience",
    "status",
    "speakers",
    "moderators",
    "chairs",
)
# Which column a refusal from the session rules points at.
FIELD_COLUMNS = {
    "starts_at": "start",
    "ends_at": "end",
    "room_id": "room",
    "type_id": "type",
    "track_id": "track",
    "audience": "audience",
    "title_en": "title_en",
    "allow_speaker_clash": "speakers",
    "speaker_ids": "speakers",
}
LIMITS = {"title_en": 300, "title_ms": 300, "description_en": 20_000, "description_ms": 20_000}


class ImportRefused(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@document
def export(event: Event) -> bytes:
    rows = [row_of(event, s) for s in sessions.draft_sessions(event)]
    return spreadsheets.xlsx("programme", COLUMNS, rows, fallback="programme")


def row_of(event: Event, s) -> list:
    """A session as its row of the sheet (the export, and the preview's "old" values)."""
    start, end = event.local(s.starts_at), event.local(s.ends_at)
    names = {
        role: "; ".join(link.speaker.full_name for link in s.speakers if link.role == role) for role in ROLES
    }
    return [
        s.id,
        start.date().isoformat(),
        start.strftime("%H:%M"),
        end.strftime("%H:%M"),
        s.session_type.code,
        s.track.name_en if s.track else "",
        s.room.name_en if s.room else "",
        s.title_en,
        s.title_ms,
        plain(s.description_en),
        plain(s.description_ms),
        s.audience,
        s.status,
        names["speaker"],
        names["moderator"],
        names["chair"],
    ]


# Step 1: the rows, parsed.


@dataclass
class ParsedRow:
    number: int
    texts: dict[str, str]
    starts_at: datetime | None
    ends_at: datetime | None
    names: dict[str, list[str]]  # role → speaker names as written
    problems: list[dict] = field(default_factory=list)

    def problem(self, column: str, message) -> None:
        self.problems.append({"row": self.number, "column": column, "message": str(message)})


def _read(data: bytes) -> list[spreadsheets.Row]:
    if not data:
        raise ServiceError(_l("Choose an .xlsx file to import."), field="file")
    if len(data) > MAX_BYTES:
        raise ServiceError(_l("The file is larger than 2 MB."), field="file")
    table = spreadsheets.read_xlsx(data, max_rows=MAX_ROWS, max_columns=len(COLUMNS))
    if [spreadsheets.text(c).lower() for c in table.header] != list(COLUMNS):
        raise ServiceError(
            _("The first row must name the columns: %(columns)s.", columns=", ".join(COLUMNS)), field="file"
        )
    return table.rows


def _day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(spreadsheets.text(value))


def _time(value):
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    return time.fromisoformat(spreadsheets.text(value))


def _parse(row: spreadsheets.Row) -> ParsedRow:
    cells = {name: spreadsheets.cell(row.values, index) for index, name in enumerate(COLUMNS)}
    texts = {name: spreadsheets.text(value) for name, value in cells.items()}
    parsed = ParsedRow(row.number, texts, None, None, {})
    for name, limit in LIMITS.items():
        if len(texts[name]) > limit:
            parsed.problem(name, _("Longer than %(max)s characters.", max=limit))
    try:
        day = _day(cells["date"])
        parsed.starts_at = datetime.combine(day, _time(cells["start"]))
        parsed.ends_at = datetime.combine(day, _time(cells["end"]))
    except (TypeError, ValueError):
        parsed.problem("date", _l("Give the date as YYYY-MM-DD and the times as HH:MM."))
    if (texts["status"] or "scheduled") not in STATUSES:
        parsed.problem("status", _l("Use scheduled or cancelled."))
    for role, column in zip(ROLES, ("speakers", "moderators", "chairs"), strict=True):
        parsed.names[role] = [n.strip() for n in texts[column].split(";") if n.strip()]
    return parsed


# Step 2: names looked up in the event's catalogue.


@dataclass
class Catalogue:
    types: dict[str, int]
    tracks: dict[str, int]
    rooms: dict[str, int]
    people: dict[str, int]

    @classmethod
    def of(cls, event: Event) -> "Catalogue":
        tracks, rooms = {}, {}
        for t in catalogue.tracks(event):
            tracks |= {t.name_en.casefold(): t.id, t.name_ms.casefold(): t.id}
        for r in catalogue.rooms(event):
            rooms |= {r.name_en.casefold(): r.id, r.name_ms.casefold(): r.id}
        return cls(
            types={t.code.lower(): t.id for t in catalogue.session_types(event)},
            tracks=tracks,
            rooms=rooms,
            people={s.full_name.casefold(): s.id for s in speakers.speakers(event)},
        )


def _look_up(event: Event, parsed: ParsedRow, known: Catalogue):
    """The session values of a parsed row, and the session it updates (None: a new one)."""
    texts = parsed.texts
    values = {name: texts[name] for name in ("title_en", "title_ms", "description_en", "description_ms")}
    values |= {"starts_at": parsed.starts_at, "ends_at": parsed.ends_at}
    values["type_id"] = known.types.get(texts["type"].lower())
    if values["type_id"] is None:
        parsed.problem("type", _("Unknown session type “%(value)s”.", value=texts["type"]))
    for column, table in (("track", known.tracks), ("room", known.rooms)):
        name = texts[column]
        values[f"{column}_id"] = table.get(name.casefold()) if name else None
        if name and values[f"{column}_id"] is None:
            parsed.problem(column, _("Unknown %(column)s “%(value)s”.", column=column, value=name))
    values["audience"] = texts["audience"] or "everyone"
    values["cancelled"] = texts["status"] == "cancelled"
    for role, column in zip(ROLES, ("speakers", "moderators", "chairs"), strict=True):
        names = parsed.names[role]
        unknown = [n for n in names if n.casefold() not in known.people]
        if unknown:
            parsed.problem(column, _("Unknown speaker: %(names)s.", names=", ".join(unknown)))
        values[f"{role}_ids"] = [known.people[n.casefold()] for n in names if n.casefold() in known.people]
    session = None
    if texts["id"]:
        session_id = parse_id(texts["id"])
        session = sessions.session_for(event, session_id) if session_id else None
        if session is None:
            parsed.problem("id", _l("No session has this id; leave it empty to add a session."))
    return values, session


# Step 3: every row through the session rules; all or nothing.


def _apply(event: Event, parsed: ParsedRow, values: dict, session) -> bool:
    """Apply a row that has no problem yet; a refusal by the session rules becomes the
    row's problem, in the column it concerns. True when the row was applied."""
    if parsed.problems:
        return False
    try:
        sessions.apply_session(event, session, values)
    except ServiceError as error:
        parsed.problem(FIELD_COLUMNS.get(error.field, "title_en"), error.message)
        return False
    return True


def prepare(event: Event, data: bytes) -> list[tuple[ParsedRow, dict, object]]:
    """Steps 1 and 2: every row parsed and its names looked up, with the session it updates."""
    parsed_rows = [_parse(row) for row in _read(data)]
    known = Catalogue.of(event)
    return [(parsed, *_look_up(event, parsed, known)) for parsed in parsed_rows]


def apply_all(event: Event, looked_up) -> int:
    """Step 3: every row through the session rules; ImportRefused with every problem."""
    count = sum(_apply(event, parsed, values, session) for parsed, values, session in looked_up)
    problems = [problem for parsed, _, _ in looked_up for problem in parsed.problems]
    if problems:
        raise ImportRefused(problems)
    if not count:
        raise ServiceError(_l("The file has no sessions."), field="file")
    return count


@unit_of_work  # all or nothing: a refused row rolls back the rows applied before it
def import_file(event: Event, data: bytes) -> int:
    return apply_all(event, prepare(event, data))
