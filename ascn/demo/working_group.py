"""The demo's second meeting: an ASCN working-group meeting still to come, with registration
open, so that every page can be tried today beside the past ASCN8. It is made the way an
organiser would make it, by copying ASCN8's settings (categories and badge templates, rooms
and session types, countries and quotas, privacy notice), and shares people with ASCN8 (a
few delegates registered at both, the same focal point for Malaysia, an ASCN8 staff member
who is a delegate here)."""

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.demo.records import count, get_or_add
from ascn.events import copying
from ascn.events.models import Category, Country, Event, EventRole
from ascn.extensions import db
from ascn.registration import quotas
from ascn.registration.details import refresh_search
from ascn.registration.models import Delegation, Registration

SLUG = "ascn-wg-mobility"

# Who makes the copy (and so organises it), and the rest of its team.
MADE_BY = "organiser2@ascn8.example"
TEAM = [
    ("organiser@ascn8.example", "organiser"),
    ("staff@ascn8.example", "staff"),
]
# ASCN8 delegates who also come to the working group, and its status for each.
RETURNING = 6


def _event_values(today) -> dict:
    """Dates relative to the day the demo is loaded: the meeting is always ahead, and its
    registration always open."""
    start = today + timedelta(days=75)
    return dict(
        short_name="ASCN WG Mobility",
        name_en="ASCN Working Group Meeting on Smart Mobility",
        name_ms="Mesyuarat Kumpulan Kerja ASCN mengenai Mobiliti Pintar",
        theme_en="Moving people well: shared data for urban transport in ASEAN cities",
        theme_ms="Menggerakkan rakyat dengan baik: data dikongsi untuk pengangkutan bandar di ASEAN",
        description_en=(
            "Transport officials of the network's cities meet for two days to agree on shared "
            "mobility data and review pilot projects."
        ),
        description_ms=(
            "Pegawai pengangkutan bandar-bandar rangkaian bermesyuarat selama dua hari untuk "
            "bersetuju tentang data mobiliti yang dikongsi dan menyemak projek perintis."
        ),
        venue_en="Putrajaya International Convention Centre",
        venue_ms="Pusat Konvensyen Antarabangsa Putrajaya",
        city_en="Putrajaya",
        city_ms="Putrajaya",
        start_date=start,
        end_date=start + timedelta(days=1),
        timezone="Asia/Kuala_Lumpur",
        registration_opens_at=datetime.combine(today - timedelta(days=14), time(1), tzinfo=timezone.utc),
        registration_closes_at=datetime.combine(
            start - timedelta(days=10), time(15, 59), tzinfo=timezone.utc
        ),
    )


def seed_working_group(ascn8: Event, added: dict) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == SLUG)) or _copy(ascn8, added)
    categories = {
        c.code: c for c in db.session.scalars(select(Category).where(Category.event_id == event.id))
    }
    for email, role in TEAM:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            get_or_add(EventRole, {"event_id": event.id, "user_id": user.id}, {"role": role}, added)
    malaysia = db.session.scalar(select(Country).where(Country.code == "MY"))
    focal = db.session.scalar(select(User).where(User.email == "focal.my@ascn8.example"))
    if focal is not None and malaysia is not None:
        get_or_add(
            EventRole,
            {"event_id": event.id, "user_id": focal.id},
            {"role": "focal_point", "country_id": malaysia.id},
            added,
        )
    db.session.flush()
    _returning_delegates(ascn8, event, categories, added)
    _staff_as_delegate(event, categories["delegate"], malaysia, added)
    db.session.flush()
    for delegation in db.session.scalars(select(Delegation).where(Delegation.event_id == event.id)):
        delegation.members_count, delegation.heads_count = quotas.used_places(event.id, delegation.country_id)
    return event


def _copy(ascn8: Event, added: dict) -> Event:
    """The meeting as an organiser makes it on the new-event page, then fills in."""
    db.session.commit()  # the copy is a unit of work of its own, after ASCN8's rows
    values = _event_values(utcnow().date())
    event = copying.copy_event(
        ascn8,
        SLUG,
        values["short_name"],
        values["name_en"],
        values["name_ms"],
        values["start_date"],
        values["end_date"],
        copying.PARTS,
        db.session.scalar(select(User).where(User.email == MADE_BY)),
    )
    for name, value in values.items():
        setattr(event, name, value)
    count(added, "event")
    return event


def _returning_delegates(ascn8: Event, event: Event, categories: dict, added: dict) -> None:
    """A few approved ASCN8 delegates of different countries register for the working group."""
    seen_countries: set[int] = set()
    rows = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == ascn8.id,
            Registration.status == "approved",
            Registration.is_head.is_(False),
            Registration.user_id.is_not(None),
        )
        .order_by(Registration.id)
    )
    chosen = []
    for row in rows:
        if row.country_id not in seen_countries and not row.email.startswith("focal."):
            seen_countries.add(row.country_id)
            chosen.append(row)
        if len(chosen) == RETURNING:
            break
    for index, old in enumerate(chosen):
        _register(
            event, old.user_id, old, categories["delegate"], "approved" if index % 3 else "pending", added
        )


def _staff_as_delegate(event: Event, category: Category, malaysia: Country | None, added: dict) -> None:
    """Staff at ASCN8, a delegate of Malaysia at the working group."""
    user = db.session.scalar(select(User).where(User.email == "staff2@ascn8.example"))
    if user is None or malaysia is None:
        return
    names = dict(
        given_names="Wei Ling",
        family_name="Lim",
        badge_name=user.full_name,
        country_id=malaysia.id,
        position="Penolong Pengarah",
        organisation="Kementerian Pengangkutan Malaysia",
        email=user.email,
        locale=user.locale,
    )
    _register(event, user.id, names, category, "pending", added)


def _register(event: Event, user_id: int, source, category: Category, status: str, added: dict) -> None:
    fields = ("honorific", "given_names", "family_name", "badge_name", "latin_name", "country_id",
              "position", "organisation", "email", "locale", "mobile")  # fmt: skip
    if isinstance(source, dict):
        values = source
    else:
        values = {name: getattr(source, name) for name in fields}
    exists = db.session.scalar(
        select(Registration.id).where(
            Registration.event_id == event.id, Registration.email == values["email"]
        )
    )
    if exists:
        return
    registration = Registration(
        event_id=event.id,
        user_id=user_id,
        category_id=category.id,
        status=status,
        registered_by_id=user_id,
        consent_at=utcnow(),
        **values,
    )
    refresh_search(registration)
    db.session.add(registration)
    count(added, "registration")
