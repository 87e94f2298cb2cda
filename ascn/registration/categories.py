"""Which categories a delegate registering themselves, or a focal point naming
delegates, may choose (a rule over the organisers' marks on each category). Every other
category is the secretariat's to give, and the Head of Delegation's goes with the head
designation only. The services check a chosen id here, so a forged form changes nothing."""

from flask_babel import lazy_gettext as _l

from ascn.errors import ServiceError
from ascn.events.models import Category, Event

# Who chooses → the organisers' mark that lets them.
CHOOSERS = {"delegate": "delegate_may_choose", "focal_point": "focal_point_may_choose"}


def may_choose(category: Category, chooser: str) -> bool:
    return not category.is_head_category and getattr(category, CHOOSERS[chooser])


def choosable(event: Event, chooser: str, current: int | None = None) -> list[Category]:
    """The event's categories `chooser` may choose, in list order, and `current` (the
    category a registration already has) whatever it is."""
    return [c for c in event.categories if c.id == current or may_choose(c, chooser)]


def check_choice(event: Event, category_id, chooser: str, current: int | None = None) -> None:
    """Refuse a category `chooser` may not give; `current` is kept as it is."""
    category = next((c for c in event.categories if str(c.id) == str(category_id)), None)
    if category is None:
        raise ServiceError(_l("Choose a category from the list."), field="category_id")
    if category.id != current and not may_choose(category, chooser):
        raise ServiceError(
            _l(
                "The category %(category)s is given by the secretariat only: choose another one.",
                category=category.label,
            ),
            field="category_id",
        )
