"""A new event made from an old one: the settings an organiser chose to keep, never its
people (no registration, role, booking, speaker or saved session).

The event row, its registration window (moved by the difference in start dates), its
time zone and, when chosen, its categories, privacy notice and look (logo, colours, the
secretariat's address) are copied here; each later
domain copies its own part as a step of `events.lifecycle.on_event_copied` (badge
templates, rooms and session types, delegations' quotas). Site visits are not copied.

The source's row is locked first, shared (level 0 of docs/ARCHITECTURE.md): a change of
its categories or badge templates locks it exclusively, so a copy reads the settings of
before or after that change, never half of each. The new slug is decided by the unique
index: of two organisers creating the same one at once, the second gets the same message
as if it had been taken long before."""

import logging
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ascn.accounts.models import User
from ascn.errors import ServiceError
from ascn.events import lifecycle, scope
from ascn.events.models import Category, Event, EventLogo, EventRole
from ascn.events.services import CATEGORY_FIELDS, lock
from ascn.extensions import db
from ascn.textlimits import check
from ascn.transactions import unit_of_work

log = logging.getLogger(__name__)

PARTS = ("categories", "rooms", "countries", "privacy", "look")
PART_LABELS = {
    "categories": _l("Participant categories and their badge templates"),
    "rooms": _l("Rooms and session types"),
    "countries": _l("Countries and their delegations' quotas"),
    "privacy": _l("Privacy notice"),
    "look": _l("Logo, colours and the secretariat's email address"),
}
SLUG_TAKEN = _l("Another event already uses this address.")


@unit_of_work
def copy_event(
    source: Event,
    slug: str,
    short_name: str,
    name_en: str,
    name_ms: str,
    start_date: date,
    end_date: date,
    parts,
    actor: User,
) -> Event:
    parts = frozenset(parts)
    if not parts <= set(PARTS):
        raise ServiceError(_l("Choose what to copy from the list."), field="parts")
    slug, short_name = (slug or "").strip(), (short_name or "").strip()
    name_en, name_ms = (name_en or "").strip(), (name_ms or "").strip()
    _check(slug, short_name, name_en, name_ms, start_date, end_date)
    source = lock(source.id, shared=True)
    if source is None:
        raise ServiceError(_l("This event no longer exists."))
    if db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise ServiceError(SLUG_TAKEN, field="slug")
    shift = start_date - source.start_date
    copy = Event(
        slug=slug,
        short_name=short_name,
        name_en=name_en,
        name_ms=name_ms,
        start_date=start_date,
        end_date=end_date,
        timezone=source.timezone,
        registration_opens_at=_moved(source.registration_opens_at, shift),
        registration_closes_at=_moved(source.registration_closes_at, shift),
        contact_email=source.contact_email,  # most often the same secretariat
        privacy_notice_en=source.privacy_notice_en if "privacy" in parts else "",
        privacy_notice_ms=source.privacy_notice_ms if "privacy" in parts else "",
    )
    db.session.add(copy)
    try:
        db.session.flush()
    except IntegrityError:  # the same address created at the same moment: the index decided
        raise ServiceError(SLUG_TAKEN, field="slug") from None
    if "categories" in parts:
        _copy_categories(source, copy)
    if "look" in parts:
        _copy_look(source, copy)
    lifecycle.event_copied(source, copy, parts, shift)
    if actor.role != "admin":  # whoever made the event runs it; an administrator already may
        db.session.add(
            EventRole(event_id=copy.id, user_id=actor.id, role="organiser", granted_by_id=actor.id)
        )
    db.session.flush()
    log.info("event %s made from %s by account %s", slug, source.slug, actor.id)
    return copy


def _check(slug, short_name, name_en, name_ms, start_date, end_date) -> None:
    if not scope.SLUG.fullmatch(slug):
        raise ServiceError(
            _l(
                "The address takes 2 to 40 lowercase letters, digits and hyphens, "
                "and starts and ends with a letter or digit."
            ),
            field="slug",
        )
    if slug in scope.RESERVED:
        raise ServiceError(_l("This address is used by the site itself. Choose another."), field="slug")
    if not short_name:
        raise ServiceError(_l("Give the event a short name."), field="short_name")
    if not (name_en or name_ms):
        raise ServiceError(_l("Give the event a name in at least one language."), field="name_en")
    check(
        {"short_name": short_name, "name_en": name_en, "name_ms": name_ms},
        {"short_name": Event.short_name, "name_en": Event.name_en, "name_ms": Event.name_ms},
    )
    if end_date < start_date:
        raise ServiceError(_l("The event cannot end before it starts."), field="end_date")


def _moved(moment: datetime | None, shift: timedelta) -> datetime | None:
    return moment + shift if moment is not None else None


def _copy_look(source: Event, copy: Event) -> None:
    copy.primary_colour, copy.accent_colour = source.primary_colour, source.accent_colour
    copy.logo_digest = source.logo_digest
    logo = db.session.get(EventLogo, source.id) if source.logo_digest else None
    if logo is not None:
        db.session.add(
            EventLogo(
                event_id=copy.id,
                data=logo.data,
                content_type=logo.content_type,
                width=logo.width,
                height=logo.height,
            )
        )


def _copy_categories(source: Event, copy: Event) -> None:
    categories = select(Category).where(Category.event_id == source.id).order_by(Category.id)
    for category in db.session.scalars(categories):
        db.session.add(
            Category(event_id=copy.id, **{name: getattr(category, name) for name in CATEGORY_FIELDS})
        )
    db.session.flush()  # the later steps find them by code
