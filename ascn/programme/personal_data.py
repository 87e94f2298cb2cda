"""The programme's part of a person's data: their personal agenda and speaker profiles in
their copy, and the personal agendas of an ended event removed by its purge. Speaker
profiles stay: they are the published programme's public record."""

from sqlalchemy import delete, select

from ascn.accounts.models import User
from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession, SavedSession, Speaker

SPEAKER_FIELDS = (
    "full_name", "position_en", "position_ms", "organisation_en", "organisation_ms",
    "biography_en", "biography_ms",
)  # fmt: skip


def export(user: User) -> dict:
    saved = db.session.execute(
        select(SavedSession, ProgrammeSession)
        .join(ProgrammeSession, ProgrammeSession.id == SavedSession.session_id)
        .where(SavedSession.user_id == user.id)
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
    )
    profiles = db.session.scalars(select(Speaker).where(Speaker.user_id == user.id).order_by(Speaker.id))
    return {
        "agenda": [
            {
                "session": session.title_en or session.title_ms,
                "starts_at": session.starts_at.isoformat(),
                "saved_at": entry.created_at.isoformat(),
            }
            for entry, session in saved
        ],
        "speaker_profiles": [
            {name: getattr(speaker, name) for name in SPEAKER_FIELDS}
            | {"has_photo": speaker.photo is not None}
            for speaker in profiles
        ],
    }


def purge(event: Event) -> dict[str, int]:
    """Helper: who saved which session of the event."""
    sessions = select(ProgrammeSession.id).where(ProgrammeSession.event_id == event.id)
    removed = db.session.execute(
        delete(SavedSession).where(SavedSession.session_id.in_(sessions)),
        execution_options={"synchronize_session": False},
    ).rowcount
    return {"sessions saved in personal agendas": removed}
