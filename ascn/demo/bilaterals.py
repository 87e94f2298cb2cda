"""Bilateral meetings at the demo's upcoming meeting (the working group): the service open,
four meeting rooms, half-hour slots on each of its days away from any plenary, requests
in every status between member states and partners, the accepted ones mostly placed, and
a signing between two city councils on the programme.

Rows are written as the test factory writes them, keeping the database's rules (no room
or person twice in a slot; a participant's `slot_id` copies its meeting's). Each is found
by its natural key first, so a second run adds nothing."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.bilaterals import rooms as bilateral_rooms
from ascn.bilaterals import signing
from ascn.bilaterals.models import (
    BilateralParticipant,
    BilateralPreference,
    BilateralRequest,
    BilateralRoom,
    BilateralSettings,
    BilateralSlot,
)
from ascn.db import utcnow
from ascn.demo.records import count, get_or_add
from ascn.events.models import Country, Event
from ascn.extensions import db
from ascn.programme import publishing, snapshot
from ascn.programme.models import ProgrammeSession
from ascn.registration.models import Delegation, Registration

# (name en, name ms, seats, flags, interpretation)
ROOMS = [
    ("Meeting Room Melati", "Bilik Mesyuarat Melati", 10, True, True),
    ("Meeting Room Kenanga", "Bilik Mesyuarat Kenanga", 8, False, False),
    ("Meeting Room Cempaka", "Bilik Mesyuarat Cempaka", 8, False, False),
    ("Meeting Room Teratai", "Bilik Mesyuarat Teratai", 6, False, False),
]
# Half-hour slots between the sessions, each day of the meeting (event's clock).
SLOT_TIMES = [time(10, 30), time(11, 0), time(11, 30), time(14, 30), time(15, 0), time(15, 30)]
PARTNERS = ("JP", "KR", "AU")
# requester, counterpart, status, level, subject (en, ms), place (room index, slot index) or None
REQUESTS = [
    ("MY", "ID", "accepted", "city", ("Smart mobility data between capital cities",
     "Data mobiliti pintar antara bandar raya"), (0, 0)),
    ("KH", "JP", "accepted", "senior_official", ("Urban rail cooperation", "Kerjasama rel bandar"), (1, 1)),
    ("MM", "KR", "accepted", "technical", ("Traffic control centres", "Pusat kawalan trafik"), (2, 1)),
    ("SG", "AU", "accepted", "senior_official", ("Electric buses", "Bas elektrik"), None),
    ("TH", "MY", "pending", "minister", ("Cross-border e-payments for transit",
     "Pembayaran elektronik rentas sempadan untuk transit"), None),
    ("VN", "SG", "proposed", "city", ("Flood sensors and road closures",
     "Penderia banjir dan penutupan jalan"), None),
    ("PH", "JP", "declined", "technical", ("Ride-hailing regulation", "Peraturan e-hailing"), None),
    ("LA", "KR", "withdrawn", "technical", ("Bus rapid transit", "Transit aliran bas"), None),
    ("BN", "AU", "expired", "senior_official", ("Cycling networks", "Rangkaian berbasikal"), None),
]  # fmt: skip
SIGNING = (
    "Memorandum of Understanding on smart mobility data between Kuala Lumpur City Hall and the "
    "Surabaya City Government",
    "Memorandum Persefahaman mengenai data mobiliti pintar antara Dewan Bandaraya Kuala Lumpur dan "
    "Kerajaan Kota Surabaya",
)
ORGANISER = "organiser2@ascn8.example"


def seed_bilaterals(event: Event, added: dict) -> None:
    get_or_add(
        BilateralSettings,
        {"event_id": event.id},
        {"open": True, "answer_hours": 72, "max_pending": 10},
        added,
    )
    rooms = [
        get_or_add(
            BilateralRoom,
            {"event_id": event.id, "name_en": en},
            {
                "name_ms": ms,
                "capacity": seats,
                "has_flags": flags,
                "has_interpretation": booths,
                "sort_order": n,
            },
            added,
        )
        for n, (en, ms, seats, flags, booths) in enumerate(ROOMS)
    ]
    slots = _slots(event, added)
    delegations = _delegations(event, added)
    db.session.flush()
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    people = _people(event)
    made = {}
    for requester, counterpart, status, level, subject, place in REQUESTS:
        made[(requester, counterpart)] = _request(
            event, delegations, people, rooms, slots, organiser, requester, counterpart, status, level, subject,
            place, added,
        )  # fmt: skip
    db.session.flush()
    _signing(event, made[("MY", "ID")], organiser, added)


def _slots(event: Event, added: dict) -> list[BilateralSlot]:
    avoided = bilateral_rooms.plenary_type_ids(event)
    plenaries = db.session.execute(
        select(ProgrammeSession.starts_at, ProgrammeSession.ends_at).where(
            ProgrammeSession.event_id == event.id,
            ProgrammeSession.type_id.in_(avoided),
            ProgrammeSession.status == "scheduled",
        )
    ).all()
    found = []
    for offset in range((event.end_date - event.start_date).days + 1):
        day: date = event.start_date + timedelta(days=offset)
        for moment in SLOT_TIMES:
            start = event.to_utc(datetime.combine(day, moment))
            end = start + timedelta(minutes=30)
            if any(since < end and start < until for since, until in plenaries):
                continue
            slot = get_or_add(
                BilateralSlot, {"event_id": event.id, "starts_at": start}, {"ends_at": end}, added
            )
            found.append(slot)
    db.session.flush()
    return found


def _delegations(event: Event, added: dict) -> dict[str, Delegation]:
    """The member states' delegations, and a few partners' (invited to this meeting)."""
    countries = {c.code: c for c in db.session.scalars(select(Country))}
    for code in PARTNERS:
        if code in countries:
            get_or_add(
                Delegation, {"event_id": event.id, "country_id": countries[code].id}, {"quota": 5}, added
            )
    db.session.flush()
    rows = db.session.scalars(select(Delegation).where(Delegation.event_id == event.id))
    by_id = {c.id: code for code, c in countries.items()}
    return {by_id[row.country_id]: row for row in rows}


def _people(event: Event) -> dict[str, Registration]:
    """One approved delegate per country, to take part for their delegation."""
    people = {}
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "approved")
        .order_by(Registration.id)
    )
    for row in rows:
        people.setdefault(row.country.code, row)
    return people


def _request(event, delegations, people, rooms, slots, organiser, first, second, status, level, subject, place,
             added):  # fmt: skip
    if first not in delegations or second not in delegations:
        return None
    existing = db.session.scalar(
        select(BilateralRequest).where(
            BilateralRequest.event_id == event.id,
            BilateralRequest.requester_id == delegations[first].id,
            BilateralRequest.counterpart_id == delegations[second].id,
            BilateralRequest.subject_en == subject[0],
        )
    )
    if existing is not None:
        return existing
    now = utcnow()
    room, slot = (rooms[place[0]], slots[place[1]]) if place and len(slots) > place[1] else (None, None)
    request = BilateralRequest(
        event_id=event.id,
        requester_id=delegations[first].id,
        counterpart_id=delegations[second].id,
        status=status,
        level=level,
        subject_en=subject[0],
        subject_ms=subject[1],
        needs_flags=level in ("minister", "city"),
        needs_interpreter=first in ("KH", "VN", "LA") or second in ("JP", "KR"),
        answer_by=now - timedelta(days=1) if status == "expired" else now + timedelta(hours=72),
        answered_at=now if status in ("accepted", "declined", "proposed") else None,
        answer_note="The minister is travelling that week." if status == "declined" else "",
        requested_by_id=organiser.id if organiser else None,
        room_id=room.id if room else None,
        slot_id=slot.id if slot else None,
        placed_at=now if slot else None,
        placed_by_id=organiser.id if organiser and slot else None,
    )
    for side, code in (("requester", first), ("counterpart", second)):
        if code in people:
            request.participants.append(
                BilateralParticipant(
                    registration_id=people[code].id, side=side, slot_id=slot.id if slot else None
                )
            )
        # A placed meeting sits in a time that suits both sides, as the placement would put it.
        suiting = {*slots[2:5], *([slot] if slot else [])}
        for preferred in sorted(suiting, key=lambda one: one.starts_at):
            request.preferences.append(BilateralPreference(slot_id=preferred.id, side=side))
    db.session.add(request)
    count(added, "bilateral_request")
    return request


def _signing(event: Event, meeting: BilateralRequest | None, organiser, added: dict) -> None:
    """The signing goes on the programme's draft through the bilaterals' service, and is
    released to delegates once (a later run finds it there)."""
    if meeting is None or meeting.signing_session_id is not None or not meeting.is_placed:
        return
    db.session.commit()  # the services below are units of work of their own
    signing.save(meeting, True, *SIGNING)
    signing.publish(meeting)
    count(added, "programme_session")
    if organiser is not None and snapshot.head(event) is None:
        publishing.publish(event, organiser)
        count(added, "programme_release")
