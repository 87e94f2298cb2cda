"""Form pieces shared by every domain."""

import flask_babel
from flask import flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from ascn.errors import ServiceError
from ascn.i18n import LANGUAGE_NAMES, current_language
from ascn.ids import parse_id, parse_integer

LANGUAGE_CHOICES = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


# Every message WTForms and Flask-WTF can produce, listed so that they are extracted into
# our catalogue and shown in Malay too (neither ships a Malay translation). A message they
# ask for through ngettext is listed once, in its plural form: Malay has one form for every
# number, and `_CatalogueTranslations.ngettext` finds it for the singular as well.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Choices cannot be None."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid IP address."),
    _l("Invalid Mac address."),
    _l("Invalid URL."),
    _l("Invalid UUID."),
    _l("Invalid field name '%s'."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid datetime value."),
    _l("Not a valid week value."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be at least %(min)d characters long."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be exactly %(max)d characters long."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("File does not have an approved extension."),
    _l("File does not have an approved extension: {extensions}"),
)


class _CatalogueTranslations:
    """Hands WTForms' messages to our catalogue (formatting stays WTForms' job)."""

    def gettext(self, string):
        return flask_babel.get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        translations = flask_babel.get_translations()
        translated = translations.ungettext(singular, plural, n)
        if translated not in (singular, plural):
            return translated
        # Listed above as a plain message, in its plural form (see WTFORMS_MESSAGES).
        for form in (singular, plural) if n == 1 else (plural, singular):
            if translations.ugettext(form) != form:
                return translations.ugettext(form)
        return translated


class Form(FlaskForm):
    """Base of every form: CSRF from Flask-WTF, messages in the reader's language, and no
    NUL characters in any text (PostgreSQL cannot store them; no one types them)."""

    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

        def render_field(self, field, render_kw):
            # HTML allows `required` only where the control can be left empty: not on a
            # colour input (it always holds a colour), nor on a single select that opens
            # on a real choice (a deliberate default). The server still validates both.
            options = {**(field.render_kw or {}), **render_kw}
            kind = options.get("type") or getattr(field.widget, "input_type", "")
            if kind == "color" or _opens_on_a_choice(field):
                render_kw = {**render_kw, "required": False}
            return DefaultMeta.render_field(self, field, render_kw)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            values = field.data if isinstance(field.data, list) else [field.data]
            if any(isinstance(value, str) and "\x00" in value for value in values):
                field.errors = [*field.errors, _l("This text contains characters that are not allowed.")]
                valid = False
        return valid


def _opens_on_a_choice(field) -> bool:
    """A single select whose first option is a real value (not a blank placeholder)."""
    if not isinstance(field, SelectField) or isinstance(field, SelectMultipleField):
        return False
    first = next(iter(field.iter_choices()), None)
    return first is not None and first[0] not in ("", None)


CHOOSE = _l("Choose…")


def marks_required(field) -> bool:
    """Whether a form shows the field as required (a star, aria-required): where a value must
    be given and HTML lets the control be left empty (see `Form.Meta.render_field`)."""
    if not field.flags.required or field.type in ("HiddenField", "CSRFTokenField"):
        return False
    kind = (field.render_kw or {}).get("type") or getattr(field.widget, "input_type", "")
    return kind != "color" and not _opens_on_a_choice(field)


def choice_id(value):
    """Coerce a chosen row's id: '' or '0' (none) becomes 0; anything that is not an id
    (see ascn/ids.py) becomes -1, which no row has, so the choice is refused with a message
    instead of the database failing on it."""
    if value in (None, "", 0, "0"):
        return 0
    number = parse_id(value)
    return -1 if number is None else number


class RequiredSelectField(SelectField):
    """A choice a person must make, from a list that starts on a blank "Choose…": a
    required list that opened on its first entry registered everyone who did not touch
    it for Brunei Darussalam. Ids are coerced by `choice_id` unless told otherwise; no
    choice is refused with `message`, in the reader's language."""

    def __init__(self, label, message, coerce=choice_id, **kwargs):
        super().__init__(label, coerce=coerce, validators=[InputRequired(message)], **kwargs)

    def _blank(self) -> Choice:
        return Choice(value="", label=str(CHOOSE), selected=not self.data, render_kw={})

    def iter_choices(self):
        return [self._blank(), *super().iter_choices()]

    def iter_groups(self):
        yield None, [self._blank()]
        yield from super().iter_groups()

    def pre_validate(self, form):
        if self.data:  # nothing chosen is the required message's to say, not "Not a valid choice"
            super().pre_validate(form)


def language_field(label, description=None) -> SelectField:
    """The language someone's emails are written in: the form starts on the language of
    the person filling it in, who most often speaks it with them."""
    return SelectField(label, choices=LANGUAGE_CHOICES, default=current_language, description=description)


def local_time_field(label, required: bool = False, description=None) -> DateTimeLocalField:
    """A date and time typed in the event's time zone (the service reads it there), in
    the one format a browser's datetime-local input sends and shows."""
    check = DataRequired(_l("Enter a valid date and time.")) if required else Optional()
    return DateTimeLocalField(label, format="%Y-%m-%dT%H:%M", validators=[check], description=description)


COLOUR_EXAMPLE = _l("Choose a colour like #1f4e79.")


def colour_field(label, message=COLOUR_EXAMPLE) -> StringField:
    """A colour as #rrggbb, picked with the browser's colour input."""
    return StringField(
        label,
        filters=(strip,),
        validators=[DataRequired(), Regexp(r"^#[0-9A-Fa-f]{6}$", message=message)],
        render_kw={"type": "color"},
    )


class CountField(IntegerField):
    """A number typed into a form, read by `ascn.ids` like every id and count: WTForms'
    own field reads it with `int()`, which takes '٣' (Arabic-Indic three) for 3. Anything
    but ASCII digits is refused as no number; the field's range check does the rest."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        typed = valuelist[0].strip() if isinstance(valuelist[0], str) else valuelist[0]
        self.data = parse_integer(typed)
        if self.data is None:
            raise ValueError(self.gettext("Not a valid integer value."))


def sort_order_field() -> CountField:
    """Where a row stands in lists: 0 to 1000, empty meaning 0."""
    return CountField(
        _l("Position in lists"),
        default=0,
        filters=(lambda value: value or 0,),
        validators=[Optional(), NumberRange(min=0, max=1000, message=_l("Use a number from 0 to 1000."))],
    )


def strip(value):
    return value.strip() if isinstance(value, str) else value


def bilingual_fields(label, max_length: int, textarea: bool = False):
    """Two fields, English and Malay, edited side by side (see `_macros/forms.html`).
    Whether one of them must be filled is a rule of the service that saves them."""
    field = TextAreaField if textarea else StringField
    validators = [Optional(), Length(max=max_length)]
    return (
        field(
            _l("%(label)s in English", label=label),
            validators=validators,
            filters=(strip,),
            render_kw={"lang": "en"},
        ),
        field(
            _l("%(label)s in Malay", label=label),
            validators=validators,
            filters=(strip,),
            render_kw={"lang": "ms"},
        ),
    )


def show_error(form, error) -> None:
    """Put a service's refusal beside the field it concerns, or flash it."""
    if error.field and error.field in form:
        # str(): a lazy message would reach the page unescaped (Flask-Babel gives it __html__)
        form[error.field].errors = list(form[error.field].errors) + [str(error.message)]
    else:
        flash(str(error.message), "error")


def flash_errors(form) -> None:
    """A form posted from a page that redirects back (a list's bulk action, a row's
    button): its problems as messages, since no field is shown again to mark."""
    for name, errors in form.errors.items():
        field = form[name] if name in form else None
        label = field.label.text if field is not None and field.label else ""
        flash(f"{label}: {errors[0]}" if label else str(errors[0]), "error")


def save_form(form, save, saved_message, next_endpoint):
    """The edit-page round trip: validate, save through the service, flash and go to
    `next_endpoint`; None (render the form again) when invalid or refused."""
    if not form.validate_on_submit():
        return None
    try:
        save(**form_values(form))
    except ServiceError as error:
        show_error(form, error)
        return None
    flash(str(saved_message), "success")
    return redirect(url_for(next_endpoint))


def form_values(form) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


class ConfirmImportForm(Form):
    """A spreadsheet preview's "Import" button: it carries what the preview promised (its
    digest), which the confirmation compares with what the file would do by then."""

    previewed = HiddenField(validators=[DataRequired()])
