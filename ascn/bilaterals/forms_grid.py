"""The grid's forms: place a meeting (in an empty cell, or moved from its cell), take one
out, place all. Ids are read through `ascn.ids`; a cell is "room id:slot id"."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import InputRequired, ValidationError

from ascn.forms import Form
from ascn.ids import parse_id


def parse_place(value) -> tuple[int, int] | None:
    """(room id, slot id) from "room:slot"; None when it is not two ids."""
    room, sep, slot = (value or "").partition(":")
    room_id, slot_id = parse_id(room), parse_id(slot)
    if not sep or room_id is None or slot_id is None:
        return None
    return room_id, slot_id


def _an_id(form, field):
    if parse_id(field.data) is None:
        raise ValidationError(_l("Choose a meeting."))


def _a_place(form, field):
    if parse_place(field.data) is None:
        raise ValidationError(_l("Choose a room and a time."))


class PlaceForm(Form):
    request = StringField(_l("Meeting"), validators=[InputRequired(_l("Choose a meeting.")), _an_id])
    place = StringField(
        _l("Room and time"), validators=[InputRequired(_l("Choose a room and a time.")), _a_place]
    )
    override = BooleanField(_l("Place it anyway"))
    day = HiddenField()


class UnplaceForm(Form):
    request = StringField(_l("Meeting"), validators=[InputRequired(_l("Choose a meeting.")), _an_id])
    day = HiddenField()


class PlaceAllForm(Form):
    pass
