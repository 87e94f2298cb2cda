"""Event rules: the current event, its settings and its participant categories."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ascn import dates
from ascn.errors import ServiceError
from ascn.events.models import COUNTRY_GROUPS, HEAD_CATEGORY_CODE, Category, Country, Event
from ascn.extensions import db
from ascn.transactions import conflict_refused, unit_of_work

EVENT_FIELDS = (
    "short_name",
    "name_en",
    "name_ms",
    "theme_en",
    "theme_ms",
    "description_en",
    "description_ms",
    "venue_en",
    "venue_ms",
    "city_en",
    "city_ms",
    "start_date",
    "end_date",
    "timezone",
    "registration_opens_at",
    "registration_closes_at",
    "delegate_notice_en",
    "delegate_notice_ms",
    "contact_email",
)
CATEGORY_FIELDS = (
    "code", "label_en", "label_ms", "colour", "sort_order", "delegate_may_choose", "focal_point_may_choose",
)  # fmt: skip
COUNTRY_FIELDS = ("code", "name_en", "name_ms", "country_group", "sort_order")


def lock(event_id: int, shared: bool = False) -> Event | None:
    """Helper: take the event's row lock, level 0 of docs/ARCHITECTURE.md. A change of the
    settings a copy reads (categories, badge templates) takes it exclusively, a copy
    `shared`: a copy then reads the settings of before or after a change, never half of it."""
    return db.session.scalar(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update(read=shared)
        .execution_options(populate_existing=True)
    )


@unit_of_work
def update_event(event: Event, **values) -> None:
    """Save the event's settings. Registration times without a time zone are read as typed
    in the event's own time zone."""
    for name in ("registration_opens_at", "registration_closes_at"):
        if values[name] is not None:  # on the clock of the zone chosen in the same form
            values[name] = dates.to_utc(values[name], values["timezone"])
    if not (values.get("name_en") or values.get("name_ms")):
        raise ServiceError(_l("Give the event a name in at least one language."), field="name_en")
    if values["end_date"] < values["start_date"]:
        raise ServiceError(_l("The event cannot end before it starts."), field="end_date")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise ServiceError(_l("Registration must close after it opens."), field="registration_closes_at")
    opening = values["registration_opens_at"]
    if opening is not None and opening != event.registration_opens_at and not event.has_privacy_notice:
        # A registration asks consent to the notice: without one, nobody could give it (and
        # `Event.registration_state` keeps the pages closed meanwhile).
        raise ServiceError(
            _l("Registration cannot open before the privacy notice is written (registration settings)."),
            field="registration_opens_at",
        )
    values["contact_email"] = (values.get("contact_email") or "").strip().lower()
    for name in EVENT_FIELDS:
        setattr(event, name, values[name])


def countries() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.sort_order, Country.name_en)))


def countries_by_group() -> list[tuple[str, list[Country]]]:
    every = countries()
    return [(group, [c for c in every if c.country_group == group]) for group in COUNTRY_GROUPS]


@unit_of_work
def save_category(event: Event, category: Category | None, **values) -> Category:
    if not (values.get("label_en") or values.get("label_ms")):
        raise ServiceError(_l("Give the category a label in at least one language."), field="label_en")
    lock(event.id)
    code = values["code"].strip().lower()
    clash = db.session.scalar(
        select(Category).where(Category.event_id == event.id, func.lower(Category.code) == code)
    )
    if clash is not None and clash is not category:
        raise ServiceError(_l("Another category already uses this code."), field="code")
    chosen_in_forms = values.get("delegate_may_choose") or values.get("focal_point_may_choose")
    if code == HEAD_CATEGORY_CODE and chosen_in_forms:
        raise ServiceError(
            _l("The Head of Delegation's category comes with the head designation: no form offers it."),
            field="delegate_may_choose",
        )
    # the same code saved twice at the same moment: the unique index refuses the second
    with conflict_refused(_l("Another category already uses this code."), field="code"):
        if category is None:
            category = Category(event=event)
            db.session.add(category)
        for name in CATEGORY_FIELDS:
            setattr(category, name, values[name])
        category.code, category.colour = code, values["colour"].lower()
    return category


def category_for(event: Event, category_id: int) -> Category | None:
    return db.session.scalar(
        select(Category).where(Category.id == category_id, Category.event_id == event.id)
    )


@unit_of_work
def delete_category(category: Category) -> None:
    lock(category.event_id)
    # registrations or badge templates still use it: their foreign keys refuse
    with conflict_refused(_l("This category is in use and cannot be deleted.")):
        db.session.delete(category)


@unit_of_work
def save_country(country: Country | None, **values) -> Country:
    if not (values.get("name_en") or values.get("name_ms")):
        raise ServiceError(_l("Give a name in at least one language."), field="name_en")
    if values["country_group"] not in COUNTRY_GROUPS:
        raise ServiceError(_l("Choose a group."), field="country_group")
    code = values["code"].strip().upper()
    clash = db.session.scalar(select(Country).where(func.upper(Country.code) == code))
    if clash is not None and clash is not country:
        raise ServiceError(_l("Another country or organisation already uses this code."), field="code")
    with conflict_refused(_l("Another country or organisation already uses this code."), field="code"):
        if country is None:
            country = Country()
            db.session.add(country)
        for name in COUNTRY_FIELDS:
            setattr(country, name, values[name])
        country.code = code
    return country
