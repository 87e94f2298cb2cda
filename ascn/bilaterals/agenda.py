"""A person's placed bilaterals, for their agenda and calendar (query; a provider of
`programme.agenda_items`): the meetings they are named in, and every meeting of the
delegation they speak for (its focal point, or its Head of Delegation). One query."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, joinedload

from ascn.bilaterals.models import BilateralParticipant, BilateralRequest
from ascn.events import roles
from ascn.events.models import Event
from ascn.extensions import db
from ascn.i18n import Bilingual
from ascn.programme.agenda_items import AgendaItem
from ascn.registration.models import ACTIVE_STATUSES, Delegation, Registration


def meetings(event: Event, user) -> list[BilateralRequest]:
    countries = []
    focal = roles.focal_country_id(user, event)
    if focal is not None:
        countries.append(focal)
    requester, counterpart = aliased(Delegation), aliased(Delegation)
    named = (
        select(BilateralParticipant.request_id)
        .join(Registration, Registration.id == BilateralParticipant.registration_id)
        .where(Registration.user_id == user.id, Registration.event_id == event.id)
    )
    heads = select(Registration.country_id).where(
        Registration.user_id == user.id,
        Registration.event_id == event.id,
        Registration.is_head.is_(True),
        Registration.status.in_(ACTIVE_STATUSES),
    )
    speaks_for = [requester.country_id.in_(heads), counterpart.country_id.in_(heads)]
    if countries:
        speaks_for += [requester.country_id.in_(countries), counterpart.country_id.in_(countries)]
    stmt = (
        select(BilateralRequest)
        .join(requester, requester.id == BilateralRequest.requester_id)
        .join(counterpart, counterpart.id == BilateralRequest.counterpart_id)
        .where(
            BilateralRequest.event_id == event.id,
            BilateralRequest.slot_id.is_not(None),
            or_(BilateralRequest.id.in_(named), *speaks_for),
        )
        .options(
            joinedload(BilateralRequest.slot),
            joinedload(BilateralRequest.room),
            joinedload(BilateralRequest.requester).joinedload(Delegation.country),
            joinedload(BilateralRequest.counterpart).joinedload(Delegation.country),
        )
    )
    return list(db.session.scalars(stmt))


def agenda_items(event: Event, user) -> list[AgendaItem]:
    """Provider (programme.agenda_items.register)."""
    return [_item(event, meeting) for meeting in meetings(event, user)]


def _item(event: Event, meeting: BilateralRequest) -> AgendaItem:
    titles = {}
    for language in ("en", "ms"):
        first = Bilingual.value(meeting.requester.country, "name", language)
        second = Bilingual.value(meeting.counterpart.country, "name", language)
        with force_locale(language):
            titles[language] = _("Bilateral meeting: %(first)s and %(second)s", first=first, second=second)
    return AgendaItem(
        uid=f"bilateral-{meeting.id}",
        title_en=titles["en"],
        title_ms=titles["ms"],
        starts_at=meeting.slot.starts_at,
        ends_at=meeting.slot.ends_at,
        place_en=meeting.room.name_en,
        place_ms=meeting.room.name_ms,
    )
