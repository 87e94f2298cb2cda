"""Loads the ASCN8 demo. Idempotent: rows are found by their natural keys and only
missing ones are added, so a second run changes nothing."""

import re
import unicodedata
from datetime import date, datetime, timezone

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.demo.badges import seed_badges
from ascn.demo.bilaterals import seed_bilaterals
from ascn.demo.checkin import seed_checkin
from ascn.demo.countries import COUNTRIES
from ascn.demo.names import DELEGATE_NAMES
from ascn.demo.programme import seed_programme
from ascn.demo.records import DEMO_PASSWORD, demo_password_hash, get_or_add
from ascn.demo.registrations import seed_registrations
from ascn.demo.reviews import seed_reviews
from ascn.demo.visits import seed_visits
from ascn.demo.working_group import seed_working_group
from ascn.events.models import EVENT_ROLES, Category, Country, Event, EventRole
from ascn.extensions import db
from ascn.registration import references
from ascn.registration.models import DietaryOption, Registration, RegistrationDietary

EVENT = dict(
    slug="ascn8",
    short_name="ASCN8",
    name_en="8th ASEAN Smart Cities Network Annual Meeting",
    name_ms="Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-8",
    theme_en="Fostering Stronger Cooperation Towards Common Goal for Smart and Sustainable "
    "Urban Development in ASEAN",
    theme_ms="Memupuk Kerjasama yang Lebih Erat ke Arah Matlamat Bersama bagi Pembangunan "
    "Bandar yang Pintar dan Mampan di ASEAN",
    description_en=(
        "The ASEAN Smart Cities Network brings together the network's member cities, the "
        "ASEAN Member States and their partners to share how cities use technology and "
        "good governance to improve the lives of their people.\n\n"
        "Malaysia hosts the eighth annual meeting in Kuala Lumpur: five days of plenaries, "
        "policy and technical dialogues, Smart City Expert Talks, the Smart City Connect "
        "Exhibition and site visits to Putrajaya."
    ),
    description_ms=(
        "Rangkaian Bandar Pintar ASEAN menghimpunkan bandar-bandar anggota rangkaian, "
        "Negara Anggota ASEAN dan rakan kerjasama mereka untuk berkongsi cara bandar "
        "menggunakan teknologi dan tadbir urus yang baik bagi meningkatkan kesejahteraan "
        "rakyat.\n\n"
        "Malaysia menjadi tuan rumah mesyuarat tahunan kelapan di Kuala Lumpur: lima hari "
        "sesi pleno, dialog dasar dan teknikal, Smart City Expert Talks, Pameran Smart City "
        "Connect dan lawatan teknikal ke Putrajaya."
    ),
    venue_en="Hotel Shangri-La",
    venue_ms="Hotel Shangri-La",
    city_en="Kuala Lumpur",
    city_ms="Kuala Lumpur",
    start_date=date(2025, 9, 8),
    end_date=date(2025, 9, 12),
    timezone="Asia/Kuala_Lumpur",
    registration_opens_at=datetime(2025, 6, 2, 1, 0, tzinfo=timezone.utc),
    registration_closes_at=datetime(2025, 8, 29, 15, 59, tzinfo=timezone.utc),
    contact_email="secretariat@ascn8.example",
    privacy_notice_en=(
        "The ASCN8 secretariat keeps the details you give here to accredit you, print your "
        "badge and organise the meeting. They are deleted after the meeting."
    ),
    privacy_notice_ms=(
        "Sekretariat ASCN8 menyimpan butiran yang anda berikan di sini untuk akreditasi, "
        "mencetak pas anda dan menganjurkan mesyuarat. Butiran ini dipadam selepas mesyuarat."
    ),
)

# (code, English, Malay, colour, a delegate may choose it, a focal point may choose it):
# speakers are invited by the programme team, organisers and staff named by the
# secretariat, and the Head of Delegation's category comes with the head designation.
CATEGORIES = [
    ("head_of_delegation", "Head of Delegation", "Ketua Delegasi", "#8b1a1a", False, False),
    ("delegate", "Delegate", "Perwakilan", "#0b5d6b", True, True),
    ("speaker", "Speaker", "Penceramah", "#6a1b9a", False, False),
    ("media", "Media", "Media", "#e65100", True, True),
    ("observer", "Observer", "Pemerhati", "#546e7a", True, True),
    ("partner", "Partner", "Rakan Kerjasama", "#2e7d32", True, False),
    ("organiser", "Organiser", "Penganjur", "#1565c0", False, False),
    ("staff", "Staff", "Petugas", "#37474f", False, False),
]

STAFF_ACCOUNTS = [
    ("admin@ascn8.example", "Nurul Aina binti Hashim", "admin", "ms"),
    ("organiser@ascn8.example", "Ahmad Faizal bin Rahman", "organiser", "ms"),
    ("organiser2@ascn8.example", "Siti Mariam binti Osman", "organiser", "en"),
    ("staff@ascn8.example", "Kumaresan a/l Subramaniam", "staff", "ms"),
    ("staff2@ascn8.example", "Lim Wei Ling", "staff", "en"),
]


