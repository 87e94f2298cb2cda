"""Test data. Each call commits in its own app context and returns a plain record
(ids and values), never a live model bound to a session that outlives it."""

from datetime import date, datetime, timezone
from itertools import count
from types import SimpleNamespace

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from ascn.accounts.models import User
from ascn.db import utcnow
from ascn.events.models import EVENT_ROLES, Category, Country, Event, EventRole
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.details import refresh_search
from ascn.registration.models import Delegation, Registration

_serial = count(1)


def _record(obj, *names):
    return SimpleNamespace(**{name: getattr(obj, name) for name in names})


class Factory:
    PASSWORD = "correct horse battery"
    _hashes = {}  # the shared test password, hashed once per method (scrypt is slow on purpose)

    def __init__(self, app):
        self.app = app
        # Roles asked for before any event exists: given at the first event made next.
        self._pending_roles = []

    def password_hash(self):
        """Made the way the app hashes passwords (PASSWORD_HASH_METHOD), so that logging
        in as a test account costs what logging in with a new password would."""
        method = self.app.config["PASSWORD_HASH_METHOD"]
        if method not in self._hashes:
            self._hashes[method] = generate_password_hash(self.PASSWORD, method=method)
        return self._hashes[method]

    def event(self, **values):
        with self.app.app_context():
            defaults = dict(
                slug="ascn8",
                short_name="ASCN8",
                name_en="8th ASEAN Smart Cities Network Annual Meeting",
                name_ms="Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-8",
                theme_en="Smart and sustainable cities",
                theme_ms="Bandar pintar dan mampan",
                venue_en="Hotel Shangri-La",
                venue_ms="Hotel Shangri-La",
                city_en="Kuala Lumpur",
                city_ms="Kuala Lumpur",
                start_date=date(2025, 9, 8),
                end_date=date(2025, 9, 12),
                registration_opens_at=datetime(2025, 6, 1, tzinfo=timezone.utc),
                registration_closes_at=datetime(2025, 8, 29, tzinfo=timezone.utc),
                privacy_notice_en="The secretariat keeps your details for the meeting.",
                contact_email="secretariat@ascn8.example",
            )
            event = Event(**{**defaults, **values})
            db.session.add(event)
            db.session.flush()
            for user_id, role, country_id in self._pending_roles:
                db.session.add(
                    EventRole(event_id=event.id, user_id=user_id, role=role, country_id=country_id)
                )
            self._pending_roles.clear()
            db.session.commit()
            return _record(event, "id", "slug", "name_en", "name_ms")

    def category(self, event_id, code=None, **values):
        """A category that delegates and focal points may choose, unless told otherwise."""
        values.setdefault("delegate_may_choose", True)
        values.setdefault("focal_point_may_choose", True)
        with self.app.app_context():
            n = next(_serial)
            category = Category(
                event_id=event_id,
                code=code or f"cat{n}",
                label_en=values.pop("label_en", f"Category {n}"),
                label_ms=values.pop("label_ms", f"Kategori {n}"),
                **values,
            )
            db.session.add(category)
            db.session.commit()
            return _record(category, "id", "code", "label_en", "label_ms", "colour")

    def country(self, code="MY", name_en="Malaysia", name_ms="Malaysia", group="member"):
        with self.app.app_context():
            country = db.session.scalar(select(Country).where(Country.code == code))
            if country is None:
                country = Country(code=code, name_en=name_en, name_ms=name_ms, country_group=group)
                db.session.add(country)
                db.session.commit()
            return _record(country, "id", "code", "name_en", "name_ms")

    def user(
        self,
        role="delegate",
        email=None,
        country_id=None,
        locale="en",
        confirmed=True,
        full_name=None,
        active=True,
        event_id=None,
    ):
        """An account; an organiser, staff or focal point role is given at `event_id`, else at
        every event that exists (or, with none yet, at the next one made)."""
        with self.app.app_context():
            n = next(_serial)
            if role == "focal_point" and country_id is None:
                country_id = self.country().id
            user = User(
                email=email or f"{role}{n}@example.org",
                full_name=full_name or f"Test {role} {n}",
                role="admin" if role == "admin" else "delegate",
                locale=locale,
                active=active,
                password_hash=self.password_hash(),
                email_confirmed_at=utcnow() if confirmed else None,
            )
            db.session.add(user)
            db.session.flush()
            if role in EVENT_ROLES:
                self._give_role(user.id, role, country_id if role == "focal_point" else None, event_id)
            db.session.commit()
            return SimpleNamespace(
                id=user.id,
                email=user.email,
                role=role,
                full_name=user.full_name,
                locale=user.locale,
                country_id=country_id,
            )

    def role(self, user_id, event_id, role, country_id=None) -> int:
        """Give an existing account a role at an event; returns the role's id."""
        with self.app.app_context():
            row = EventRole(event_id=event_id, user_id=user_id, role=role, country_id=country_id)
            db.session.add(row)
            db.session.commit()
            return row.id

    def _give_role(self, user_id, role, country_id, event_id):
        event_ids = [event_id] if event_id else list(db.session.scalars(select(Event.id)))
        if not event_ids:
            self._pending_roles.append((user_id, role, country_id))
        for one in event_ids:
            db.session.add(EventRole(event_id=one, user_id=user_id, role=role, country_id=country_id))

    def outbox_message(self, recipient="target@example.org", **values):
        with self.app.app_context():
            defaults = dict(subject="s", body_text="b", locale="en", template="confirm_email")
            message = OutboxMessage(recipient=recipient, **{**defaults, **values})
            db.session.add(message)
            db.session.commit()
            return _record(message, "id", "recipient", "status")

    def registration(self, event_id, country_id, category_id, user_id=None, **values):
        """A registration (pending unless told), with an account of its own unless given."""
        with self.app.app_context():
            n = next(_serial)
            email = values.pop("email", f"delegate{n}@example.org")
            if user_id is None:
                user = User(
                    email=email,
                    full_name=f"Delegate {n}",
                    role="delegate",
                    locale=values.get("locale", "en"),
                    password_hash=self.password_hash(),
                    email_confirmed_at=utcnow(),
                )
                db.session.add(user)
                db.session.flush()
                user_id = user.id
            defaults = dict(given_names=f"Given{n}", family_name=f"Family{n}", locale="en", status="pending")
            defaults.update(values)
            defaults.setdefault("badge_name", f"{defaults['given_names']} {defaults['family_name']}")
            if defaults["status"] == "rejected":
                defaults.setdefault("status_reason", "Not eligible")
            registration = Registration(
                event_id=event_id,
                country_id=country_id,
                category_id=category_id,
                user_id=user_id,
                email=email,
                **defaults,
            )
            refresh_search(registration)
            db.session.add(registration)
            db.session.commit()
            return _record(registration, "id", "email", "user_id", "status", "badge_name", "country_id")

    def approved_delegates(self, names):
        """An event, a category and a country with one approved registration per
        "Given Family" name; returns the event."""
        event = self.event()
        category = self.category(event.id)
        country = self.country()
        for name in names:
            given, family = name.split()
            self.registration(
                event.id,
                country.id,
                category.id,
                status="approved",
                badge_name=name,
                given_names=given,
                family_name=family,
            )
        return event

    def delegation(self, event_id, country_id, quota=20, head_quota=1):
        with self.app.app_context():
            delegation = Delegation(
                event_id=event_id, country_id=country_id, quota=quota, head_quota=head_quota
            )
            db.session.add(delegation)
            db.session.commit()
            return _record(delegation, "id", "quota", "head_quota")

    def badge_printed(self, registration_id, serial=1):
        """A badge printed at the desk: its row and its entry in the print log."""
        from ascn.badges.models import Badge, BadgePrint

        with self.app.app_context():
            db.session.add(Badge(registration_id=registration_id, serial=serial, printed_at=utcnow()))
            db.session.add(BadgePrint(registration_id=registration_id, serial=serial, reason="first"))
            db.session.commit()

    def photo(self, registration_id, size=(300, 400), colour="teal"):
        from ascn.registration.models import RegistrationPhoto

        with self.app.app_context():
            db.session.add(
                RegistrationPhoto(
                    registration_id=registration_id, data=jpeg(size, colour), width=size[0], height=size[1]
                )
            )
            db.session.commit()

    def logo(self, event_id, size=(240, 80), colour="teal", **look):
        """The event's logo as the look page stores it (a PNG, its digest), with `look`
        (colours, contact address) set on the event."""
        import hashlib

        from ascn.events.models import Event, EventLogo

        data = jpeg(size, colour, fmt="PNG")
        with self.app.app_context():
            event = db.session.get(Event, event_id)
            event.logo_digest = hashlib.sha256(data).hexdigest()
            for name, value in look.items():
                setattr(event, name, value)
            db.session.add(
                EventLogo(
                    event_id=event_id, data=data, content_type="image/png", width=size[0], height=size[1]
                )
            )
            db.session.commit()
            return event.logo_digest


