"""The ASCN8 site visits on Wednesday 10 September, matching the programme's site-visit
slots: the Putrajaya Command Centre is full with a waiting list, the Wetlands have seats
left, the afternoon repeat is half booked. Bookings go through the booking service, so
the counters, seats and queue numbers are what a real rush would leave."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ascn.demo.records import count, get_or_add
from ascn.errors import ServiceError
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.visits import booking
from ascn.visits.models import SiteVisit, VisitBooking

DAY = date(2025, 9, 10)
MEETING_POINT = ("Lobby Porch, Hotel Shangri-La", "Anjung Lobi, Hotel Shangri-La")
NOTES = (
    "Wear your badge at all times and carry your passport or identity card: the Command "
    "Centre checks both at its gate. Smart casual dress; closed shoes for the walkways.",
    "Pakai pas anda sepanjang masa dan bawa pasport atau kad pengenalan: Pusat Kawalan "
    "memeriksa kedua-duanya di pintu masuk. Pakaian kemas santai; kasut bertutup untuk laluan pejalan kaki.",
)
# title (en, ms), description (en, ms), departs, returns, seats, bookings wanted
VISITS = [
    (
        ("Putrajaya Command Centre", "Pusat Kawalan Putrajaya"),
        (
            "How Perbadanan Putrajaya runs the federal administrative centre from one room: "
            "traffic, flood sensors, CCTV, district cooling and the city's open-data platform.",
            "Bagaimana Perbadanan Putrajaya mengurus pusat pentadbiran persekutuan dari satu "
            "bilik: trafik, penderia banjir, CCTV, penyejukan daerah dan platform data terbuka bandar.",
        ),
        time(8, 30),
        time(12, 30),
        30,
        38,
    ),
    (
        ("Putrajaya Wetlands", "Taman Wetland Putrajaya"),
        (
            "Nature-based solutions for storm water: the constructed wetlands that clean the "
            "water of Putrajaya Lake, with the Perbadanan Putrajaya lake management team.",
            "Penyelesaian berasaskan alam semula jadi untuk air ribut: tanah bencah buatan "
            "yang membersihkan air Tasik Putrajaya, bersama pasukan pengurusan tasik Perbadanan Putrajaya.",
        ),
        time(8, 30),
        time(12, 30),
        40,
        25,
    ),
    (
        ("Putrajaya Command Centre (afternoon)", "Pusat Kawalan Putrajaya (petang)"),
        (
            "A repeat of the morning visit for delegates who attend the morning dialogues.",
            "Ulangan lawatan pagi untuk perwakilan yang menghadiri dialog pada waktu pagi.",
        ),
        time(14, 0),
        time(18, 0),
        30,
        14,
    ),
]


def seed_visits(event, added: dict) -> None:
    opens = event.to_utc(datetime(2025, 8, 18, 9, 0))
    closes = event.to_utc(datetime.combine(DAY - timedelta(days=1), time(18, 0)))
    delegates = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status == "approved")
            .order_by(Registration.id)
        )
    )
    taken = 0
    for (title_en, title_ms), (text_en, text_ms), departs, returns, seats, wanted in VISITS:
        visit = get_or_add(
            SiteVisit,
            {"event_id": event.id, "title_en": title_en},
            dict(
                title_ms=title_ms,
                description_en=text_en,
                description_ms=text_ms,
                meeting_point_en=MEETING_POINT[0],
                meeting_point_ms=MEETING_POINT[1],
                notes_en=NOTES[0],
                notes_ms=NOTES[1],
                departs_at=event.to_utc(datetime.combine(DAY, departs)),
                returns_at=event.to_utc(datetime.combine(DAY, returns)),
                seats=seats,
                accredited_only=True,
                opens_at=opens,
                closes_at=closes,
                published=True,
            ),
            added,
        )
        db.session.commit()
        for registration in delegates[taken : taken + wanted]:
            _book(visit, registration, added)
        taken += wanted


def _book(visit: SiteVisit, registration: Registration, added: dict) -> None:
    exists = select(VisitBooking.id).where(
        VisitBooking.visit_id == visit.id, VisitBooking.registration_id == registration.id
    )
    if db.session.scalar(exists) is not None:
        return
    try:
        held = booking.add(visit, registration, registration.user, notify=False)
    except ServiceError:
        return  # a speaker of a session at that hour: the clash rule keeps them off the bus
    # Booked in the first hours after booking opened, in the order of the queue.
    held.booked_at = visit.opens_at + timedelta(minutes=3 * held.number)
    held.confirmed_at = held.booked_at if held.status == "confirmed" else None
    db.session.commit()
    count(added, VisitBooking.__tablename__)
