"""The form of a new event made from an old one."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, StringField
from wtforms.validators import DataRequired, Length

from ascn.forms import Form, RequiredSelectField, strip


class NewEventForm(Form):
    """The address and names are checked by `copying.copy_event`, with its messages."""

    source_id = RequiredSelectField(
        _l("Copy settings from"),
        _l("Choose the event to copy from."),
        description=_l("Only its settings are copied, never its people."),
    )
    slug = StringField(
        _l("Address"),
        filters=(strip,),
        validators=[DataRequired(_l("Enter the event's address, like ascn9.")), Length(max=40)],
        description=_l("The part after the site's address: /ascn9/programme."),
    )
    short_name = StringField(
        _l("Short name"),
        filters=(strip,),
        validators=[DataRequired(_l("Enter a short name, like ASCN8.")), Length(max=20)],
    )
    name_en = StringField(_l("Name in English"), filters=(strip,), validators=[Length(max=200)])
    name_ms = StringField(_l("Name in Malay"), filters=(strip,), validators=[Length(max=200)])
    start_date = DateField(_l("First day"), validators=[DataRequired(_l("Enter a valid date."))])
    end_date = DateField(_l("Last day"), validators=[DataRequired(_l("Enter a valid date."))])
    categories = BooleanField(_l("Participant categories and their badge templates"), default=True)
    rooms = BooleanField(_l("Rooms and session types"), default=True)
    countries = BooleanField(_l("Countries and their delegations' quotas"), default=True)
    privacy = BooleanField(_l("Privacy notice"), default=True)
    look = BooleanField(_l("Logo, colours and the secretariat's email address"), default=True)

    PARTS = ("categories", "rooms", "countries", "privacy", "look")

    def chosen_parts(self) -> list[str]:
        return [name for name in self.PARTS if self[name].data]