def jpeg(size=(300, 400), colour="teal", fmt="JPEG") -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


class ProgrammeFactory:
    """Programme test data: rooms, types, speakers, sessions and releases."""

    def __init__(self, app):
        self.app = app

    def room(self, event_id, name_en=None, **values):
        from ascn.programme.models import Room

        with self.app.app_context():
            n = next(_serial)
            room = Room(
                event_id=event_id,
                name_en=name_en or f"Room {n}",
                name_ms=values.pop("name_ms", f"Bilik {n}"),
                **values,
            )
            db.session.add(room)
            db.session.commit()
            return _record(room, "id", "name_en", "name_ms")

    def session_type(self, event_id, code=None, **values):
        from ascn.programme.models import SessionType

        with self.app.app_context():
            n = next(_serial)
            row = SessionType(
                event_id=event_id,
                code=code or f"type{n}",
                label_en=f"Type {n}",
                label_ms=f"Jenis {n}",
                **values,
            )
            db.session.add(row)
            db.session.commit()
            return _record(row, "id", "code")

    def speaker(self, event_id, full_name=None, **values):
        from ascn.programme.models import Speaker

        with self.app.app_context():
            speaker = Speaker(event_id=event_id, full_name=full_name or f"Speaker {next(_serial)}", **values)
            db.session.add(speaker)
            db.session.commit()
            return _record(speaker, "id", "full_name")

    def session(self, event_id, type_id, starts_at=None, minutes=60, room_id=None, speaker_ids=(), **values):
        from datetime import timedelta

        from ascn.programme.models import ProgrammeSession, SessionSpeaker

        with self.app.app_context():
            n = next(_serial)
            starts_at = starts_at or datetime(2025, 9, 8, 1, 0, tzinfo=timezone.utc)
            defaults = dict(
                title_en=f"Session {n}",
                title_ms=f"Sesi {n}",
                description_en="<p>About the session.</p>",
                description_ms="<p>Tentang sesi ini.</p>",
            )
            session = ProgrammeSession(
                event_id=event_id,
                type_id=type_id,
                room_id=room_id,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=minutes),
                **{**defaults, **values},
            )
            session.speakers = [SessionSpeaker(speaker_id=sid, role="speaker") for sid in speaker_ids]
            db.session.add(session)
            db.session.commit()
            return _record(session, "id", "title_en", "title_ms", "starts_at", "ends_at")

    def publish(self, user_id=None, event_id=None):
        """Publish the programme of `event_id` (default: the event made first)."""
        from flask import g

        from ascn.accounts.models import User
        from ascn.programme.publishing import publish

        with self.app.test_request_context():
            user = db.session.get(User, user_id) if user_id else SimpleNamespace(id=None)
            event = (
                db.session.get(Event, event_id)
                if event_id
                else db.session.scalar(select(Event).order_by(Event.id))
            )
            g.event = event
            release = publish(event, user)
            return _record(release, "id", "number", "notified")

    def save(self, user_id, session_id):
        from ascn.programme.models import SavedSession

        with self.app.app_context():
            db.session.add(SavedSession(user_id=user_id, session_id=session_id))
            db.session.commit()


