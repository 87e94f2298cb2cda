"""Forms of check-in: the organisers' lists, devices and conflict notes; pairing a browser
with a code, or an organiser's own browser without one."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ascn.checkin.models import CheckinList, Device
from ascn.forms import CHOOSE, Form, bilingual_fields, choice_id, strip
from ascn.textlimits import fits, limit

KIND_CHOICES = [
    SelectChoice("door", _l("A door: the venue, a hall")),
    SelectChoice("visit", _l("A site visit's bus")),
]
ADMITS_CHOICES = [
    SelectChoice("all", _l("Every approved delegate")),
    SelectChoice("categories", _l("Only the categories chosen")),
]


class ListForm(Form):
    kind = RadioField(_l("What it is"), choices=KIND_CHOICES, default="door")
    # Needed for a bus only: the service asks for it then.
    visit_id = SelectField(
        _l("Site visit"),
        coerce=choice_id,
        validate_choice=False,
        description=_l(
            "Only its confirmed bookings board; its waiting list is shown as stand-by. "
            "The names may stay empty: the list then takes the visit's title."
        ),
    )
    name_en, name_ms = bilingual_fields(_l("Name"), limit(CheckinList.name_en))
    admits = RadioField(_l("Who may enter"), choices=ADMITS_CHOICES, default="all")
    # Checked by the service, which says which choice is wrong (another event's category,
    # someone who is not staff here) in words a person can act on.
    category_ids = SelectMultipleField(_l("Categories"), coerce=choice_id, validate_choice=False)
    staff_ids = SelectMultipleField(_l("Staff who scan here"), coerce=choice_id, validate_choice=False)

    def set_choices(self, categories, team, visits, creating: bool):
        self.category_ids.choices = [SelectChoice(c.id, c.label) for c in categories]
        self.staff_ids.choices = [SelectChoice(u.id, f"{u.full_name} ({u.email})") for u in team]
        self.visit_id.choices = [SelectChoice("", CHOOSE)] + [SelectChoice(v.id, v.title) for v in visits]
        if not creating:  # a list stays what it was made as: its scans were judged by it
            del self.kind
            del self.visit_id


class DeviceForm(Form):
    name = StringField(
        _l("Device name"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Give the device a name, such as the door or the phone's owner.")),
            fits(Device.name),
        ],
        description=_l("Such as the door and the phone's owner: “Hall A, Aisyah's phone”."),
    )


class ResolveForm(Form):
    # Posted from a row of the review, which shows no field again: the service's refusal
    # (no note, one too long) is flashed as it is.
    note = TextAreaField(_l("What was decided"), filters=(strip,))


CODE_MAX = 40  # a code is 8 letters; spaces and dashes may be typed between them


class PairForm(Form):
    code = StringField(
        _l("Pairing code"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Type the pairing code an organiser shows you.")),
            Length(max=CODE_MAX, message=_l("A pairing code is 8 letters and digits.")),
        ],
        description=_l("8 letters and digits, as an organiser shows them; spaces and dashes do not matter."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class PairHereForm(Form):
    name = StringField(
        _l("Name of this device"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Give the device a name, such as the door or the phone's owner.")),
            fits(Device.name),
        ],
    )
