"""Every spreadsheet the app reads or writes goes through here: the delegation and
programme imports, and the registration, programme and bus-manifest exports.

Reading. A workbook's declared dimension (`A1:XFD1048576`) is not trusted: openpyxl pads
each row to it, so a 1.6 KB file made the import walk billions of empty cells. Here only
the cells the sheet's XML holds are read; before anything is parsed, the file's unpacked
size and its number of XML elements are bounded by the rows and columns the caller
accepts; reading stops with a message at the first row or column past those. `text()`
gives a cell as text without control characters (PostgreSQL refuses NUL), whole numbers
without ".0"; dates and times are kept as they are for the caller to read.

Writing. A text that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is
never evaluated by the program that opens the file: in `.xlsx` it is stored as a text
cell, with Excel's "typed with an apostrophe" mark, so it shows exactly as written; in
`.csv`, which has no types, it gets a leading apostrophe. Sheet names follow Excel's rule.
An `.xlsx` is XML, which holds no control character but tab and line breaks: the vertical
tab and form feed that Word pastes as line and page breaks are written as line breaks,
the others left out (openpyxl refused the whole file); a `.csv` keeps them as typed.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._reader import WorkSheetParser

from ascn.errors import ServiceError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # the parts of a 2 MB workbook, unzipped
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31  # Excel refuses longer sheet names; the full title is in the sheet
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Row:
    number: int  # as the spreadsheet shows it, 1 for the first row
    values: tuple


@dataclass
class Table:
    header: tuple
    rows: list[Row]  # rows with at least one value, after the header


# Reading


def read_xlsx(raw: bytes, *, max_rows: int, max_columns: int) -> Table:
    """The first sheet of an uploaded workbook: its first row as the header and every
    row with a value after it. Refused with a message for the uploader when the file is
    not a workbook, unpacks to too much, or has a value past `max_rows` rows after the
    header or past `max_columns` columns."""
    not_a_workbook = ServiceError(_l("This file is not an Excel workbook (.xlsx)."), field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            # The sizes are the archive's own: zipfile never unpacks more than they say.
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise _too_much(max_rows, max_columns)
            if _elements(archive, limit=(max_rows * 2 + 100) * max_columns * 5) is None:
                raise _too_much(max_rows, max_columns)
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_a_workbook from None
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            return _table(book, book.worksheets[0], max_rows, max_columns)
        finally:
            book.close()
    except ServiceError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise not_a_workbook from None


def _elements(archive: zipfile.ZipFile, limit: int) -> int | None:
    """How many XML elements the workbook's parts hold, or None past `limit`: parsing
    costs time per element, and a few kilobytes may pack millions of empty ones (in a
    row, in the shared strings, in the styles) that no row or column bound would stop."""
    count = 0
    for info in archive.infolist():
        with archive.open(info) as part:
            while chunk := part.read(1 << 20):
                count += chunk.count(b"<") - chunk.count(b"</")
                if count > limit:
                    return None
    return count


def _table(book, sheet, max_rows: int, max_columns: int) -> Table:
    header, rows = None, []
    for seen, (number, cells) in enumerate(_real_rows(book, sheet)):
        if seen > max_rows * 2 + 100:  # rows of formatted empty cells cost time too
            raise _too_much(max_rows, max_columns)
        values = {}
        for cell in cells:
            value = cell["value"]
            if value is None or value == "":
                continue  # a formatted empty cell, anywhere, is no data
            if cell["column"] > max_columns:
                raise ServiceError(
                    _l(
                        "The sheet has values beyond its %(max)s columns (in row %(row)s). "
                        "Please remove them.",
                        max=max_columns,
                        row=number,
                    ),
                    field="file",
                )
            values[cell["column"]] = value
        if header is None:
            header = _line(values)
            continue
        if values:
            if len(rows) == max_rows:
                raise _too_large(max_rows)
            rows.append(Row(number, _line(values)))
    return Table(header or (), rows)


def _real_rows(book, sheet) -> Iterator[tuple[int, list[dict]]]:
    """(row number, its cells) for each row the sheet's XML holds, each cell a dict with
    "column" and "value". openpyxl's own row reading fills every gap up to the declared
    dimension or the row's last cell; its parser alone yields only what is there."""
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        yield from parser.parse()


def _line(values: dict[int, object]) -> tuple:
    if not values:
        return ()
    line = [None] * max(values)
    for column, value in values.items():
        line[column - 1] = value
    return tuple(line)


def _too_large(max_rows: int) -> ServiceError:
    return ServiceError(
        _l("The file has more than %(max)s rows. Please split it.", max=max_rows), field="file"
    )


def _too_much(max_rows: int, max_columns: int) -> ServiceError:
    return ServiceError(
        _l(
            "The workbook is too large to import: at most %(rows)s rows of %(columns)s columns. "
            "Please split it, or delete the empty rows and columns it formats.",
            rows=max_rows,
            columns=max_columns,
        ),
        field="file",
    )


def text(value) -> str:
    """A cell as the text a person typed: whole numbers without ".0", no NUL or other
    control characters (line breaks and tabs within a cell are kept), no outer spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a number cell
    elif isinstance(value, datetime):
        value = value.isoformat(sep=" ", timespec="minutes")
    elif isinstance(value, date | time):
        value = value.isoformat()
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()


def cell(line: Sequence, index: int):
    """The value at `index` of a read row, None past its last value."""
    return line[index] if index < len(line) else None


# Writing


def guarded(value):
    """`value` for a CSV file: a text that starts like a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def text_cell(sheet, value) -> WriteOnlyCell:
    """A cell of a write-only sheet; a formula-like text is stored as text."""
    written = WriteOnlyCell(sheet)
    put(written, value)
    return written


def _in_xml(text: str) -> str:
    return _NOT_IN_XML.sub(lambda found: "\n" if found.group() in "\x0b\x0c" else "", text)


def put(target, value) -> None:
    """Give a cell (of any sheet) its value; a text that starts like a formula is kept
    as text, marked the way Excel marks text typed after an apostrophe."""
    if isinstance(value, str):
        value = _in_xml(value)
    target.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        target.data_type = "s"
        target.quotePrefix = True


def sheet_name(title: str, fallback: str) -> str:
    """A name Excel accepts for a sheet: none of []:*?/\\, not starting or ending with an
    apostrophe, at most 31 characters (Excel's hard limit; the full title is in the file)."""
    cleaned = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", text(title)).split()).strip("'")
    cleaned = cleaned[:SHEET_NAME_MAX].strip().strip("'")
    if not cleaned or cleaned.casefold() == "history":  # Excel reserves "History"
        return fallback
    return cleaned


def xlsx(title: str, headings: Sequence[str], rows: Iterable[Sequence], *, fallback: str) -> bytes:
    """One sheet: bold headings, frozen below them, then `rows`, every text guarded."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(title, fallback))
    sheet.freeze_panes = "A2"
    heading_cells = []
    for heading in headings:
        written = text_cell(sheet, str(heading))
        written.font = Font(bold=True)
        heading_cells.append(written)
    sheet.append(heading_cells)
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads UTF-8 as the local code page
    and Thai, Khmer or Vietnamese names arrive garbled."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([guarded(str(heading)) for heading in headings])
    writer.writerows([guarded(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