Factory.programme = property(lambda self: ProgrammeFactory(self.app))


class VisitsFactory:
    """Site visits, open for booking now unless told otherwise, and bookings made through
    the booking service (so counters and seats are real)."""

    def __init__(self, app):
        self.app = app

    def visit(self, event_id, seats=10, **values):
        from datetime import timedelta

        from ascn.events.models import Category
        from ascn.visits.models import SiteVisit

        with self.app.app_context():
            n = next(_serial)
            departs_at = values.pop("departs_at", datetime(2025, 9, 10, 0, 30, tzinfo=timezone.utc))
            category_ids = values.pop("category_ids", ())
            defaults = dict(
                title_en=f"Visit {n}",
                title_ms=f"Lawatan {n}",
                meeting_point_en="Lobby",
                meeting_point_ms="Lobi",
                returns_at=departs_at + timedelta(hours=4),
                closes_at=utcnow() + timedelta(days=1),
                published=True,
                accredited_only=True,
            )
            visit = SiteVisit(event_id=event_id, seats=seats, departs_at=departs_at, **{**defaults, **values})
            visit.categories = [db.session.get(Category, cid) for cid in category_ids]
            db.session.add(visit)
            db.session.commit()
            return _record(visit, "id", "title_en", "seats", "departs_at", "returns_at")

    def book(self, visit_id, registration_id):
        """A delegate books for themselves; the booking's status."""
        from ascn.visits import booking
        from ascn.visits.models import SiteVisit

        with self.app.test_request_context():
            registration = db.session.get(Registration, registration_id)
            held = booking.book(db.session.get(SiteVisit, visit_id), registration, registration.user)
            return _record(held, "id", "status", "seat", "number")


