"""Signing ceremonies: a placed bilateral marked as a signing (a memorandum of understanding
between two city councils) goes on the programme as a public session naming both parties.

The session is written into the programme's draft through the programme's own rules
(`sessions.apply_session`), so it reaches delegates at the next release like any change;
withdrawn, it leaves through the programme's path (`publishing.delete_session`), or is
cancelled when delegates have already seen it, so that those who saved it are told.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import select

from ascn.bilaterals.models import BilateralRequest
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.programme import publishing, sessions, snapshot
from ascn.programme.models import ProgrammeSession, SessionType
from ascn.transactions import unit_of_work

TYPE_CODE = "signing"
TYPE_LABELS = {"en": "Signing ceremony", "ms": "Majlis menandatangani"}


def _lock(meeting: BilateralRequest) -> BilateralRequest:
    return db.session.scalar(
        select(BilateralRequest)
        .where(BilateralRequest.id == meeting.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


@unit_of_work
def save(meeting: BilateralRequest, is_signing: bool, signing_title_en: str, signing_title_ms: str) -> None:
    """Mark or unmark a meeting as a signing, with what is signed in both languages. A
    published signing follows its new title; an unmarked one leaves the programme."""
    meeting = _lock(meeting)
    title_en, title_ms = (signing_title_en or "").strip(), (signing_title_ms or "").strip()
    if is_signing and not (title_en and title_ms):
        field = "signing_title_ms" if title_en else "signing_title_en"
        raise ServiceError(_l("Say what is signed in both languages."), field=field)
    if not is_signing and meeting.signing_session_id is not None:
        _take_off(meeting)
    meeting.is_signing = bool(is_signing)
    meeting.signing_title_en, meeting.signing_title_ms = title_en, title_ms
    if meeting.is_signing and meeting.signing_session_id is not None:
        _write_session(meeting)


@unit_of_work
def publish(meeting: BilateralRequest) -> ProgrammeSession:
    """Put the signing in the programme's draft (or bring its session up to date)."""
    meeting = _lock(meeting)
    if not meeting.is_signing:
        raise ServiceError(_l("Mark the meeting as a signing ceremony first."))
    if not meeting.is_placed:
        raise ServiceError(_l("Place the meeting in a room and a slot before it goes on the programme."))
    return _write_session(meeting)


@unit_of_work
def withdraw(meeting: BilateralRequest) -> None:
    """Take the signing off the programme; the meeting itself stays."""
    meeting = _lock(meeting)
    if meeting.signing_session_id is None:
        raise ServiceError(_l("This signing is not on the programme."))
    _take_off(meeting)


def follow(meeting: BilateralRequest) -> None:
    """Helper of the placing service: a signing on the programme moves with its meeting,
    and leaves the programme when its meeting loses its place."""
    if meeting.signing_session_id is None:
        return
    if meeting.is_placed:
        _write_session(meeting)
    else:
        _take_off(meeting)


def _take_off(meeting: BilateralRequest) -> None:
    session = meeting.signing_session
    meeting.signing_session_id = None
    if session is None:
        return
    event = meeting.event
    published = snapshot.latest_programme(event)
    if published is not None and session.id in published.by_id:
        session.status = "cancelled"  # delegates saw it: the next release tells them
    else:
        db.session.flush()  # the meeting lets go of the session first
        publishing.delete_session(event, session)


def _write_session(meeting: BilateralRequest) -> ProgrammeSession:
    event = meeting.event
    slot = meeting.slot
    values = {
        "type_id": _session_type(event).id,
        "audience": "everyone",
        "starts_at": event.local(slot.starts_at).replace(tzinfo=None),
        "ends_at": event.local(slot.ends_at).replace(tzinfo=None),
        **titles(meeting),
    }
    session = sessions.apply_session(event, meeting.signing_session, values)
    meeting.signing_session = session
    return session


def titles(meeting: BilateralRequest) -> dict:
    """The session's title and description in each language: what is signed, and by whom."""
    values = {}
    for language in ("en", "ms"):
        requester = Bilingual.value(meeting.requester.country, "name", language)
        counterpart = Bilingual.value(meeting.counterpart.country, "name", language)
        title = Bilingual.value(meeting, "signing_title", language)
        room = Bilingual.value(meeting.room, "name", language) if meeting.room else ""
        with force_locale(language):
            values[f"title_{language}"] = _(
                "Signing ceremony: %(title)s (%(first)s and %(second)s)",
                title=title,
                first=requester,
                second=counterpart,
            )
            sentence = _(
                "Signed by the delegations of %(first)s and %(second)s, in %(room)s.",
                first=requester,
                second=counterpart,
                room=room,
            )
            values[f"description_{language}"] = f"<p>{escape(sentence)}</p>"
    return values


def _session_type(event: Event) -> SessionType:
    """The programme's "Signing ceremony" type, made the first time it is needed."""
    kind = db.session.scalar(
        select(SessionType).where(SessionType.event_id == event.id, SessionType.code == TYPE_CODE)
    )
    if kind is None:
        kind = SessionType(
            event_id=event.id,
            code=TYPE_CODE,
            label_en=TYPE_LABELS["en"],
            label_ms=TYPE_LABELS["ms"],
            colour="#7a5c00",
            sort_order=90,
        )
        db.session.add(kind)
        db.session.flush()
    return kind
