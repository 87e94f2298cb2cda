"""Badge templates: organisers choose, per category, the layout, the band colour and
label, and which fields show; the preview shows a real delegate of that category."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.badges import cards
from ascn.badges.models import LAYOUTS, BadgeTemplate
from ascn.errors import ServiceError
from ascn.events.models import Category, Event
from ascn.events.services import lock
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.transactions import discarded, unit_of_work

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FLAGS = ("show_photo", "show_position", "show_organisation", "show_country", "show_logo")


def category_or_none(event: Event, category_id: int) -> Category | None:
    category = db.session.get(Category, category_id)
    return category if category is not None and category.event_id == event.id else None


def template_of(category: Category) -> BadgeTemplate | None:
    return db.session.scalar(select(BadgeTemplate).where(BadgeTemplate.category_id == category.id))


def draft(category: Category, values: dict | None = None) -> BadgeTemplate:
    """The template as saved (or the defaults), with `values` applied but not saved:
    what the live preview shows while the organiser edits."""
    saved = template_of(category)
    template = BadgeTemplate(
        category_id=category.id,
        layout="a6",
        colour=category.colour,
        label_en="",
        label_ms="",
        **{flag: True for flag in FLAGS},
    )
    if saved is not None:
        for name in ("layout", "colour", "label_en", "label_ms", *FLAGS):
            setattr(template, name, getattr(saved, name))
    for name, value in (values or {}).items():
        if name == "layout" and value in LAYOUTS:
            template.layout = value
        elif name == "colour" and isinstance(value, str) and COLOUR.match(value):
            template.colour = value.lower()
        elif name in ("label_en", "label_ms") and isinstance(value, str):
            setattr(template, name, value.strip()[:60])
        elif name in FLAGS:
            setattr(template, name, bool(value))
    return template


@unit_of_work
def save(category: Category, values: dict) -> BadgeTemplate:
    if values.get("layout") not in LAYOUTS:
        raise ServiceError(_l("Choose a sheet layout."), field="layout")
    if not COLOUR.match(values.get("colour") or ""):
        raise ServiceError(_l("Enter a colour like #0b5d6b."), field="colour")
    lock(category.event_id)  # a copy of the event reads every template or none of this change
    template = template_of(category)
    if template is None:
        template = BadgeTemplate(category_id=category.id)
        db.session.add(template)
    template.layout = values["layout"]
    template.colour = values["colour"].lower()
    template.label_en = (values.get("label_en") or "").strip()
    template.label_ms = (values.get("label_ms") or "").strip()
    for flag in FLAGS:
        setattr(template, flag, bool(values.get(flag)))
    return template


def sample_delegate(event: Event, category: Category) -> Registration | None:
    """A real delegate for the preview: an approved one of the category with a photo if
    there is one, else anyone approved."""
    base = select(Registration).where(
        Registration.event_id == event.id, Registration.status == "approved", Registration.purged_at.is_(None)
    )
    return db.session.scalar(
        base.where(Registration.category_id == category.id)
        .order_by(Registration.has_photo.desc(), Registration.id)
        .limit(1)
    ) or db.session.scalar(base.order_by(Registration.has_photo.desc(), Registration.id).limit(1))


def preview(event: Event, category: Category, values: dict | None, language: str, for_pdf: bool):
    """The badge of a real delegate drawn with the template as it stands in the form
    (cards and photo bytes), or (None, None) while no delegate is approved."""
    delegate = sample_delegate(event, category)
    if delegate is None:
        return None, None
    with discarded():  # the draft and the borrowed delegate are only for the picture
        template = draft(category, values)
        delegate.category = category  # shown as a badge of this category
        badge_cards, photos = cards.build([delegate], language, for_pdf, {category.id: template})
    return badge_cards, photos


def templates_by_category(event: Event) -> dict[int, BadgeTemplate]:
    return {
        t.category_id: t
        for t in db.session.scalars(select(BadgeTemplate).join(Category).where(Category.event_id == event.id))
    }