Factory.visits = property(lambda self: VisitsFactory(self.app))


class CheckinFactory:
    """Check-in lists and devices paired through the device services (so the secret is
    real), and badge tokens as the QR code carries them."""

    def __init__(self, app):
        self.app = app

    def list(self, event_id, kind="door", visit_id=None, category_ids=(), staff_ids=(), **values):
        from ascn.checkin.models import CheckinList

        with self.app.app_context():
            n = next(_serial)
            checkin_list = CheckinList(
                event_id=event_id,
                kind=kind,
                visit_id=visit_id,
                name_en=values.pop("name_en", f"Door {n}"),
                name_ms=values.pop("name_ms", f"Pintu {n}"),
                all_categories=not category_ids,
                **values,
            )
            checkin_list.categories = [db.session.get(Category, cid) for cid in category_ids]
            checkin_list.staff = [db.session.get(User, uid) for uid in staff_ids]
            db.session.add(checkin_list)
            db.session.commit()
            return _record(checkin_list, "id", "event_id", "kind", "name_en")

    def device(self, list_id, user_id, name="Phone"):
        """A device paired by `user_id` (who must be allowed to scan at the list): its id
        and secret."""
        from ascn.checkin import devices
        from ascn.checkin.models import CheckinList

        with self.app.test_request_context():
            checkin_list = db.session.get(CheckinList, list_id)
            user = db.session.get(User, user_id)
            device, code = devices.create(checkin_list, name, user)
            device, secret = devices.pair(checkin_list.event, code, user)
            return SimpleNamespace(id=device.id, secret=secret, headers={"Authorization": f"Device {secret}"})

    def token(self, registration_id, serial=1):
        from ascn.badges import tokens

        with self.app.app_context():
            return tokens.sign(registration_id, serial)


Factory.checkin = property(lambda self: CheckinFactory(self.app))


def _bilaterals(factory):
    from tests.support.bilaterals import BilateralsFactory

    return BilateralsFactory(factory.app)


Factory.bilaterals = property(_bilaterals)
