"""Languages, locale and time zone selection, and bilingual organiser-typed content.

The reader's language is, in order: the profile of a logged-in user (except on the error
page of a server fault, which must not read the database), the language cookie, the
browser's Accept-Language, then Malay.
"""

import functools
import inspect
import re
from datetime import date

from babel import Locale
from babel.dates import format_date, format_interval, parse_pattern
from flask import current_app, g, has_request_context, request
from flask_babel import force_locale, get_locale
from flask_login import current_user

LANGUAGE_NAMES = {"ms": "Bahasa Melayu", "en": "English"}
# Babel's locale for each language's dates and numbers: English is written in British
# usage (day before month), which ASEAN readers expect; the catalogue stays `en`.
FORMAT_LOCALES = {"en": "en_GB", "ms": "ms"}


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    # An error page of a server fault looks up no account: the database may be down.
    if not g.get("without_database") and current_user and current_user.is_authenticated:
        if current_user.locale in languages():
            return current_user.locale
    cookie = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if cookie in languages():
        return cookie
    return request.accept_languages.best_match(languages()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    event = g.get("event") if has_request_context() and not g.get("without_database") else None
    return event.timezone if event is not None else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]).split("_")[0]


def format_locale(language: str | None = None) -> Locale:
    return Locale.parse(FORMAT_LOCALES.get(language or current_language(), language or current_language()))


def pick(values: dict[str, str | None], language: str | None = None) -> str:
    """The value in `language` (default: the reader's), else the other one, else ''."""
    language = language or current_language()
    order = [language] + [code for code in values if code != language]
    for code in order:
        value = values.get(code)
        if value and value.strip():
            return value
    return ""


class Bilingual:
    """Reads a pair of columns `<name>_en` / `<name>_ms` as one value in the reader's language.

    Declared on a model as `title = Bilingual()` beside `title_en` and `title_ms`; templates
    write `{{ session.title }}` and never pick a column themselves;
    `Bilingual.value(obj, "title", "en")` gives one language explicitly (emails, exports).
    """

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self.value(obj, self.name)

    @staticmethod
    def value(obj, name: str, language: str | None = None) -> str:
        return pick({"en": getattr(obj, f"{name}_en"), "ms": getattr(obj, f"{name}_ms")}, language)


def document(render):
    """Marks a document renderer (PDF, spreadsheet, calendar, badge) that takes a
    `language`: all it reads while it runs, messages, dates and organiser text through
    `Bilingual`, is in that language, the other only where a value is missing. Without a
    `language` argument the document is in the reader's language. Rows built lazily must
    be consumed before the renderer returns."""
    signature = inspect.signature(render)

    @functools.wraps(render)
    def in_its_language(*args, **kwargs):
        language = signature.bind(*args, **kwargs).arguments.get("language") or current_language()
        with force_locale(language):
            return render(*args, **kwargs)

    return in_its_language


def format_date_range(start: date, end: date, locale: str | None = None) -> str:
    """'8 – 12 September 2025' / '8–12 September 2025': the locale's own interval
    pattern, with the month written in full."""
    loc = format_locale(locale)
    if start == end:
        return format_date(start, "long", locale=loc)
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    pattern = loc.interval_formats.get("yMMMd", {}).get(greatest)
    if not pattern:
        return format_interval(start, end, "yMMMd", locale=loc)
    # Written in full, and with no comma before the year (Malay's pattern has one).
    full = [re.sub(r",(\s*y+)$", r"\1", re.sub(r"(?<!M)MMM(?!M)", "MMMM", part)) for part in pattern]
    return "".join(parse_pattern(part).apply(day, loc) for part, day in zip(full, (start, end), strict=True))
