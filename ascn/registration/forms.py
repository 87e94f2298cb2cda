"""Registration forms. Limits mirror the columns; the rules themselves are the services'."""

from flask import g
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ascn.events.models import COUNTRY_GROUP_LABELS
from ascn.events.services import countries_by_group
from ascn.forms import (
    Form,
    RequiredSelectField,
    bilingual_fields,
    choice_id,
    language_field,
    sort_order_field,
    strip,
)
from ascn.registration import categories, catering
from ascn.registration.details import LIMITS
from ascn.registration.models import PROTOCOL_RANKS, RANK_LABELS, REASON_TEXT

PHOTO_TYPES = ["jpg", "jpeg", "png", "webp"]
PHOTO_HELP = _l("JPEG, PNG or WebP, up to 8 MB. A recent passport-style photo, face centred.")


def _text(label, name, required=False, **kwargs):
    validators = [DataRequired() if required else Optional(), Length(max=LIMITS[name])]
    return StringField(label, validators=validators, filters=(strip,), **kwargs)


def _photo(required=False):
    validators = [FileRequired()] if required else []
    validators.append(FileAllowed(PHOTO_TYPES, _l("The photo must be a JPEG, PNG or WebP image.")))
    return FileField(_l("Photo for the badge"), validators=validators, description=PHOTO_HELP)


