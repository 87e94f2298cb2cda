"""The request every view reads: NUL characters are dropped from query strings, forms and
JSON bodies, and a JSON body that is no text is no JSON.

Nobody types a NUL, and PostgreSQL refuses one in any text: a search box or a field sent
with `%00` failed with a 500 at the first query that used it. Dropping it here, once,
covers every search and form, including the ones written after this.

A JSON body (the scanner's API) may carry a NUL too, as `\\u0000`, dropped the same way;
and also half of a character (`\\ud800`, which no text can be encoded in: a 500 at the
first query) or arrays nested deeper than the parser's stack (a RecursionError: a 500).
Either of these is read as a body that is not JSON, which each caller already refuses
with a message. Flask reads a body with the app's JSON provider, hence `JSONProvider`.
"""

import json
import re

from flask import Request as FlaskRequest
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

_HALF_CHARACTER = re.compile("[\ud800-\udfff]")


def _without_nul(values: MultiDict) -> MultiDict:
    if not any("\0" in key or "\0" in value for key, value in values.items(multi=True)):
        return values
    return type(values)(
        (key.replace("\0", ""), value.replace("\0", "")) for key, value in values.items(multi=True)
    )


def _text(value: str) -> str:
    if _HALF_CHARACTER.search(value):
        raise ValueError("a JSON string holds half of a character")
    return value.replace("\0", "")


def _clean(value):
    """Every string of a parsed JSON value through `_text`, in place; without recursion,
    since the value may be nested as deep as the parser allows."""
    holder = [value]
    pending: list = [holder]
    while pending:
        container = pending.pop()
        if isinstance(container, dict):
            items = list(container.items())
            container.clear()
            pairs = ((_text(key), item) for key, item in items)
        else:
            pairs = enumerate(container)
        for key, item in pairs:
            if isinstance(item, str):
                item = _text(item)
            elif isinstance(item, (dict, list)):
                pending.append(item)
            container[key] = item
    return holder[0]


class JSONProvider(DefaultJSONProvider):
    """The app's JSON (`app.json`), which Flask reads every request body with: the checks
    above on what it reads."""

    def loads(self, s, **kwargs):
        try:
            value = json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        # Both can only be written as a \u escape (JSON allows no raw control character,
        # and half a character is no UTF-8): a body without one needs no look.
        escape = b"\\u" if isinstance(s, bytes) else "\\u"
        return _clean(value) if escape in s else value


class Request(FlaskRequest):
    @cached_property
    def args(self) -> MultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])
