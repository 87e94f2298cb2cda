"""Speakers, moderators and chairs: delegates' accounts or external people."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.content import reencode_photo, sanitise
from ascn.programme.models import SessionSpeaker, Speaker
from ascn.transactions import conflict_refused, unit_of_work

SPEAKER_FIELDS = ("full_name", "position_en", "position_ms", "organisation_en", "organisation_ms")


def speakers(event: Event) -> list[Speaker]:
    stmt = select(Speaker).where(Speaker.event_id == event.id).order_by(func.lower(Speaker.full_name))
    return list(db.session.scalars(stmt))


@unit_of_work
def save_speaker(event: Event, speaker: Speaker | None, **values) -> Speaker:
    """Save a speaker. A delegate account is named by its email; its name fills in the
    speaker's name when none is given."""
    user = None
    email = (values.get("account_email") or "").strip().lower()
    if email:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            raise ServiceError(_l("No account has this email address."), field="account_email")
        other = db.session.scalar(
            select(Speaker).where(Speaker.event_id == event.id, Speaker.user_id == user.id)
        )
        if other is not None and other is not speaker:
            raise ServiceError(_l("This account is already a speaker."), field="account_email")
    full_name = values.get("full_name") or (user.full_name if user else "")
    if not full_name:
        raise ServiceError(_l("Enter the speaker's name."), field="full_name")
    photo = None
    upload = values.get("photo")
    if upload is not None and getattr(upload, "filename", ""):
        photo = reencode_photo(upload.read())
    speaker = speaker or Speaker(event_id=event.id)
    for name in SPEAKER_FIELDS:
        setattr(speaker, name, values.get(name) or "")
    speaker.full_name = full_name
    speaker.user_id = user.id if user else None
    speaker.biography_en = sanitise(values.get("biography_en"))
    speaker.biography_ms = sanitise(values.get("biography_ms"))
    if photo:
        speaker.photo, speaker.photo_version = photo
    elif values.get("remove_photo"):
        speaker.photo, speaker.photo_version = None, None
    # the same account linked twice at the same moment: the unique index refuses the second
    with conflict_refused(_l("This account is already a speaker."), field="account_email"):
        db.session.add(speaker)
    return speaker


@unit_of_work
def delete_speaker(speaker: Speaker) -> None:
    if db.session.scalar(select(func.count()).where(SessionSpeaker.speaker_id == speaker.id)):
        raise ServiceError(_l("This speaker is still in a session; remove them from it first."))
    db.session.delete(speaker)


def account_email(speaker: Speaker | None) -> str:
    if speaker is None or speaker.user_id is None:
        return ""
    return db.session.scalar(select(User.email).where(User.id == speaker.user_id)) or ""
