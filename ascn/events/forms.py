from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ascn.events.models import COUNTRY_GROUP_LABELS
from ascn.events.roles import ROLE_LABELS
from ascn.forms import (
    Form,
    RequiredSelectField,
    bilingual_fields,
    choice_id,
    colour_field,
    local_time_field,
    sort_order_field,
    strip,
)


def _known_timezone(form, field):
    if field.data not in available_timezones():
        raise ValidationError(_l("Unknown time zone. Use a name like Asia/Kuala_Lumpur."))


class EventForm(Form):
    short_name = StringField(
        _l("Short name"),
        filters=(strip,),
        validators=[DataRequired(_l("Enter a short name, like ASCN8.")), Length(max=20)],
    )
    name_en, name_ms = bilingual_fields(_l("Name"), 200)
    theme_en, theme_ms = bilingual_fields(_l("Theme"), 400)
    description_en, description_ms = bilingual_fields(_l("Description"), 5000, textarea=True)
    venue_en, venue_ms = bilingual_fields(_l("Venue"), 200)
    city_en, city_ms = bilingual_fields(_l("City"), 100)
    start_date = DateField(_l("First day"), validators=[DataRequired(_l("Enter a valid date."))])
    end_date = DateField(_l("Last day"), validators=[DataRequired(_l("Enter a valid date."))])
    timezone = StringField(
        _l("Time zone"),
        filters=(strip,),
        validators=[DataRequired(), Length(max=64), _known_timezone],
        description=_l("Times on every page are shown in this time zone."),
    )
    registration_opens_at = local_time_field(
        _l("Registration opens"),
        description=_l("In the event's time zone. Leave empty to keep registration closed."),
    )
    registration_closes_at = local_time_field(_l("Registration closes"))
    delegate_notice_en, delegate_notice_ms = bilingual_fields(_l("Notice to delegates"), 2000, textarea=True)
    contact_email = EmailField(
        _l("Secretariat's email address"),
        filters=(strip,),
        validators=[Optional(), Email(_l("Invalid email address.")), Length(max=254)],
        description=_l("Every email about this event gives it as the address to write to."),
    )


class CategoryForm(Form):
    code = StringField(
        _l("Code"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Enter a code.")),
            Length(max=30),
            Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Use only letters, digits, - and _.")),
        ],
        description=_l("A short internal name, used in exports, e.g. head_of_delegation."),
    )
    label_en, label_ms = bilingual_fields(_l("Label"), 80)
    colour = colour_field(_l("Badge colour"))
    sort_order = sort_order_field()
    delegate_may_choose = BooleanField(_l("Delegates may choose it when they register themselves"))
    focal_point_may_choose = BooleanField(_l("Focal points may choose it for their delegates"))


class CountryForm(Form):
    code = StringField(
        _l("Code"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Enter a code.")),
            Regexp(
                r"^[A-Za-z]{2,10}$",
                message=_l("Use 2 to 10 letters: the ISO code of a country, or a short name."),
            ),
        ],
        description=_l(
            "ISO 3166 code for a country (e.g. MY), a short name for an organisation (e.g. ASEC)."
        ),
    )
    name_en, name_ms = bilingual_fields(_l("Name"), 120)
    country_group = RequiredSelectField(
        _l("Group"),
        _l("Choose a group."),
        coerce=str,
        choices=[SelectChoice(code, label) for code, label in COUNTRY_GROUP_LABELS.items()],
    )
    sort_order = sort_order_field()


class TeamForm(Form):
    """Give a person a role at this event."""

    email = EmailField(
        _l("Email address of their account"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Enter an email address.")),
            Length(max=254),
            Email(
                message=_l("Enter a valid email address, like name@example.gov.my."),
                check_deliverability=False,
            ),
        ],
    )
    role = RequiredSelectField(
        _l("Role at this event"),
        _l("Choose a role."),
        coerce=str,
        choices=[SelectChoice(code, label) for code, label in ROLE_LABELS.items()],
    )
    country_id = SelectField(
        _l("Delegation (for focal points)"),
        coerce=choice_id,
        choices=[],
        description=_l("A focal point manages the delegation of this country or organisation."),
    )


class LookForm(Form):
    """The event's look. Colours are typed (or picked) as #rrggbb and checked by
    `events.look`, with a message that says why; empty keeps the site's own colours."""

    logo = FileField(
        _l("Logo"),
        validators=[FileAllowed(["png", "jpg", "jpeg"], _l("The logo must be a PNG or JPEG image."))],
        description=_l("PNG or JPEG, up to 2 MB. A PNG keeps its transparent background."),
    )
    drop_logo = BooleanField(_l("Remove the logo"))
    primary_colour = StringField(
        _l("Main colour"),
        filters=(strip,),
        validators=[Length(max=7)],
        description=_l(
            "Header and buttons, with white text on it: like #0b5d6b. Leave empty for the usual colour."
        ),
    )
    accent_colour = StringField(
        _l("Accent colour"),
        filters=(strip,),
        validators=[Length(max=7)],
        description=_l("Highlights and underlines: like #7a4b00. Leave empty for the usual colour."),
    )
