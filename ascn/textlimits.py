"""How long a typed text may be, read from the column that stores it.

A form's `Length` validator (`fits`), the service's check (`check`) and the column are one
number, so they cannot disagree; and no value is ever cut to fit: over its limit, a text is
refused with a message in the reader's language. The flush guard at the bottom refuses any
over-long value that reached a column some other way (PostgreSQL would fail with a 500,
SQLite would keep it whole while the next database cut it).

The limits fit the longest real names: royal and noble styles run past 200 characters
(the Crown Prince of Brunei's full style is 200), so a part of a name may hold 255 and a
whole name twice that.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session
from wtforms.validators import Length

from ascn.errors import ServiceError

NAME_PART = 255  # given names, family name, an honorific or style
FULL_NAME = 2 * NAME_PART + 2  # both parts and the space between, or a badge line
LINE = 300  # a position, an organisation, a title


def limit(attribute) -> int | None:
    """The length of the column behind a model attribute (`Registration.given_names`);
    None for a column without one (Text)."""
    column = attribute.property.columns[0]
    return getattr(column.type, "length", None)


def fits(attribute) -> Length:
    """A form validator with the column's limit."""
    return Length(max=limit(attribute))


def too_long(maximum: int, field: str | None) -> ServiceError:
    return ServiceError(_l("Field cannot be longer than %(max)d characters.", max=maximum), field=field)


def check(values: dict, attributes: dict) -> None:
    """Refuse the first value longer than its column: {field: value}, {field: attribute}."""
    for field, attribute in attributes.items():
        value, maximum = values.get(field), limit(attribute)
        if isinstance(value, str) and maximum is not None and len(value) > maximum:
            raise too_long(maximum, field)


@event.listens_for(Session, "before_flush")
def _refuse_over_long(session, _context, _instances) -> None:
    for instance in (*session.new, *session.dirty):
        state = inspect(instance)
        for attribute in state.mapper.column_attrs:
            column = attribute.columns[0]
            maximum = column.type.length if isinstance(column.type, String) else None
            value = state.dict.get(attribute.key)  # only what was loaded or set: no query here
            if maximum is not None and isinstance(value, str) and len(value) > maximum:
                raise too_long(maximum, attribute.key)
