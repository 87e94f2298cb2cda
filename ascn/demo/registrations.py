"""Registrations of the ASCN8 demo: a delegation with its quota for every member state,
its delegates in every state an organiser meets (approved, pending, rejected, cancelled),
a few partner countries and organisations, the decision log, and badge photos drawn on
the fly.

Each country draws from its own seeded random generator, so every run plans the same
people with the same details; whoever already has a registration is skipped, which makes
a second run add nothing. No email is queued: the demo's delegates never asked for one.
"""

import io
import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import phonenumbers
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.demo.delegates import (
    ACCESSIBILITY,
    CANCELLATION_REASONS,
    HEADS,
    MUSLIM_NAME_PARTS,
    ORGANISATIONS,
    PARTNERS,
    POSITIONS,
    REJECTION_REASONS,
    ROLE_CATEGORY,
    ROLE_RANK,
    SEAT_REGION,
)
from ascn.demo.names import DELEGATE_NAMES
from ascn.demo.portraits import portrait_png
from ascn.demo.records import count, demo_password_hash
from ascn.events.models import Category, Country, Event
from ascn.extensions import db
from ascn.registration import details, quotas
from ascn.registration.models import Delegation, Registration, RegistrationChange, RejectionReason
from ascn.registration.photos import process_photo
from ascn.registration.registering import REGISTER_FIELDS, store_photo

ORGANISER_EMAIL = "organiser@ascn8.example"
QUOTA, HEAD_QUOTA = 20, 1
OPENS = datetime(2025, 6, 2, 2, 0, tzinfo=timezone.utc)
CLOSES = datetime(2025, 8, 29, 9, 0, tzinfo=timezone.utc)
PHOTO_SHARE = 0.85  # the rest stay without a photo, as some delegates always do


@dataclass
class Plan:
    """One registration to make, with everything decided in advance."""

    user: User
    country: Country
    names: tuple[str, str, str, str, str]  # honorific, given, family, badge, latin
    category: str
    rank: str
    is_head: bool
    position: str
    organisation: str
    status: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    registered_by: User
    mobile: str
    dietary: str
    accessibility: str
    photo: bool


def seed_registrations(event: Event, countries: dict[str, Country], accounts: dict, added: dict) -> None:
    """`accounts`: the member states' demo accounts by (country id, full name)."""
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER_EMAIL))
    categories = {
        c.code: c for c in db.session.scalars(select(Category).where(Category.event_id == event.id))
    }
    taken = set(db.session.scalars(select(Registration.email).where(Registration.event_id == event.id)))
    delegations = [_delegation(event, countries[code], added) for code in DELEGATE_NAMES]
    plans = [*_member_plans(countries, accounts), *_partner_plans(countries, organiser, added)]
    made = []
    for plan in plans:
        if plan.user.email not in taken:
            made.append((_registration(event, plan, categories), plan))
    db.session.flush()  # the ids, for the log and the photos
    # Without autoflush the photos' and log's rows go to the database in one batch at the
    # end, not one flush per lookup that `store_photo` makes.
    with db.session.no_autoflush:
        for registration, plan in made:
            _log(registration, plan, organiser, added)
            if plan.photo:
                # Through the upload path, so the demo's photos are stored exactly as a delegate's.
                store_photo(registration, process_photo(io.BytesIO(portrait_png(plan.names[3]))))
                registration.updated_at = plan.decided_at or plan.created_at
                count(added, "registration_photo")
    count(added, "registration", len(made))
    db.session.flush()
    for delegation in delegations:
        delegation.members_count, delegation.heads_count = quotas.used_places(event.id, delegation.country_id)
    _rejection_reasons(event, added)


# The reasons a secretariat gives most, ready to choose when rejecting (registration.reasons).
PRESET_REASONS = (
    (
        ("Photo not passport-style", "Foto bukan gaya pasport"),
        (
            "Your photo must be a recent passport-style photo with your face centred. Please upload a new one.",
            "Foto anda mesti foto gaya pasport terkini dengan wajah di tengah. Sila muat naik foto baharu.",
        ),
    ),
    (
        ("Not nominated by the delegation", "Tidak dicalonkan oleh delegasi"),
        (
            "Your delegation's focal point has not nominated you for this meeting.",
            "Pegawai penghubung delegasi anda tidak mencalonkan anda untuk mesyuarat ini.",
        ),
    ),
)


