"""Forms of a delegation's requests: asking, and the counterpart's answers."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ascn.bilaterals.models import LEVEL_LABELS, LEVELS, MEETING_LANGUAGE_LABELS, MEETING_LANGUAGES
from ascn.bilaterals.request_checks import SUBJECT_MAX
from ascn.bilaterals.requesting import NOTE_MAX
from ascn.forms import Form, RequiredSelectField, bilingual_fields, choice_id, strip


class _People(Form):
    """The people one side names, and the second post that confirms despite clashes."""

    participant_ids = SelectMultipleField(_l("Participants from your delegation"), coerce=choice_id)
    confirmed = HiddenField(default="")

    def set_people(self, people) -> None:
        self.participant_ids.choices = [SelectChoice(person.id, person.list_name) for person in people]


class _Times(_People):
    slot_ids = SelectMultipleField(_l("Times that suit you"), coerce=choice_id)
    # A whole day ticked at once: every time of that day (ISO dates on the event's clock).
    days = SelectMultipleField(_l("Whole days"))

    def set_times(self, slots_by_day) -> None:
        self.slot_ids.choices = [
            SelectChoice(slot.id, str(slot.id)) for _, slots in slots_by_day for slot in slots
        ]
        self.days.choices = [SelectChoice(day.isoformat(), day.isoformat()) for day, _ in slots_by_day]

    def chosen_slot_ids(self, slots_by_day) -> list[int]:
        days = set(self.days.data or ())
        chosen = set(self.slot_ids.data or ())
        for day, slots in slots_by_day:
            if day.isoformat() in days:
                chosen.update(slot.id for slot in slots)
        return sorted(chosen)


class AskForm(_Times):
    counterpart_id = RequiredSelectField(_l("Meet with"), _l("Choose the delegation you wish to meet."))
    level = RequiredSelectField(
        _l("Level of the meeting"),
        _l("Choose the level of the meeting."),
        coerce=str,
        choices=[SelectChoice(level, LEVEL_LABELS[level]) for level in LEVELS],
    )
    subject_en, subject_ms = bilingual_fields(_l("Subject"), SUBJECT_MAX)
    language = SelectField(
        _l("Language of the meeting"),
        choices=[SelectChoice(code, MEETING_LANGUAGE_LABELS[code]) for code in MEETING_LANGUAGES],
        default="en",
    )
    needs_interpreter = BooleanField(_l("An interpreter is needed"))
    needs_flags = BooleanField(_l("Table flags are needed"))

    def set_counterparts(self, groups) -> None:
        self.counterpart_id.choices = [
            SelectChoice(i, name, optgroup=label) for label, rows in groups for i, name in rows
        ]


class AcceptForm(_People):
    pass


class ProposeForm(_Times):
    note = TextAreaField(
        _l("Note to the requesting delegation"),
        filters=(strip,),
        validators=[Optional(), Length(max=NOTE_MAX)],
    )


class DeclineForm(Form):
    note = TextAreaField(
        _l("Reason (optional)"), filters=(strip,), validators=[Optional(), Length(max=NOTE_MAX)]
    )


class AgreeForm(Form):
    confirmed = HiddenField(default="")


class WithdrawForm(Form):
    pass
