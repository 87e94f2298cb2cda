"""The draft programme as a spreadsheet, and back.

An import checks every row (all problems are listed with their row and column) and
saves nothing unless the whole file is valid. A row with an id updates that session;
a row without one adds a session. Each row passes the same rules as the session form,
clash checks included, in one transaction.
"""

import io
import zipfile
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook

from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.ids import parse_id
from ascn.programme import catalogue, sessions, speakers
from ascn.programme.content import plain
from ascn.programme.models import ROLES, STATUSES

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


def export(event: Event) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "programme"
    sheet.append(COLUMNS)
    for s in sessions.draft_sessions(event):
        start, end = s.starts_at.astimezone(event.tz), s.ends_at.astimezone(event.tz)
        names = {
            role: "; ".join(link.speaker.full_name for link in s.speakers if link.role == role)
            for role in ROLES
        }
        sheet.append(
            [
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
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read(upload) -> list[tuple]:
    data = upload.read(MAX_BYTES + 1) if upload is not None else b""
    if not data:
        raise ServiceError(_l("Choose an .xlsx file to import."), field="file")
    if len(data) > MAX_BYTES:
        raise ServiceError(_l("The file is larger than 2 MB."), field="file")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ServiceError(_l("This is not an .xlsx spreadsheet."), field="file")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise ServiceError(_l("This is not an .xlsx spreadsheet."), field="file") from None
    if not rows or [str(c or "").strip().lower() for c in rows[0][: len(COLUMNS)]] != list(COLUMNS):
        raise ServiceError(
            _("The first row must name the columns: %(columns)s.", columns=", ".join(COLUMNS)), field="file"
        )
    if len(rows) > MAX_ROWS + 1:
        raise ServiceError(_("The file has more than %(max)s rows.", max=MAX_ROWS), field="file")
    return rows[1:]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(_text(value))


def _time(value):
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    return time.fromisoformat(_text(value))


def import_file(event: Event, upload) -> int:
    rows = _read(upload)
    types = {t.code.lower(): t.id for t in catalogue.session_types(event)}
    tracks, rooms = {}, {}
    for t in catalogue.tracks(event):
        tracks |= {t.name_en.casefold(): t.id, t.name_ms.casefold(): t.id}
    for r in catalogue.rooms(event):
        rooms |= {r.name_en.casefold(): r.id, r.name_ms.casefold(): r.id}
    people = {s.full_name.casefold(): s.id for s in speakers.speakers(event)}
    problems, count = [], 0
    for number, raw in enumerate(rows, start=2):
        cells = dict(zip(COLUMNS, list(raw) + [None] * len(COLUMNS), strict=False))
        if all(_text(v) == "" for v in cells.values()):
            continue
        found = []

        def problem(column, message, number=number, found=found):
            found.append({"row": number, "column": column, "message": str(message)})

        values = {
            name: _text(cells[name]) for name in ("title_en", "title_ms", "description_en", "description_ms")
        }
        for name, limit in LIMITS.items():
            if len(values[name]) > limit:
                problem(name, _("Longer than %(max)s characters.", max=limit))
        try:
            day = _day(cells["date"])
            starts_at, ends_at = (
                datetime.combine(day, _time(cells["start"])),
                datetime.combine(day, _time(cells["end"])),
            )
        except (TypeError, ValueError):
            problem("date", _l("Give the date as YYYY-MM-DD and the times as HH:MM."))
            starts_at = ends_at = None
        values |= {"starts_at": starts_at, "ends_at": ends_at}
        values["type_id"] = types.get(_text(cells["type"]).lower())
        if values["type_id"] is None:
            problem("type", _("Unknown session type “%(value)s”.", value=_text(cells["type"])))
        for column, table in (("track", tracks), ("room", rooms)):
            name = _text(cells[column])
            values[f"{column}_id"] = table.get(name.casefold()) if name else None
            if name and values[f"{column}_id"] is None:
                problem(column, _("Unknown %(column)s “%(value)s”.", column=column, value=name))
        values["audience"] = _text(cells["audience"]) or "everyone"
        status = _text(cells["status"]) or "scheduled"
        if status not in STATUSES:
            problem("status", _l("Use scheduled or cancelled."))
        values["cancelled"] = status == "cancelled"
        for role, column in zip(ROLES, ("speakers", "moderators", "chairs"), strict=True):
            names = [n.strip() for n in _text(cells[column]).split(";") if n.strip()]
            unknown = [n for n in names if n.casefold() not in people]
            if unknown:
                problem(column, _("Unknown speaker: %(names)s.", names=", ".join(unknown)))
            values[f"{role}_ids"] = [people[n.casefold()] for n in names if n.casefold() in people]
        session = None
        if _text(cells["id"]):
            session_id = parse_id(_text(cells["id"]))
            session = sessions.session_for(event, session_id) if session_id else None
            if session is None:
                problem("id", _l("No session has this id; leave it empty to add a session."))
        if not found:
            try:
                sessions.apply_session(event, session, values)
                count += 1
            except ServiceError as error:
                problem(FIELD_COLUMNS.get(error.field, "title_en"), error.message)
        problems += found
    if problems:
        db.session.rollback()
        raise ImportRefused(problems)
    if not count:
        raise ServiceError(_l("The file has no sessions."), field="file")
    db.session.commit()
    return count
