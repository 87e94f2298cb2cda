"""A delegation's members from a spreadsheet: the template to fill in, and the reading of
a filled one, row by row, with every problem reported by row and the row's person.
What the rows would change is decided in `import_preview`."""

import io
from dataclasses import dataclass, field

from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ascn import spreadsheets
from ascn.accounts.services import normalise_email
from ascn.errors import ServiceError
from ascn.events.models import Country, Event
from ascn.i18n import Bilingual
from ascn.registration import details, quotas
from ascn.registration.categories import choosable
from ascn.registration.delegations import MEMBER_FIELDS, delegation_for
from ascn.registration.models import PROTOCOL_RANKS, RANK_LABELS

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500
MAX_COLUMNS = 40  # the template has 15; room for a person's own notes beside them
YES = {"yes", "ya", "y", "1", "true", "✓", "x"}

# (key, heading, required)
COLUMNS = (
    ("honorific", _l("Honorific"), False),
    ("given_names", _l("Given name(s)"), True),
    ("family_name", _l("Family name"), False),
    ("badge_name", _l("Name on the badge"), False),
    ("latin_name", _l("Name in Latin letters"), False),
    ("email", _l("Email"), True),
    ("mobile", _l("Mobile"), False),
    ("position", _l("Position"), False),
    ("organisation", _l("Organisation"), False),
    ("category", _l("Category"), True),
    ("protocol_rank", _l("Protocol rank"), False),
    ("is_head", _l("Head of Delegation"), False),
    ("dietary", _l("Dietary requirements"), False),
    ("accessibility", _l("Accessibility needs"), False),
    ("locale", _l("Language for emails (en or ms)"), False),
)
HEADING = {key: heading for key, heading, _ in COLUMNS}


@dataclass
class RowError:
    row: int
    message: str


def template(event: Event, locale: str) -> bytes:
    """An empty sheet with headings, drop-down lists and an example row, in `locale`."""
    with force_locale(locale):
        book = Workbook()
        sheet = book.active
        sheet.title = spreadsheets.sheet_name(str(_l("Delegation")), "Delegation")
        sheet.append([str(heading) + (" *" if required else "") for _, heading, required in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="0B5D6B")
            sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 2)
        sheet.freeze_panes = "A2"
        categories = [Bilingual.value(c, "label", locale) for c in choosable(event, "focal_point")]
        ranks = [str(RANK_LABELS[rank]) for rank in PROTOCOL_RANKS]
        lists = book.create_sheet(spreadsheets.sheet_name(str(_l("Lists")), "Lists"))
        for index, value in enumerate(categories, start=1):
            spreadsheets.put(lists.cell(row=index, column=1), value)
        for index, value in enumerate(ranks, start=1):
            spreadsheets.put(lists.cell(row=index, column=2), value)
        keys = [key for key, _, _ in COLUMNS]
        for key, source in (
            ("category", f"={lists.title!r}!$A$1:$A${max(1, len(categories))}"),
            ("protocol_rank", f"={lists.title!r}!$B$1:$B${len(ranks)}"),
        ):
            letter = sheet.cell(row=1, column=keys.index(key) + 1).column_letter
            check = DataValidation(type="list", formula1=source.replace('"', "'"), allow_blank=True)
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(check)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


@dataclass
class SheetRow:
    """One row of the sheet: its values as a member's (checked), the columns it holds, and
    what is wrong with it, spoken of the row's person."""

    number: int
    values: dict
    columns: tuple[str, ...]
    errors: list[RowError] = field(default_factory=list)

    @property
    def person(self) -> str:
        name = " ".join(f"{self.values.get('given_names', '')} {self.values.get('family_name', '')}".split())
        return name or self.values.get("email") or str(_l("no name"))