# What the ASCN8 secretariat asked caterers to count (English, Malay).
DIETARY_OPTIONS = [
    ("Halal", "Halal"),
    ("Vegetarian", "Vegetarian"),
    ("No beef", "Tiada daging lembu"),
    ("Seafood allergy", "Alahan makanan laut"),
]


def _seed_catering_and_references(event: Event, working_group: Event, added: dict) -> None:
    """The dietary options of both meetings, a tick on some ASCN8 delegates, and reference
    numbers for the demo's registrations (made without the registration service), in the
    order they were made."""
    options = [
        get_or_add(
            DietaryOption, {"event_id": meeting.id, "label_en": en}, {"label_ms": ms, "sort_order": n}, added
        )
        for meeting in (event, working_group)
        for n, (en, ms) in enumerate(DIETARY_OPTIONS)
    ]
    db.session.flush()
    unnumbered = select(Registration).where(Registration.reference_no.is_(None)).order_by(Registration.id)
    for n, registration in enumerate(db.session.scalars(unnumbered).all()):
        references.assign(registration)
        if registration.event_id == event.id and n % 3 == 0:
            db.session.add(RegistrationDietary(registration_id=registration.id, option_id=options[n % 2].id))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", plain.lower()).strip(".")


def seed() -> str:
    added: dict[str, int] = {}
    event = get_or_add(Event, {"slug": EVENT["slug"]}, {k: v for k, v in EVENT.items() if k != "slug"}, added)
    for order, (code, en, ms, colour, by_delegate, by_focal_point) in enumerate(CATEGORIES):
        get_or_add(
            Category,
            {"event": event, "code": code},
            {
                "label_en": en,
                "label_ms": ms,
                "colour": colour,
                "sort_order": order,
                "delegate_may_choose": by_delegate,
                "focal_point_may_choose": by_focal_point,
            },
            added,
        )
    countries = {}
    for order, (code, en, ms, group) in enumerate(COUNTRIES):
        countries[code] = get_or_add(
            Country,
            {"code": code},
            {"name_en": en, "name_ms": ms, "country_group": group, "sort_order": order},
            added,
        )
    db.session.flush()
    now = utcnow()

    def account(email, name, role, locale, country=None):
        """The account, and its role at the event (administrators are global)."""
        user = get_or_add(
            User,
            {"email": email},
            {
                "full_name": name,
                "role": "admin" if role == "admin" else "delegate",
                "locale": locale,
                "password_hash": demo_password_hash(),
                "email_confirmed_at": now,
            },
            added,
        )
        if role in EVENT_ROLES:
            db.session.flush()
            get_or_add(
                EventRole,
                {"event_id": event.id, "user_id": user.id},
                {"role": role, "country_id": country.id if country else None},
                added,
            )
        return user

    for email, name, role, locale in STAFF_ACCOUNTS:
        account(email, name, role, locale)
    members = {}  # the member states' accounts by (country id, name), for their registrations
    for code, people in DELEGATE_NAMES.items():
        country = countries[code]
        locale = "ms" if code in ("MY", "BN") else "en"
        focal = account(f"focal.{code.lower()}@ascn8.example", people[0][3], "focal_point", locale, country)
        members[(country.id, people[0][3])] = focal
        for _honorific, _given, _family, badge_name, latin in people[1:]:
            email = f"{_slug(latin)[:40].strip('.')}.{code.lower()}@ascn8.example"
            members[(country.id, badge_name)] = account(email, badge_name, "delegate", locale)
    seed_registrations(event, countries, members, added)
    seed_programme(event, added)
    seed_visits(event, added)
    db.session.flush()  # the categories' ids, for their badge templates
    seed_badges(event, added)
    seed_reviews(event, added)
    working_group = seed_working_group(event, added)
    seed_checkin(event, working_group, added)
    seed_bilaterals(working_group, added)
    _seed_catering_and_references(event, working_group, added)
    db.session.commit()
    summary = ", ".join(f"{count} {table}" for table, count in sorted(added.items())) or "nothing"
    return (
        f"Demo loaded: ASCN8 at /{event.slug}/ (past) and {working_group.short_name} at "
        f"/{working_group.slug}/ (registration open) (added {summary}).\n"
        f"Demo logins, password '{DEMO_PASSWORD}' for all:\n"
        + "\n".join(f"  {role:<12} {email}" for email, _, role, _ in STAFF_ACCOUNTS)
        + "\n  (organiser2@ organises the working group too, staff2@ is a delegate there)"
        + "\n  focal_point  focal.my@ascn8.example (one per member state: focal.<code>@...)"
        + "\n  delegate     any delegate account listed under Accounts, e.g. "
        + _first_delegate_email()
    )


def _first_delegate_email() -> str:
    """A delegate who has an approved registration, so that the login shows one."""
    return (
        db.session.scalar(
            select(User.email)
            .join(Registration, Registration.user_id == User.id)
            .where(Registration.status == "approved", ~User.email.startswith("focal."))
            .order_by(User.id)
            .limit(1)
        )
        or ""
    )
