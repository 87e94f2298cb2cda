"""What a registration holds about a person, checked the same way whoever types it:
the public form, a delegate's edit, a focal point's form and a spreadsheet row."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn.accounts.services import normalise_email
from ascn.errors import ServiceError
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.ids import parse_id
from ascn.registration.models import PROTOCOL_RANKS, Registration
from ascn.registration.people import is_latin, name_key, normalise_mobile, search_text
from ascn.textlimits import limit

PERSONAL_FIELDS = (
    "honorific",
    "given_names",
    "family_name",
    "badge_name",
    "latin_name",
    "position",
    "organisation",
    "mobile",
    "dietary",
    "accessibility",
    "locale",
)
# Read from the columns (see ascn.textlimits): the forms take theirs from here.
LIMITS = {
    name: limit(getattr(Registration, name))
    for name in (*PERSONAL_FIELDS, "email")
    if name not in ("mobile", "locale")
}


def clean(event: Event, values: dict, fields=PERSONAL_FIELDS, region: str | None = None) -> dict:
    """The values of `fields`, tidied and checked; the first problem is raised with the
    field it concerns."""
    out = {}
    for name in fields:
        value = values.get(name)
        if isinstance(value, str):
            value = " ".join(value.split()) if name not in ("dietary", "accessibility") else value.strip()
        out[name] = value if value is not None else ""
        if isinstance(out[name], str) and name in LIMITS and len(out[name]) > LIMITS[name]:
            raise ServiceError(
                _l("Field cannot be longer than %(max)d characters.", max=LIMITS[name]), field=name
            )
    if "given_names" in fields and not out["given_names"]:
        raise ServiceError(_l("Please give your given name(s)."), field="given_names")
    if "badge_name" in fields and not out["badge_name"]:
        names = (values.get("given_names") or "", values.get("family_name") or "")
        out["badge_name"] = " ".join(" ".join(names).split())  # both parts fit the column
    if out.get("latin_name") and not is_latin(out["latin_name"]):
        raise ServiceError(
            _l("Write this name in Latin letters only (A–Z, accents allowed)."), field="latin_name"
        )
    if "locale" in fields and out["locale"] not in ("en", "ms"):
        raise ServiceError(_l("Not a valid choice."), field="locale")
    if "country_id" in fields:
        country = db.session.get(Country, parse_id(out["country_id"]))
        if country is None:
            raise ServiceError(_l("Choose a country or organisation from the list."), field="country_id")
        out["country_id"], region = country.id, country.code
    if "mobile" in fields:
        out["mobile"] = normalise_mobile(out["mobile"], region)
    if "category_id" in fields:
        category = db.session.get(Category, parse_id(out["category_id"]))
        if category is None or category.event_id != event.id:
            raise ServiceError(_l("Choose a category from the list."), field="category_id")
        out["category_id"] = category.id
    if "protocol_rank" in fields and out["protocol_rank"] not in PROTOCOL_RANKS:
        raise ServiceError(_l("Choose a protocol rank from the list."), field="protocol_rank")
    if "email" in fields:
        out["email"] = normalise_email(out["email"])
        if "@" not in out["email"]:
            raise ServiceError(_l("Invalid email address."), field="email")
    return out


def apply(registration: Registration, values: dict) -> dict[str, tuple]:
    """Set the values; return what changed as {field: (old, new)}."""
    changed = {}
    for name, value in values.items():
        old = getattr(registration, name)
        if old != value:
            changed[name] = (old, value)
            setattr(registration, name, value)
    refresh_search(registration)
    return changed


def refresh_search(registration: Registration) -> None:
    """The search text and the keys that find likely duplicates (ascn.registration.duplicates)."""
    registration.name_key = name_key(
        registration.latin_name or f"{registration.given_names or ''} {registration.family_name or ''}"
    )
    registration.badge_key = name_key(registration.badge_name or "")
    registration.search_text = search_text(
        registration.given_names,
        registration.family_name,
        registration.badge_name,
        registration.latin_name,
        registration.email,
    )


def registration_for_email(event_id: int, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event_id, Registration.email == normalise_email(email)
        )
    )
