from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from ascn.forms import (
    CountField,
    Form,
    RequiredSelectField,
    bilingual_fields,
    choice_id,
    colour_field,
    local_time_field,
    sort_order_field,
    strip,
)
from ascn.programme.models import AUDIENCE_LABELS, Speaker
from ascn.textlimits import fits, limit

DESCRIPTION_MAX = 20_000


class RoomForm(Form):
    name_en, name_ms = bilingual_fields(_l("Name"), 120)
    floor_en, floor_ms = bilingual_fields(_l("Floor"), 40)
    capacity = CountField(
        _l("Seats"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100_000, message=_l("Use a number from 0 to 100000.")),
        ],
    )
    sort_order = sort_order_field()


class SessionTypeForm(Form):
    code = StringField(
        _l("Code"),
        filters=(strip,),
        validators=[
            DataRequired(_l("Enter a code.")),
            Length(max=30),
            Regexp(r"^[A-Za-z0-9_-]+$", message=_l("Use only letters, digits, - and _.")),
        ],
    )
    label_en, label_ms = bilingual_fields(_l("Label"), 80)
    colour = colour_field(_l("Colour"))
    sort_order = sort_order_field()


class TrackForm(Form):
    name_en, name_ms = bilingual_fields(_l("Name"), 120)
    sort_order = sort_order_field()


class SpeakerForm(Form):
    full_name = StringField(
        _l("Full name"),
        filters=(strip,),
        validators=[Optional(), fits(Speaker.full_name)],
        description=_l("As it should appear in the programme. Filled from the account when left empty."),
    )
    account_email = StringField(
        _l("Delegate account (email)"),
        filters=(strip,),
        validators=[Optional(), Length(max=254), Email(_l("Invalid email address."))],
        description=_l("Link a registered delegate's account; leave empty for an external speaker."),
    )
    position_en, position_ms = bilingual_fields(_l("Position"), limit(Speaker.position_en))
    organisation_en, organisation_ms = bilingual_fields(_l("Organisation"), limit(Speaker.organisation_en))
    biography_en, biography_ms = bilingual_fields(_l("Biography"), 10_000, textarea=True)
    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WebP, at most 5 MB."))
    remove_photo = BooleanField(_l("Remove the photo"))


class SessionForm(Form):
    title_en, title_ms = bilingual_fields(_l("Title"), 300)
    description_en, description_ms = bilingual_fields(_l("Description"), DESCRIPTION_MAX, textarea=True)
    type_id = RequiredSelectField(_l("Session type"), _l("Choose a session type."))
    track_id = SelectField(_l("Track"), coerce=choice_id)
    room_id = SelectField(_l("Room"), coerce=choice_id)
    starts_at = local_time_field(_l("Starts"), required=True, description=_l("In the event's time zone."))
    ends_at = local_time_field(_l("Ends"), required=True)
    # A deliberate default, not the first entry by accident: a session is open unless restricted.
    audience = SelectField(
        _l("Who may attend"),
        choices=[SelectChoice(code, label) for code, label in AUDIENCE_LABELS.items()],
        default="everyone",
    )
    speaker_ids = SelectMultipleField(_l("Speakers"), coerce=choice_id)
    moderator_ids = SelectMultipleField(_l("Moderators"), coerce=choice_id)
    chair_ids = SelectMultipleField(_l("Chairs"), coerce=choice_id)
    cancelled = BooleanField(
        _l("Cancelled"), description=_l("A cancelled session stays in the programme, marked as cancelled.")
    )
    allow_speaker_clash = BooleanField(_l("Keep a speaker clash on purpose"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Edited in a rich-text editor where scripts run (static/js/editing.js).
        for name in ("description_en", "description_ms"):
            self[name].render_kw = {**(self[name].render_kw or {}), "data-rich-text": ""}

    def set_choices(self, types, tracks, rooms, speakers):
        none = [SelectChoice(0, "—")]
        self.type_id.choices = [SelectChoice(t.id, t.label) for t in types]
        self.track_id.choices = none + [SelectChoice(t.id, t.name) for t in tracks]
        self.room_id.choices = none + [SelectChoice(r.id, r.name) for r in rooms]
        people = [SelectChoice(s.id, s.full_name) for s in speakers]
        for name in ("speaker_ids", "moderator_ids", "chair_ids"):
            self[name].choices = people
            self[name].render_kw = {"size": min(8, max(3, len(people)))}


class ImportForm(Form):
    file = FileField(_l("Programme spreadsheet (.xlsx)"))
