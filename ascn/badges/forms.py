"""Forms of the badge pages: a template, a desk print, a batch."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from ascn.badges.batches import SCOPE_LABELS, SORT_LABELS
from ascn.badges.models import LAYOUT_LABELS, PRINT_REASON_LABELS, REPRINT_REASONS
from ascn.forms import CHOOSE, Form, RequiredSelectField, bilingual_fields, choice_id, colour_field, strip


class TemplateForm(Form):
    layout = RequiredSelectField(
        _l("Sheet layout"),
        _l("Choose a sheet layout."),
        coerce=str,
        choices=[SelectChoice(k, v) for k, v in LAYOUT_LABELS.items()],
    )
    colour = colour_field(_l("Band colour"), _l("Enter a colour like #0b5d6b."))
    label_en, label_ms = bilingual_fields(_l("Category label on the badge"), 60)
    show_photo = BooleanField(_l("Photo"))
    show_position = BooleanField(_l("Position"))
    show_organisation = BooleanField(_l("Organisation"))
    show_country = BooleanField(_l("Country or organisation code"))
    show_logo = BooleanField(_l("Event logo"))


TEMPLATE_FIELDS = ("layout", "colour", "label_en", "label_ms", "show_photo", "show_position",
                   "show_organisation", "show_country", "show_logo")  # fmt: skip


class PrintForm(Form):
    """Print at the desk. `serial` is the badge the staff member saw, so that two people
    reprinting the same badge at once raise it only once."""

    serial = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,9}$")])
    # No default: a reprint's reason is chosen, never taken from the top of the list. The
    # first print has no reason to give, so the field is only checked by the service.
    reason = SelectField(
        _l("Why is it reprinted?"),
        choices=[SelectChoice("", CHOOSE)]
        + [SelectChoice(r, PRINT_REASON_LABELS[r]) for r in REPRINT_REASONS],
        validators=[Optional()],
    )
    note = TextAreaField(
        _l("Note for the print log"), filters=(strip,), validators=[Optional(), Length(max=500)]
    )


class HandoverForm(Form):
    """Only the CSRF token: the button says it all, the service records who and when."""


class BatchForm(Form):
    # Deliberate defaults (every approved delegate, in protocol order), not the first entry by accident.
    scope = SelectField(
        _l("Which badges"),
        choices=[SelectChoice(k, v) for k, v in SCOPE_LABELS.items()],
        validators=[InputRequired()],
        default="all",
    )
    country_id = SelectField(_l("Country or organisation"), coerce=choice_id, validators=[Optional()])
    category_id = SelectField(_l("Category"), coerce=choice_id, validators=[Optional()])
    sort = SelectField(
        _l("Order"),
        choices=[SelectChoice(k, v) for k, v in SORT_LABELS.items()],
        validators=[InputRequired()],
        default="protocol",
    )

    def __init__(self, countries, categories, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [SelectChoice(0, _l("All"))]
        self.country_id.choices = everyone + [SelectChoice(c.id, c.name) for c in countries]
        self.category_id.choices = everyone + [SelectChoice(c.id, c.label) for c in categories]
