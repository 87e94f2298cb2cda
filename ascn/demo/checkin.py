"""Check-in in the demo: ASCN8's doors and buses, a paired phone at each, and the first
morning at the main entrance, so that attendance, conflicts and certificates show
something real. Everything goes through the check-in services, as on the day: lists are
rows an organiser would make, phones are created and paired (their secrets are dropped:
nobody scans with them), and every scan is judged by `scanning.record` at its own time.

The first morning (Monday 8 September 2025, on the event's clock): most approved
delegates enter between 08:00 and 09:30, a few leave before lunch, the Heads of
Delegation go into the ministerial session at 10:00 (a delegate who tries is turned
away), and a few badges are refused at the door. Between 08:40 and 08:55 both entrance
phones lost the hotel Wi-Fi and one delegate was let in by each: their sync leaves one
double entry for the organisers to review. On Wednesday the morning bus to the Command
Centre boards its confirmed seats but three, and a delegate of the waiting list is told
"stand-by".
"""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.badges import tokens
from ascn.checkin import devices, scanning
from ascn.checkin.models import CheckinList, Device, Scan
from ascn.demo.records import count, get_or_add
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.registration.models import Registration
from ascn.transactions import unit_of_work
from ascn.visits.models import SiteVisit, VisitBooking

STAFF = "staff@ascn8.example"
ORGANISER = "organiser@ascn8.example"
ENTRANCE = ("Main entrance", "Pintu masuk utama")
MINISTERIAL = ("Ministerial session", "Sesi menteri")
HEADS = "head_of_delegation"
FIRST_DAY = date(2025, 9, 8)
VISIT_DAY = date(2025, 9, 10)
ENTERING = 0.9  # share of the approved delegates who come on the first morning
LEAVING = 0.12  # share of those who leave before lunch
NOT_BOARDED = 3  # confirmed seats of the morning bus still empty at departure


# One transaction for all of it: the services it calls join it, instead of committing (and
# reloading every row) once per scan.
@unit_of_work
def seed_checkin(event: Event, working_group: Event, added: dict) -> None:
    staff = db.session.scalar(select(User).where(User.email == STAFF))
    organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
    if staff is None or organiser is None:
        return
    entrance = _list(event, ENTRANCE, staff, added)
    heads = db.session.scalar(select(Category).where(Category.event_id == event.id, Category.code == HEADS))
    ministerial = _list(event, MINISTERIAL, staff, added, categories=[heads] if heads else [])
    visits = db.session.scalars(
        select(SiteVisit).where(SiteVisit.event_id == event.id).order_by(SiteVisit.id)
    )
    buses = [
        _list(event, (f"Bus: {v.title_en}", f"Bas: {v.title_ms}"), staff, added, visit=v) for v in visits
    ]
    wg_entrance = _list(working_group, ENTRANCE, staff, added)
    db.session.flush()
    doors = (_phone(entrance, "Entrance phone 1", organiser, staff, added),)
    doors += (_phone(entrance, "Entrance phone 2", organiser, staff, added),)
    hall = _phone(ministerial, "Ministerial hall door", organiser, staff, added)
    bus_phones = [_phone(bus, "Bus phone", organiser, staff, added) for bus in buses]
    _phone(wg_entrance, "Entrance phone", organiser, staff, added)
    if db.session.scalar(select(Scan.id).where(Scan.list_id == entrance.id).limit(1)) is not None:
        return  # the morning happened on an earlier run
    morning = _Morning(event, added)
    morning.entrance(doors)
    morning.ministerial_session(hall)
    if buses:
        morning.bus(bus_phones[0], buses[0].visit)


def _list(event: Event, names, staff: User, added: dict, categories=(), visit=None) -> CheckinList:
    name_en, name_ms = names
    checkin_list = get_or_add(
        CheckinList,
        {"event_id": event.id, "name_en": name_en},
        {
            "name_ms": name_ms,
            "kind": "visit" if visit is not None else "door",
            "visit_id": visit.id if visit is not None else None,
            "all_categories": not categories,
        },
        added,
    )
    if checkin_list.id is None:
        checkin_list.categories = list(categories)
        checkin_list.staff = [staff]
    return checkin_list


def _phone(checkin_list: CheckinList, name: str, organiser: User, staff: User, added: dict) -> Device:
    """Created by an organiser, paired by the staff member with its one-time code."""
    device = db.session.scalar(select(Device).where(Device.list_id == checkin_list.id, Device.name == name))
    if device is None:
        _created, code = devices.create(checkin_list, name, organiser)
        device, _secret = devices.pair(checkin_list.event, code, staff)
        count(added, Device.__tablename__)
    return device


