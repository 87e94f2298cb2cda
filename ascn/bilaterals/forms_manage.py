"""The secretariat's forms: rooms, slots, settings, a signing ceremony."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectMultipleField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange

from ascn.bilaterals import rooms
from ascn.forms import CountField, Form, bilingual_fields, choice_id, local_time_field, sort_order_field


def _count(label, low, high, message, default=None, description=None):
    return CountField(
        label,
        default=default,
        description=description,
        validators=[InputRequired(message), NumberRange(min=low, max=high, message=message)],
    )


def _minutes(default=30):
    message = _l(
        "A slot lasts from %(min)s to %(max)s minutes.", min=rooms.MIN_MINUTES, max=rooms.MAX_MINUTES
    )
    return _count(_l("Length in minutes"), rooms.MIN_MINUTES, rooms.MAX_MINUTES, message, default)


class RoomForm(Form):
    name_en, name_ms = bilingual_fields(_l("Name"), 120)
    capacity = _count(
        _l("Seats"), 1, rooms.MAX_CAPACITY, _l("Use a number from 1 to %(max)s.", max=rooms.MAX_CAPACITY), 8
    )
    has_flags = BooleanField(_l("Flags can be set up"))
    has_interpretation = BooleanField(_l("Interpretation booths"))
    sort_order = sort_order_field()


class SlotForm(Form):
    starts_at = local_time_field(_l("Starts"), required=True, description=_l("In the event's time zone."))
    minutes = _minutes()


class GenerateSlotsForm(Form):
    day = DateField(_l("Day"), validators=[DataRequired(_l("Enter a valid date."))])
    from_time = TimeField(_l("From"), validators=[DataRequired(_l("Enter a valid time."))])
    to_time = TimeField(_l("Until"), validators=[DataRequired(_l("Enter a valid time."))])
    minutes = _minutes()
    gap = _count(
        _l("Minutes between slots"),
        0,
        rooms.MAX_GAP,
        _l("Use a number from 0 to %(max)s.", max=rooms.MAX_GAP),
        0,
    )
    avoided_type_ids = SelectMultipleField(
        _l("Never during sessions of these types"),
        coerce=choice_id,
        description=_l("Slots step past every scheduled session of the ticked types."),
    )

    def set_choices(self, types):
        self.avoided_type_ids.choices = [SelectChoice(kind.id, kind.label) for kind in types]
        self.avoided_type_ids.render_kw = {"size": min(8, max(3, len(types)))}


class SettingsForm(Form):
    open = BooleanField(_l("Delegations may ask for meetings"))
    answer_hours = _count(
        _l("Hours to answer a request"),
        1,
        rooms.MAX_ANSWER_HOURS,
        _l("Use a number of hours from 1 to %(max)s.", max=rooms.MAX_ANSWER_HOURS),
        description=_l("A request not answered in time expires."),
    )
    max_pending = _count(
        _l("Requests a delegation may have awaiting an answer"),
        0,
        rooms.MAX_PENDING,
        _l("Use a number from 0 to %(max)s.", max=rooms.MAX_PENDING),
    )


class SigningForm(Form):
    is_signing = BooleanField(_l("This meeting is a signing ceremony"))
    signing_title_en, signing_title_ms = bilingual_fields(_l("What is signed"), 300)
