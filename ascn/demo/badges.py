"""Badge templates of the demo: one per category, so that a batch of every approved
demo delegate prints out of the box. Media badges are cards for the card printer."""

from ascn.badges.models import BadgeTemplate
from ascn.demo.records import get_or_add
from ascn.events.models import Event

LAYOUTS = {"media": "cr80"}
SHORT_LABELS = {"head_of_delegation": ("HEAD OF DELEGATION", "KETUA DELEGASI")}


def seed_badges(event: Event, added: dict) -> None:
    for category in event.categories:
        label_en, label_ms = SHORT_LABELS.get(category.code, (category.label_en, category.label_ms))
        get_or_add(
            BadgeTemplate,
            {"category": category},
            {
                "layout": LAYOUTS.get(category.code, "a6"),
                "colour": category.colour,
                "label_en": label_en,
                "label_ms": label_ms,
                "show_photo": True,
                "show_position": True,
                "show_organisation": True,
                "show_country": True,
                "show_logo": True,
            },
            added,
        )