class _Morning:
    """Scans at their own times, through the scanning service; ids as a phone makes them."""

    def __init__(self, event: Event, added: dict):
        self.event, self.added = event, added
        self.rng = random.Random(8)  # the same demo every time
        self.numbers = iter(range(1, 10**6))

    def at(self, day: date, hour: int, minute: int, seconds_after: int = 0) -> datetime:
        moment = self.event.to_utc(datetime.combine(day, time(hour, minute)))
        return moment + timedelta(seconds=seconds_after)

    def scan(self, phone: Device, moment: datetime, token: str, direction: str = "in") -> None:
        item = scanning.Item(client_id=f"demo-{next(self.numbers)}", direction=direction, token=token)
        scanning.record(phone, [item], now=moment)
        count(self.added, Scan.__tablename__)

    def offline(self, phone: Device, moment: datetime, token: str, synced: datetime) -> None:
        """Admitted by the phone while it had no network, sent when it came back."""
        item = scanning.Item(
            client_id=f"demo-{next(self.numbers)}", token=token, scanned_at=moment, device_outcome="valid"
        )
        scanning.record(phone, [item], now=synced)
        count(self.added, Scan.__tablename__)

    def people(self, *where) -> list[Registration]:
        stmt = select(Registration).where(Registration.event_id == self.event.id, *where)
        return list(db.session.scalars(stmt.order_by(Registration.id)))

    def entrance(self, phones: tuple[Device, Device]) -> None:
        approved = self.people(Registration.status == "approved")
        coming = [person for person in approved if self.rng.random() < ENTERING]
        offline_pair = coming.pop(len(coming) // 2)  # the delegate both phones let in offline
        arrivals = sorted(
            ((self.at(FIRST_DAY, 8, 0, self.rng.randrange(90 * 60)), person) for person in coming),
            key=lambda arrival: arrival[0],
        )
        for n, (moment, person) in enumerate(arrivals):
            self.scan(phones[n % 2], moment, _token(person))
        # The Wi-Fi drops at 08:40: each phone admits the same delegate on its own.
        token = _token(offline_pair)
        self.offline(phones[0], self.at(FIRST_DAY, 8, 44), token, synced=self.at(FIRST_DAY, 8, 56))
        self.offline(phones[1], self.at(FIRST_DAY, 8, 47), token, synced=self.at(FIRST_DAY, 8, 57))
        # A delegate who had just come in shows the badge again; badges the door turns away.
        if arrivals:
            self.scan(phones[0], arrivals[-1][0] + timedelta(minutes=2), _token(arrivals[-1][1]))
        refused = self.people(Registration.status.in_(("pending", "cancelled")))[:4]
        for n, person in enumerate(refused):
            self.scan(phones[n % 2], self.at(FIRST_DAY, 8, 20 + 9 * n), _token(person))
        self.scan(phones[1], self.at(FIRST_DAY, 9, 12), "ASCN8-PROGRAMME-2025")  # a QR code of a poster
        for person in self.rng.sample(coming, int(len(coming) * LEAVING)):
            self.scan(
                phones[1], self.at(FIRST_DAY, 10, 30, self.rng.randrange(90 * 60)), _token(person), "out"
            )

    def ministerial_session(self, phone: Device) -> None:
        heads = self.people(Registration.status == "approved", Registration.is_head.is_(True))
        for n, person in enumerate(heads):
            self.scan(phone, self.at(FIRST_DAY, 9, 50, 20 * n), _token(person))
        delegate = self.people(Registration.status == "approved", Registration.is_head.is_(False))[:1]
        for person in delegate:
            self.scan(phone, self.at(FIRST_DAY, 10, 2), _token(person))

    def bus(self, phone: Device, visit: SiteVisit) -> None:
        bookings = db.session.execute(
            select(VisitBooking.registration_id, VisitBooking.status)
            .where(VisitBooking.visit_id == visit.id)
            .order_by(VisitBooking.number)
        ).all()
        confirmed = [rid for rid, status in bookings if status == "confirmed"]
        waiting = [rid for rid, status in bookings if status == "waiting"]
        boarding = confirmed[: max(0, len(confirmed) - NOT_BOARDED)]
        for n, registration_id in enumerate(boarding):
            self.scan(phone, self.at(VISIT_DAY, 8, 5, 30 * n), tokens.sign(registration_id, 1))
        for registration_id in waiting[:1]:
            self.scan(phone, self.at(VISIT_DAY, 8, 28), tokens.sign(registration_id, 1))


def _token(registration: Registration) -> str:
    """The badge as printed: the demo prints none, so every badge is the first (serial 1)."""
    return tokens.sign(registration.id, 1)
