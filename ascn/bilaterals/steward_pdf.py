"""The room stewards' daily list (a document): for each bilateral room, the day's meetings
in time order, with both delegations, the level, the people named (in their own script:
the project's fonts cover Thai, Jawi, Chinese and the rest), and what the room must have
ready (an interpreter, flags). One language per list, as the steward reads it."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ascn import pdf_fetcher
from ascn.bilaterals.models import (
    LEVEL_LABELS,
    BilateralParticipant,
    BilateralRequest,
    BilateralRoom,
    BilateralSlot,
)
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import document
from ascn.pdf_fonts import document_css
from ascn.registration.models import Delegation


@dataclass
class RoomDay:
    room: BilateralRoom
    meetings: list[BilateralRequest]


def day_of(event: Event, day: date) -> list[RoomDay]:
    """Every room of the event (an empty one says so), with its meetings of `day` on the
    event's clock; three queries whatever the number of meetings."""
    start = event.to_utc(datetime.combine(day, time()))
    end = event.to_utc(datetime.combine(day + timedelta(days=1), time()))
    rooms = db.session.scalars(
        select(BilateralRoom)
        .where(BilateralRoom.event_id == event.id)
        .order_by(BilateralRoom.sort_order, BilateralRoom.id)
    ).all()
    meetings = db.session.scalars(
        select(BilateralRequest)
        .join(BilateralSlot, BilateralSlot.id == BilateralRequest.slot_id)
        .where(
            BilateralRequest.event_id == event.id,
            BilateralSlot.starts_at >= start,
            BilateralSlot.starts_at < end,
        )
        .options(
            joinedload(BilateralRequest.slot),
            joinedload(BilateralRequest.requester).joinedload(Delegation.country),
            joinedload(BilateralRequest.counterpart).joinedload(Delegation.country),
            selectinload(BilateralRequest.participants).joinedload(BilateralParticipant.registration),
        )
        .order_by(BilateralSlot.starts_at, BilateralRequest.id)
    ).all()
    by_room: dict[int, list] = {room.id: [] for room in rooms}
    for meeting in meetings:
        by_room.setdefault(meeting.room_id, []).append(meeting)
    return [RoomDay(room, by_room[room.id]) for room in rooms]


@document
def pdf(event: Event, day: date, language: str) -> bytes:
    from weasyprint import HTML

    html = render_template(
        "pdf/bilateral_stewards.html",
        event=event,
        day=day,
        rooms=day_of(event, day),
        level_labels=LEVEL_LABELS,
        language=language,
    )
    html = html.replace("/*FONTS*/", document_css(html), 1)
    static = Path(current_app.static_folder)
    return HTML(string=html, base_url=str(static) + "/", url_fetcher=pdf_fetcher.fetcher(static)).write_pdf()