def _rejection_reasons(event: Event, added: dict) -> None:
    if db.session.scalar(select(RejectionReason.id).where(RejectionReason.event_id == event.id).limit(1)):
        return
    for (label_en, label_ms), (text_en, text_ms) in PRESET_REASONS:
        db.session.add(
            RejectionReason(
                event_id=event.id, label_en=label_en, label_ms=label_ms, text_en=text_en, text_ms=text_ms
            )
        )
        count(added, "rejection_reason")


def _delegation(event: Event, country: Country, added: dict) -> Delegation:
    delegation = db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.country_id == country.id)
    )
    if delegation is None:
        delegation = Delegation(event_id=event.id, country_id=country.id, quota=QUOTA, head_quota=HEAD_QUOTA)
        db.session.add(delegation)
        count(added, "delegation")
    return delegation


def _member_plans(countries: dict[str, Country], accounts: dict):
    for code, people in DELEGATE_NAMES.items():
        yield from _delegation_plans(code, people, countries[code], accounts)


def _delegation_plans(code: str, people: list[tuple], country: Country, accounts: dict):
    """Every demo account of the country bar a few who have not registered yet; at most
    QUOTA members and the head hold a place, the others were rejected or withdrawn."""
    rng = random.Random(f"ascn8-registrations-{code}")
    head, head_rank, head_position = HEADS[code]
    ministry, bodies, university, media, think_tank = ORGANISATIONS[code]
    keep = {0, head, len(people) - 1} | {i for c, i in ACCESSIBILITY if c == code}
    not_yet = set(rng.sample([i for i in range(len(people)) if i not in keep], rng.choice((3, 4, 5))))
    members = [i for i in range(len(people)) if i not in not_yet and i != head]
    withdrawn = set(rng.sample(members[1:], max(0, len(members) - QUOTA) + rng.choice((0, 1))))
    roles = {i: "focal" if i == 0 else _role_by_honorific(people[i][0]) for i in members}
    plain = [i for i in members if roles[i] == "delegate" and i not in withdrawn]
    rng.shuffle(plain)
    for role in ("support", "support", "media" if media else "", "observer" if think_tank else ""):
        if role:
            roles[plain.pop()] = role
    roles[head] = "head"
    words = POSITIONS["ms" if code == "MY" else "en"]
    focal = accounts.get((country.id, people[0][3]))
    for index in sorted(roles):
        user, role = accounts.get((country.id, people[index][3])), roles[index]
        if user is None or focal is None:  # an account renamed or removed since
            continue
        if index in withdrawn:
            status = "rejected" if rng.random() < 0.5 else "cancelled"
        else:
            status = "pending" if role != "head" and rng.random() < 0.15 else "approved"
        organisation = {
            "head": ministry,
            "focal": ministry,
            "support": ministry,
            "speaker": university,
            "media": media,
            "observer": think_tank,
        }.get(role) or rng.choice((ministry, *bodies))
        yield _plan(
            rng,
            user=user,
            country=country,
            names=people[index],
            category=ROLE_CATEGORY.get(role, "delegate"),
            rank=head_rank if role == "head" else ROLE_RANK.get(role, "delegate"),
            is_head=role == "head",
            position=head_position if role == "head" else rng.choice(words[role]),
            organisation=organisation,
            status=status,
            registered_by=user if role in ("focal", "head") or rng.random() < 0.4 else focal,
            accessibility=ACCESSIBILITY.get((code, index), ""),
        )


def _role_by_honorific(honorific: str) -> str:
    if honorific == "Prof":
        return "speaker"
    return "senior" if honorific in ("H.E.", "Dr", "Dato'", "Tan Sri", "Datin") else "delegate"


def _partner_plans(countries: dict[str, Country], organiser: User, added: dict):
    """A few partners and organisations, each with a delegate account of their own."""
    rng = random.Random("ascn8-registrations-partners")
    for code, honorific, given, family, badge, position, organisation, category, status in PARTNERS:
        country = countries[code]
        latin = _strip_accents(f"{family} {given}" if code == "CN" else f"{given} {family}")
        email = f"{_email_slug(latin)}.{code.lower()}@ascn8.example"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                full_name=badge,
                role="delegate",
                locale="en",
                password_hash=demo_password_hash(),
                email_confirmed_at=utcnow(),
            )
            db.session.add(user)
            count(added, "user_account")
        yield _plan(
            rng,
            user=user,
            country=country,
            names=(honorific, given, family, badge, latin),
            category=category,
            rank="delegate",
            is_head=False,
            position=position,
            organisation=organisation,
            status=status,
            registered_by=user,
            accessibility="",
        )