def read(raw: bytes, event: Event, country: Country) -> list[SheetRow]:
    """Every row of an uploaded sheet, checked on its own and against the other rows (a
    twin email). A problem of the whole file (too large, a required column missing, no
    rows) is raised; a row's problems are in its `errors`."""
    if len(raw) > MAX_BYTES:
        raise ServiceError(_l("The file is larger than 2 MB."), field="file")
    sheet = spreadsheets.read_xlsx(raw, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    columns = _match_header(sheet.header or ())
    missing = [str(HEADING[key]) for key, _, required in COLUMNS if required and key not in columns]
    if missing:
        raise ServiceError(
            _l(
                "These columns are missing: %(columns)s. Please start from the template.",
                columns=", ".join(missing),
            ),
            field="file",
        )
    if not sheet.rows:
        raise ServiceError(_l("The file has no rows to import."), field="file")
    rows, seen, choices = [], {}, _choices(event)
    for line in sheet.rows:
        values = {
            key: spreadsheets.text(spreadsheets.cell(line.values, index)) for key, index in columns.items()
        }
        row = _check_row(event, country, values, line.number, choices)
        row.columns = tuple(columns)
        email = normalise_email(row.values.get("email", ""))
        if email and email in seen:
            row.errors.append(RowError(row.number, str(_l("the same email as row %(row)s", row=seen[email]))))
        seen.setdefault(email, row.number)
        rows.append(row)
    return rows


def _match_header(header) -> dict[str, int]:
    names = {}
    for key, heading, _ in COLUMNS:
        for locale in ("en", "ms"):
            with force_locale(locale):
                names[str(heading).casefold()] = key
        names[key] = key
    columns = {}
    for index, value in enumerate(header):
        key = names.get(spreadsheets.text(value).rstrip(" *").casefold())
        if key and key not in columns:
            columns[key] = index
    return columns


def _lookup(value: str, options: dict[str, str]) -> str | None:
    return options.get(value.casefold())


def _choices(event) -> tuple[dict, dict]:
    """What a cell may say for a category or a rank: the code or the label in either
    language, in any case."""
    categories = {}
    for category in event.categories:
        for text in (category.code, category.label_en, category.label_ms):
            categories[text.casefold()] = category.id
    ranks = {}
    for rank in PROTOCOL_RANKS:
        ranks[rank] = rank
        for locale in ("en", "ms"):
            with force_locale(locale):
                ranks[str(RANK_LABELS[rank]).casefold()] = rank
    return categories, ranks


def _check_row(event, country, values: dict, number: int, choices) -> SheetRow:
    categories, ranks = choices
    raw = dict(values)
    values["category_id"] = _lookup(values.pop("category", ""), categories)
    rank = values.get("protocol_rank", "")
    values["protocol_rank"] = _lookup(rank, ranks) if rank else "delegate"
    values["is_head"] = values.get("is_head", "").casefold() in YES
    values["locale"] = (values.get("locale") or "en").lower()
    row = SheetRow(number, values, ())
    if values["category_id"] is None:
        row.errors.append(RowError(number, _about("category", _l("Choose a category from the list."))))
    if values["protocol_rank"] is None:
        row.errors.append(
            RowError(number, _about("protocol_rank", _l("Choose a protocol rank from the list.")))
        )
    for name in MEMBER_FIELDS:
        if name == "category_id" and values["category_id"] is None:
            continue
        try:
            details.clean(event, values, (name,), region=country.code)
        except ServiceError as error:
            row.errors.append(RowError(number, _field_problem(name, raw.get(name, ""), error)))
    return row


def _about(key: str, problem) -> str:
    return str(_l("“%(column)s”: %(problem)s", column=HEADING[key], problem=problem))


def _field_problem(name: str, value: str, error: ServiceError) -> str:
    """The problem in words about the row's person, not the reader ("your given name")."""
    limit = details.LIMITS.get(name)
    if limit and len(" ".join(value.split())) > limit:
        return str(_l("the “%(column)s” is longer than %(max)s characters", column=HEADING[name], max=limit))
    if name == "given_names" and not value.strip():
        return str(_l("the given name is missing"))
    return _about(name, error.message) if name in HEADING else str(error.message)


def quota_problems(event, country, adds: int, new_heads: int) -> list[str]:
    """What the delegation's quota says of `adds` new members, `new_heads` of them heads."""
    delegation = delegation_for(event, country.id)
    if delegation is None:
        return []
    members, heads = quotas.used_places(event.id, country.id)
    problems = []
    if members + adds - new_heads > delegation.quota:
        problems.append(
            " ".join(
                (
                    ngettext(
                        "The delegation has %(num)s free place.",
                        "The delegation has %(num)s free places.",
                        max(0, delegation.quota - members),
                    ),
                    ngettext(
                        "The file adds %(num)s delegate.",
                        "The file adds %(num)s delegates.",
                        adds - new_heads,
                    ),
                )
            )
        )
    if heads + new_heads > delegation.head_quota:
        problems.append(str(_l("This delegation already has its Head of Delegation.")))
    return problems
