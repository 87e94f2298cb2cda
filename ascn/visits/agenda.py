"""A person's booked site visits, for their agenda and calendar (query; a provider of
`programme.agenda_items`): each confirmed seat, with the meeting point and the bus times.
One query."""

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ascn.dates import format_time
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.programme.agenda_items import AgendaItem
from ascn.registration.models import Registration
from ascn.visits.models import SiteVisit, VisitBooking


def booked(event: Event, user) -> list[VisitBooking]:
    return list(
        db.session.scalars(
            select(VisitBooking)
            .join(Registration, Registration.id == VisitBooking.registration_id)
            .where(
                Registration.user_id == user.id,
                Registration.event_id == event.id,
                VisitBooking.status == "confirmed",
            )
            .options(joinedload(VisitBooking.visit).joinedload(SiteVisit.event))
        )
    )


def agenda_items(event: Event, user) -> list[AgendaItem]:
    """Provider (programme.agenda_items.register)."""
    return [_item(booking) for booking in booked(event, user)]


def _item(booking: VisitBooking) -> AgendaItem:
    visit = booking.visit
    texts = {}
    for language in ("en", "ms"):
        with force_locale(language):
            leaves, back = (
                format_time(visit.event.local(moment), local=True, language=language)
                for moment in (visit.departs_at, visit.returns_at)
            )
            texts[language] = (
                _("Site visit: %(title)s", title=Bilingual.value(visit, "title", language)),
                _(
                    "Bus leaves at %(leaves)s, back at %(back)s. Seat %(seat)s.",
                    leaves=leaves,
                    back=back,
                    seat=booking.seat,
                ),
            )
    return AgendaItem(
        uid=f"site-visit-{visit.id}",
        title_en=texts["en"][0],
        title_ms=texts["ms"][0],
        starts_at=visit.departs_at,
        ends_at=visit.returns_at,
        place_en=visit.meeting_point_en,
        place_ms=visit.meeting_point_ms,
        note_en=texts["en"][1],
        note_ms=texts["ms"][1],
        meeting_point=True,
        path=url_for("visits.visit", event=visit.event.slug, visit_id=visit.id),
    )
