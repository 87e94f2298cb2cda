"""Badges' part of a new event made from an old one: the badge template of each copied
category (matched by its code, which is unique within an event)."""

from datetime import timedelta

from sqlalchemy import select

from ascn.badges.models import BadgeTemplate
from ascn.events.models import Category, Event
from ascn.extensions import db

TEMPLATE_FIELDS = (
    "layout", "colour", "label_en", "label_ms",
    "show_photo", "show_country", "show_position", "show_organisation", "show_logo",
)  # fmt: skip


def copy_templates(source: Event, copy: Event, parts: frozenset[str], shift: timedelta) -> None:
    """Lifecycle step (events.lifecycle.on_event_copied), with the categories."""
    if "categories" not in parts:
        return
    copied = {c.code: c.id for c in db.session.scalars(select(Category).where(Category.event_id == copy.id))}
    rows = db.session.execute(
        select(BadgeTemplate, Category.code)
        .join(Category, Category.id == BadgeTemplate.category_id)
        .where(Category.event_id == source.id)
        .order_by(BadgeTemplate.id)
    )
    for template, code in rows:
        if code in copied:
            values = {name: getattr(template, name) for name in TEMPLATE_FIELDS}
            db.session.add(BadgeTemplate(category_id=copied[code], **values))
