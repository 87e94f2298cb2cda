"""Dates and times as people read them, in every page, email and document.

Both languages write day, month, year (English in British usage: "10 September 2025",
"10/09/2025"; ASEAN readers misread the American month-first order). A weekday is followed
by a comma ("Rabu, 10 September 2025"). Times never show seconds: English writes "16:29",
Malay the official style "4.29 petang", "11.59 malam".

Named formats ("short", "medium", "long", "full") and Babel patterns ("d MMM HH:mm") are
both accepted; a pattern's time of day is always written by the language's own rule.
"""

import re
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import has_app_context

from ascn.i18n import current_language, format_locale

DATE_FORMATS = {
    "short": "dd/MM/yyyy",
    "medium": "d MMM yyyy",
    "long": "d MMMM yyyy",
    "full": "EEEE, d MMMM yyyy",
}

_TIME = re.compile(r"[Hhk]{1,2}[:.]mm(?:[:.]ss)?(?:\s*a)?")
_WEEKDAY = re.compile(r"(E{3,4})\s+(?=d)")


def time_of_day(value: datetime | time, language: str | None = None) -> str:
    """'16:29' in English; '4.29 petang' in Malay (pagi, tengah hari, petang, malam)."""
    if (language or current_language()) != "ms":
        return f"{value.hour:02d}:{value.minute:02d}"
    hour = value.hour % 12 or 12
    return f"{hour}.{value.minute:02d} {_malay_period(value.hour)}"


def _malay_period(hour: int) -> str:
    if hour == 0:
        return "tengah malam"
    if hour < 12:
        return "pagi"
    if hour < 13:
        return "tengah hari"
    if hour < 19:
        return "petang"
    return "malam"


def format_date(value: date | datetime, format: str = "medium", language: str | None = None) -> str:
    """A date ('10 Sep 2025', 'Rabu, 10 September 2025'); a datetime is read in the
    event's time zone first."""
    if isinstance(value, datetime):
        value = _local(value)
    return _apply(DATE_FORMATS.get(format, format), value, language)


def format_datetime(
    value: datetime, format: str = "medium", language: str | None = None, local: bool = False
) -> str:
    """A date and time ('10 Sep 2025, 4.29 petang'), in the event's time zone unless
    `local` says the value is already there."""
    value = value if local else _local(value)
    pattern = f"{DATE_FORMATS[format]}, HH:mm" if format in DATE_FORMATS else format
    return _apply(pattern, value, language)


def format_time(
    value: datetime | time, format: str = "short", language: str | None = None, local: bool = False
) -> str:
    """A time of day; any named format or pattern gives the language's own form."""
    if isinstance(value, datetime) and not local:
        value = _local(value)
    return time_of_day(value, language)


def _apply(pattern: str, value, language: str | None) -> str:
    locale = format_locale(language)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    pattern = _WEEKDAY.sub(r"\1, ", pattern)
    parts = _TIME.split(pattern)
    rendered = [babel_dates.format_datetime(value, part, locale=locale) if part else "" for part in parts]
    when = time_of_day(value, language) if len(parts) > 1 else ""
    return when.join(rendered)


def _local(value: datetime) -> datetime:
    """The value in the reader's time zone (the event's): naive values are UTC."""
    if not has_app_context():
        return value
    from flask_babel import to_user_timezone

    return to_user_timezone(value)


# Moments are stored in UTC; people type and read them on the event's clock. These two
# are the only conversions between the two (`Event.local` and `Event.to_utc` call them).


def on_clock(moment: datetime, zone: str | ZoneInfo) -> datetime:
    """A moment as the clock reads it in `zone` (aware). A naive moment is UTC, as the
    database and `utcnow` give them. In the hour a clock turns back, the second reading
    carries `fold=1`, so `to_utc` finds the same moment again."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(zone)


def to_utc(reading: datetime, zone: str | ZoneInfo) -> datetime:
    """A time typed on the clock of `zone` (naive) as a UTC moment; an aware one is only
    converted. A reading the clock skips (the hour it springs forward) is taken with the
    offset before the change, as Python does."""
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    aware = reading if reading.tzinfo is not None else reading.replace(tzinfo=zone)
    return aware.astimezone(timezone.utc)


def register(app) -> None:
    """Every template's `datetimeformat`, `dateformat` and `timeformat` filters."""
    filters = {"datetimeformat": format_datetime, "dateformat": format_date, "timeformat": format_time}
    app.jinja_env.filters.update(filters)