def _plan(rng: random.Random, **fields) -> Plan:
    """The plan with its dates, reason, mobile number, diet and photo drawn from `rng`."""
    if fields["registered_by"] is fields["user"] and is_focal_point(fields["user"]):
        created_at = _moment(rng, OPENS, OPENS + timedelta(days=8))  # focal points register first
    elif fields["status"] == "pending":  # the last weeks' registrations still wait
        created_at = _moment(rng, datetime(2025, 8, 8, tzinfo=timezone.utc), CLOSES - timedelta(hours=6))
    else:
        created_at = _moment(rng, OPENS + timedelta(days=1), CLOSES - timedelta(days=4))
    decided_at = None
    if fields["status"] != "pending":
        decided_at = min(created_at + timedelta(hours=rng.uniform(3, 240)), CLOSES)
    reasons = {"rejected": REJECTION_REASONS, "cancelled": CANCELLATION_REASONS}.get(fields["status"])
    country = fields["country"]
    return Plan(
        **fields,
        reason=rng.choice(reasons) if reasons else "",
        created_at=created_at,
        decided_at=decided_at,
        mobile=_mobile(rng, SEAT_REGION.get(country.code, country.code)),
        dietary=_dietary(rng, fields["names"]),
        photo=fields["is_head"] or rng.random() < PHOTO_SHARE,
    )


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    seconds = rng.uniform(0, (end - start).total_seconds())
    return (start + timedelta(seconds=seconds)).replace(microsecond=0)


def _mobile(rng: random.Random, region: str) -> str:
    """The library's example mobile number of the region with other last digits, kept
    only if it is still a valid mobile number there."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    for _ in range(20):
        number = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{rng.randrange(10_000):04d}")
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def _dietary(rng: random.Random, names: tuple) -> str:
    words = set(" ".join(names[1:3]).lower().split())
    if words & MUSLIM_NAME_PARTS and rng.random() < 0.6:
        return rng.choice(("Halal", "Halal", "Halal, no seafood"))
    draw = rng.random()
    if draw < 0.08:
        return "Vegetarian"
    if draw < 0.12:
        return "No seafood (shellfish allergy)"
    return ""


def _registration(event: Event, plan: Plan, categories: dict[str, Category]) -> Registration:
    honorific, given, family, badge, latin = plan.names
    # The same checks as the registration form, so the demo holds only what a person could type.
    values = details.clean(
        event,
        {
            "honorific": honorific,
            "given_names": given,
            "family_name": family,
            "badge_name": badge,
            "latin_name": latin,
            "position": plan.position,
            "organisation": plan.organisation,
            "mobile": plan.mobile,
            "dietary": plan.dietary,
            "accessibility": plan.accessibility,
            "locale": "ms" if plan.country.code in ("MY", "BN") else "en",
            "country_id": plan.country.id,
            "category_id": categories[plan.category].id,
            "email": plan.user.email,
        },
        REGISTER_FIELDS,
    )
    registration = Registration(
        event_id=event.id,
        **values,
        user_id=plan.user.id,
        registered_by_id=plan.registered_by.id,
        status=plan.status,
        status_reason=plan.reason,
        # A member state's delegate who registered themselves and is still pending waits
        # for their focal point, as on the live site.
        awaiting_confirmation=plan.status == "pending"
        and plan.registered_by is plan.user
        and not is_focal_point(plan.user)
        and plan.country.country_group == "member",
        protocol_rank=plan.rank,
        is_head=plan.is_head,
        consent_at=plan.created_at,
        created_at=plan.created_at,
        updated_at=plan.decided_at or plan.created_at,
        decided_at=plan.decided_at if plan.status in ("approved", "rejected") else None,
    )
    details.refresh_search(registration)
    db.session.add(registration)
    return registration


def _log(registration: Registration, plan: Plan, organiser: User, added: dict) -> None:
    db.session.add(
        RegistrationChange(
            registration_id=registration.id,
            actor_id=plan.registered_by.id,
            at=plan.created_at,
            action="created",
        )
    )
    count(added, "registration_change")
    if plan.status != "pending":
        db.session.add(
            RegistrationChange(
                registration_id=registration.id,
                actor_id=organiser.id,
                at=plan.decided_at,
                action="status",
                old_value="pending",
                new_value=plan.status,
                note=plan.reason,
            )
        )
        count(added, "registration_change")


def is_focal_point(user: User) -> bool:
    """The demo's focal points are focal.<country code>@ascn8.example."""
    return user.email.startswith("focal.")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _email_slug(latin: str) -> str:
    return ".".join(_strip_accents(latin).lower().replace("-", "").split())
