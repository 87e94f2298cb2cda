"""Ids and counts read from addresses, query strings and forms: one parser for all.

`str.isdigit` and `int` accept more than anyone types for an id: '²' and '①' pass
`isdigit` and then fail in `int()`, '٣' (Arabic-Indic three) is read as 3, and
'99999999999999999999999' overflows PostgreSQL's `integer` columns. Each was a 500.
Here a number is ASCII digits only and fits the column: an id from 1 to 2,147,483,647,
a count from 0. Anything else is no number, and the caller ignores the filter, skips
the value, answers 404 or refuses the form with a message.
"""

import re
from collections.abc import Iterable

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the largest PostgreSQL `integer`, the type of every id column
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,20}")  # longer is no count, and `int()` slows on it


def parse_integer(value) -> int | None:
    """An integer written in ASCII digits, perhaps after a minus sign (or already an int);
    None for anything else. The caller checks the range: a form says which numbers it
    takes, an id or count takes those of a database integer (`parse_whole`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _ASCII_INTEGER.fullmatch(value):
        return int(value)
    return None


def parse_whole(value, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """A whole number from `minimum` to `maximum` written in ASCII digits (or already an
    int); None for anything else."""
    if isinstance(value, str) and value.startswith("-"):
        return None  # '-0' is no count either
    number = parse_integer(value)
    return number if number is not None and minimum <= number <= maximum else None


def parse_id(value) -> int | None:
    """A row's id, or None when `value` cannot be one."""
    return parse_whole(value, minimum=1)


def parse_ids(values: Iterable) -> list[int]:
    """The ids among `values`, each once, in their order; the rest is skipped."""
    return list(dict.fromkeys(number for number in map(parse_id, values) if number is not None))


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits and an id the database can hold, else 404
    (Werkzeug's own accepts any Unicode digit and any size)."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