class PersonForm(Form):
    """What a delegate may change about themselves."""

    # Free text with suggestions: the styles of the region (Pengiran, Ir., Tan Sri…) are
    # too many for a fixed list, and a list would silently drop the ones it lacks.
    honorific = _text(
        _l("Honorific"), "honorific", render_kw={"list": "honorifics", "autocomplete": "honorific-prefix"}
    )
    given_names = _text(
        _l("Given name(s)"), "given_names", required=True, render_kw={"autocomplete": "given-name"}
    )
    family_name = _text(_l("Family name"), "family_name", render_kw={"autocomplete": "family-name"})
    badge_name = _text(
        _l("Name on the badge"),
        "badge_name",
        description=_l(
            "As it should be printed, in any script. Left empty, your given and family names are used."
        ),
    )
    latin_name = _text(
        _l("Name in Latin letters"),
        "latin_name",
        description=_l("For lists and seating plans, if your name is written in another script."),
    )
    position = _text(_l("Position or title"), "position", render_kw={"autocomplete": "organization-title"})
    organisation = _text(_l("Organisation"), "organisation", render_kw={"autocomplete": "organization"})
    mobile = StringField(
        _l("Mobile number"),
        validators=[Optional(), Length(max=40)],
        filters=(strip,),
        description=_l("With the country code, e.g. +60 12-345 6789."),
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    # Checkboxes of the event's options (catering counts them); the choices are set below.
    dietary_option_ids = SelectMultipleField(
        _l("Dietary requirements"),
        coerce=choice_id,
        validators=[Optional()],
        description=_l("Tick all that apply."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    dietary = TextAreaField(
        _l("Allergies or other dietary needs"),
        validators=[Optional(), Length(max=LIMITS["dietary"])],
        description=_l("For example a food allergy, and how severe it is."),
    )
    accessibility = TextAreaField(
        _l("Accessibility needs"), validators=[Optional(), Length(max=LIMITS["accessibility"])]
    )
    locale = language_field(_l("Language for emails"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A retired option stays on the form of a registration that holds it, only there.
        owner = kwargs.get("obj")
        held = catering.chosen_ids(getattr(owner, "id", None)) if owner is not None else []
        if owner is not None and not self.is_submitted():
            self.dietary_option_ids.data = held
        self.dietary_option_ids.choices = [
            SelectChoice(o.id, o.label) for o in catering.offered(g.event, held)
        ]


def _category_field():
    return RequiredSelectField(_l("Category"), _l("Choose a category."))


def _categories(field, event, chooser: str, current=None) -> None:
    """The categories `chooser` may give; a registration's own category stays on the
    list of its edit form, so that saving other changes keeps it."""
    field.choices = [SelectChoice(c.id, c.label) for c in categories.choosable(event, chooser, current)]


def _country_choices():
    return [
        SelectChoice(c.id, c.name, optgroup=str(COUNTRY_GROUP_LABELS[group]))
        for group, rows in countries_by_group()
        for c in rows
    ]


class RegistrationForm(PersonForm):
    country_id = RequiredSelectField(_l("Country or organisation"), _l("Choose a country or organisation."))
    category_id = _category_field()
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(), Length(max=LIMITS["email"])],
        filters=(strip,),
        render_kw={"autocomplete": "email"},
    )
    photo = _photo()
    consent = BooleanField(
        _l("I have read the privacy notice and agree to it."), validators=[InputRequired()]
    )

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country_id.choices = _country_choices()
        _categories(self.category_id, event, "delegate")


class MemberForm(PersonForm):
    """A focal point names a delegate."""

    email = RegistrationForm.email
    category_id = _category_field()
    protocol_rank = SelectField(
        _l("Protocol rank"),
        choices=[SelectChoice(r, RANK_LABELS[r]) for r in PROTOCOL_RANKS],
        default="delegate",
    )
    is_head = BooleanField(_l("Head of Delegation"))
    photo = _photo()

    def __init__(self, event, *args, current_category=None, **kwargs):
        super().__init__(*args, **kwargs)
        _categories(self.category_id, event, "focal_point", current_category)


class HeadForm(Form):
    """Confirms a new Head of Delegation; the outgoing head's rank is chosen here."""

    old_head_rank = SelectField(
        _l("Protocol rank of the outgoing Head of Delegation"),
        choices=[SelectChoice(r, RANK_LABELS[r]) for r in PROTOCOL_RANKS if r != "head_of_delegation"],
        default="delegate",
    )


class IdentityDecisionForm(Form):
    """Approve or reject a delegate's new name, category or photo (the button says which)."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=1000)],
        filters=(strip,),
        description=_l("Emailed to the delegate when the change is rejected."),
    )


class DetailsForm(PersonForm):
    """An organiser corrects a registration."""

    protocol_rank = MemberForm.protocol_rank


class PhotoForm(Form):
    photo = _photo(required=True)


class ImportForm(Form):
    file = FileField(
        _l("Spreadsheet (.xlsx)"),
        validators=[
            FileRequired(),
            FileAllowed(["xlsx"], _l("Upload the filled-in template as an .xlsx file.")),
        ],
    )


class DecisionForm(Form):
    """One decision for the registrations ticked in the list."""

    action = RequiredSelectField(
        _l("Action"),
        _l("Choose an action."),
        coerce=str,
        choices=[
            SelectChoice("approved", _l("Approve")),
            SelectChoice("rejected", _l("Reject")),
            SelectChoice("pending", _l("Back to pending")),
            SelectChoice("cancelled", _l("Cancel")),
            SelectChoice("category", _l("Change category")),
        ],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[Optional(), Length(max=1000)],
        filters=(strip,),
        description=_l("Required to reject; emailed to the delegate."),
    )
    category_id = SelectField(_l("New category"), coerce=choice_id, validators=[Optional()])
    # A reason typed once in both languages (reasons.py); the typed reason follows it.
    preset_id = SelectField(
        _l("Preset reason"),
        coerce=choice_id,
        validators=[Optional()],
        description=_l("Each delegate reads it in their language; a reason typed below is added after it."),
    )

    def __init__(self, event, presets=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = [(0, "—")] + [(c.id, c.label) for c in event.categories]
        # Each option carries its text in the reader's language, shown when it is chosen (app.js).
        self.preset_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(p.id, p.label, render_kw={"data-text": p.text}) for p in presets
        ]


class RejectionReasonForm(Form):
    label_en, label_ms = bilingual_fields(_l("Short name"), 120)
    text_en, text_ms = bilingual_fields(_l("Reason sent to the delegate"), REASON_TEXT, textarea=True)


class SettingsForm(Form):
    registration_edits_locked = BooleanField(
        _l("Lock registrations: delegates and focal points can no longer edit")
    )
    privacy_notice_en, privacy_notice_ms = bilingual_fields(_l("Privacy notice"), 20000, textarea=True)


class DeclineForm(Form):
    """A focal point declines a self-registration their delegation does not know."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give a reason: it is sent to the person who registered.")),
            Length(max=1000),
        ],
        filters=(strip,),
        description=_l("Sent to the person who registered."),
    )


class DeletionRequestForm(Form):
    reason = TextAreaField(
        _l("Reason (optional)"), validators=[Optional(), Length(max=1000)], filters=(strip,)
    )
    confirm = BooleanField(
        _l("I understand that my registration will be withdrawn."), validators=[InputRequired()]
    )


class DietaryOptionForm(Form):
    label_en, label_ms = bilingual_fields(_l("Label"), 80)
    sort_order = sort_order_field()
    retired = BooleanField(
        _l("Retired: no longer offered"),
        description=_l("Registrations that chose it keep it, and the counts still show it."),
    )
