"""A delegation's members from a spreadsheet: the template to fill in, and the reading of
a filled one, row by row, with every problem reported by row and column."""

import io
from dataclasses import dataclass

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
from ascn.registration.models import ACTIVE_STATUSES, PROTOCOL_RANKS, RANK_LABELS

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
    column: str
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


def read(stream, event: Event, country: Country) -> tuple[list[dict], list[RowError]]:
    """The rows of an uploaded sheet as member values, and every problem found. Rows are
    returned only when there is no problem at all: nothing is half-imported."""
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ServiceError(_l("The file is larger than 2 MB."), field="file")
    sheet = spreadsheets.read_xlsx(raw, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    header, table = sheet.header, [(row.number, row.values) for row in sheet.rows]
    columns = _match_header(header or ())
    missing = [str(HEADING[key]) for key, _, required in COLUMNS if required and key not in columns]
    if missing:
        raise ServiceError(
            _l(
                "These columns are missing: %(columns)s. Please start from the template.",
                columns=", ".join(missing),
            ),
            field="file",
        )
    if not table:
        raise ServiceError(_l("The file has no rows to import."), field="file")
    rows, errors, seen = [], [], {}
    choices = _choices(event)
    for number, line in table:
        values = {key: spreadsheets.text(spreadsheets.cell(line, index)) for key, index in columns.items()}
        row, row_errors = _check_row(event, country, values, number, choices)
        errors.extend(row_errors)
        email = normalise_email(row.get("email", ""))
        if email and email in seen:
            errors.append(
                RowError(
                    number, str(HEADING["email"]), str(_l("Same email as row %(row)s.", row=seen[email]))
                )
            )
        seen.setdefault(email, number)
        rows.append(row)
    errors.extend(_check_quota(event, country, rows))
    return ([] if errors else rows), errors


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


def _check_row(event, country, values: dict, number: int, choices) -> tuple[dict, list[RowError]]:
    errors = []
    categories, ranks = choices
    values["category_id"] = _lookup(values.pop("category", ""), categories)
    rank = values.get("protocol_rank", "")
    values["protocol_rank"] = _lookup(rank, ranks) if rank else "delegate"
    values["is_head"] = values.get("is_head", "").casefold() in YES
    values["locale"] = (values.get("locale") or "en").lower()
    if values["category_id"] is None:
        errors.append(RowError(number, str(HEADING["category"]), str(_l("Choose a category from the list."))))
    if values["protocol_rank"] is None:
        errors.append(
            RowError(number, str(HEADING["protocol_rank"]), str(_l("Choose a protocol rank from the list.")))
        )
    for field in MEMBER_FIELDS:
        if field == "category_id" and values["category_id"] is None:
            continue
        try:
            details.clean(event, values, (field,), region=country.code)
        except ServiceError as error:
            errors.append(RowError(number, str(HEADING.get(field, field)), str(error.message)))
    if not errors:
        existing = details.registration_for_email(event.id, values["email"])
        if existing is not None and existing.status in ACTIVE_STATUSES:
            errors.append(
                RowError(
                    number,
                    str(HEADING["email"]),
                    str(_l("This email address is already registered for this event.")),
                )
            )
    return values, errors


def _check_quota(event, country, rows) -> list[RowError]:
    delegation = delegation_for(event, country.id)
    if delegation is None:
        return []
    members, heads = quotas.used_places(event.id, country.id)
    new_heads = sum(1 for row in rows if row.get("is_head"))
    errors = []
    if members + len(rows) - new_heads > delegation.quota:
        errors.append(
            RowError(
                0,
                "",
                " ".join(
                    (
                        ngettext(
                            "The delegation has %(num)s free place.",
                            "The delegation has %(num)s free places.",
                            max(0, delegation.quota - members),
                        ),
                        ngettext(
                            "The file names %(num)s delegate.",
                            "The file names %(num)s delegates.",
                            len(rows) - new_heads,
                        ),
                    )
                ),
            )
        )
    if heads + new_heads > delegation.head_quota:
        errors.append(
            RowError(
                0, str(HEADING["is_head"]), str(_l("This delegation already has its Head of Delegation."))
            )
        )
    return errors
