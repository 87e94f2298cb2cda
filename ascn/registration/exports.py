"""Registration lists as `.xlsx` and `.csv`, with headings in the reader's language,
written by `ascn.spreadsheets` (formula guard, byte-order mark, sheet name)."""

from collections.abc import Iterable
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ascn import spreadsheets
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.i18n import document
from ascn.registration import catering
from ascn.registration.models import RANK_LABELS, STATUS_LABELS, Registration
from ascn.registration.people import display_mobile


class _Names:
    """Every label an export repeats, translated once per file rather than once per cell:
    a list of thousands spends its time here otherwise."""

    def __init__(self, event: Event):
        self.event = event
        self.status = {code: str(label) for code, label in STATUS_LABELS.items()}
        self.rank = {code: str(label) for code, label in RANK_LABELS.items()}
        self.country = {c.id: c.name for c in db.session.scalars(select(Country))}
        self.category = {c.id: c.label for c in db.session.scalars(select(Category))}
        self.mobile = lru_cache(maxsize=None)(display_mobile)
        self.dietary = catering.labels_by_registration(event)
        self.prefix = event.reference_prefix


COLUMNS = (
    (_l("Number"), lambda r, n: r.id),
    (_l("Status"), lambda r, n: n.status[r.status]),
    (_l("Honorific"), lambda r, n: r.honorific),
    (_l("Given name(s)"), lambda r, n: r.given_names),
    (_l("Family name"), lambda r, n: r.family_name),
    (_l("Name on the badge"), lambda r, n: r.badge_name),
    (_l("Name in Latin letters"), lambda r, n: r.latin_name),
    (_l("Country or organisation"), lambda r, n: n.country.get(r.country_id, "")),
    (_l("Organisation"), lambda r, n: r.organisation),
    (_l("Position"), lambda r, n: r.position),
    (_l("Category"), lambda r, n: n.category.get(r.category_id, "")),
    (_l("Protocol rank"), lambda r, n: n.rank[r.protocol_rank]),
    (_l("Head of Delegation"), lambda r, n: "✓" if r.is_head else ""),
    (_l("Email"), lambda r, n: r.email),
    (_l("Mobile"), lambda r, n: n.mobile(r.mobile)),
    (_l("Dietary requirements"), lambda r, n: ", ".join(n.dietary.get(r.id, ()))),
    (_l("Allergies or other dietary needs"), lambda r, n: r.dietary),
    (_l("Accessibility needs"), lambda r, n: r.accessibility),
    (_l("Registered"), lambda r, n: n.event.local(r.created_at).strftime("%Y-%m-%d %H:%M")),
    (_l("Reference number"), lambda r, n: f"{n.prefix}-{r.reference_no:05d}" if r.reference_no else ""),
)


def _rows(registrations: Iterable[Registration], event: Event):
    names = _Names(event)
    for registration in registrations:
        yield [get(registration, names) for _, get in COLUMNS]


def _headings() -> list[str]:
    return [str(title) for title, _ in COLUMNS]


@document
def to_csv(registrations: Iterable[Registration], event: Event, language: str | None = None) -> bytes:
    return spreadsheets.csv_bytes(_headings(), _rows(registrations, event))


@document
def to_xlsx(
    registrations: Iterable[Registration], event: Event, title: str, language: str | None = None
) -> bytes:
    return spreadsheets.xlsx(title, _headings(), _rows(registrations, event), fallback="Registrations")
