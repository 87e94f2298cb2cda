from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ascn.forms import (
    CountField,
    Form,
    RequiredSelectField,
    bilingual_fields,
    choice_id,
    local_time_field,
    strip,
)
from ascn.visits.catalogue import MAX_SEATS

NOTE_MAX = 500


class VisitForm(Form):
    title_en, title_ms = bilingual_fields(_l("Title"), 200)
    description_en, description_ms = bilingual_fields(_l("Description"), 5000, textarea=True)
    meeting_point_en, meeting_point_ms = bilingual_fields(_l("Meeting point"), 200)
    notes_en, notes_ms = bilingual_fields(_l("Notes for delegates"), 2000, textarea=True)
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter a valid date."))])
    departs = TimeField(_l("Bus leaves"), validators=[DataRequired(_l("Enter a valid time."))])
    returns = TimeField(_l("Bus is back"), validators=[DataRequired(_l("Enter a valid time."))])
    seats = CountField(
        _l("Seats"),
        validators=[
            InputRequired(_l("Enter the number of seats.")),
            NumberRange(min=0, max=MAX_SEATS, message=_l("Use a number from 0 to %(max)s.", max=MAX_SEATS)),
        ],
    )
    category_ids = SelectMultipleField(
        _l("Open to these categories"),
        coerce=choice_id,
        description=_l("None chosen: open to every category."),
    )
    accredited_only = BooleanField(_l("Accredited delegates only"), default=True)
    opens_at = local_time_field(
        _l("Booking opens"),
        description=_l("In the event's time zone. Empty: open as soon as the visit is published."),
    )
    closes_at = local_time_field(
        _l("Booking deadline"),
        required=True,
        description=_l("After it, delegates can no longer book or cancel; the secretariat still can."),
    )
    reserved_for_heads = CountField(
        _l("Seats held for Heads of Delegation"),
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=MAX_SEATS, message=_l("Use a number from 0 to %(max)s.", max=MAX_SEATS)),
        ],
        description=_l("Only a Head of Delegation may take these seats until they are released."),
    )
    release_at = local_time_field(
        _l("Released to everyone at"),
        description=_l(
            "In the event's time zone, before the booking deadline. Then they are ordinary seats."
        ),
    )
    published = BooleanField(_l("Published: delegates see this visit"))

    def set_choices(self, categories):
        self.category_ids.choices = [SelectChoice(c.id, c.label) for c in categories]
        self.category_ids.render_kw = {"size": min(8, max(3, len(categories)))}


def _override_fields():
    return (
        BooleanField(
            _l("Above the seats"),
            description=_l(
                "Only when the visit is full: adds a seat beyond the bus's number, recorded with the reason."
            ),
        ),
        StringField(_l("Reason"), filters=(strip,), validators=[Optional(), Length(max=NOTE_MAX)]),
    )


class AddBookingForm(Form):
    registration_id = RadioField(
        _l("Delegate"),
        coerce=choice_id,
        validate_choice=False,
        validators=[DataRequired(_l("Choose a delegate from the list."))],
    )
    override, note = _override_fields()


class MoveBookingForm(Form):
    visit_id = RequiredSelectField(_l("Move to"), _l("Choose a visit."), validate_choice=False)
    override, note = _override_fields()

    def set_choices(self, visits):
        self.visit_id.choices = [SelectChoice(v.id, v.title) for v in visits]
