"""The world the authorisation matrix asks in (tests/authorisation): an account per role at
ASCN8 and at another event, and one of each thing a route's address names (a registration,
a visit, a badge batch, a check-in list and its phone, a bilateral meeting, ...), with the
ids the matrix's paths take."""

from datetime import date

from tests.support.registration import rejection_reason
from tests.support.web import Auth, new_client


class World:
    """The ids the matrix's paths take, an account per role, and a browser per role,
    logged in on first use and kept while the world is."""

    def __init__(self, app, ids, accounts):
        self.app, self.ids, self.accounts = app, ids, accounts
        self.clients = {}

    def client(self, role):
        if role not in self.clients:
            client = new_client(self.app)
            if role != "anonymous":
                Auth(client).login(self.accounts[role])
            self.clients[role] = client
        return self.clients[role]


def build_world(app, make, roles) -> World:
    event = make.event()
    category = make.category(event.id)
    target = make.user(email="target@example.org")
    country = make.country("SG", "Singapore", "Singapura")
    message_id = make.outbox_message("target@example.org").id
    programme = _published_programme(make, event.id, target.id)
    accounts = {
        role: make.user(role="delegate" if role == "other_delegate" else role, event_id=event.id).email
        for role in roles
        if role not in ("anonymous", "delegate") and not role.endswith("_elsewhere")
    }
    elsewhere = make.event(
        slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3)
    )
    for role in ("organiser_elsewhere", "focal_point_elsewhere"):
        accounts[role] = make.user(role=role.removesuffix("_elsewhere"), event_id=elsewhere.id).email
    staff_role_id = make.role(target.id, event.id, "staff")
    # The delegate is registered in the focal point's delegation (Malaysia), with a photo.
    malaysia = make.country()
    own = make.registration(
        event.id, malaysia.id, category.id, email="delegate@example.org", has_photo=True, status="approved"
    )
    make.photo(own.id)
    make.logo(event.id, primary_colour="#0b5d6b")
    _identity_change(make, own.id)
    batch_id = _badge_batch(make, event.id, own.id)
    option_id = _dietary_option(make, event.id)
    accounts["delegate"] = own.email
    visit = make.visits.visit(event.id, accredited_only=False)
    booking = make.visits.book(visit.id, own.id)
    checkin = _checkin(make, event.id, accounts["staff"], own.id)
    bilaterals = _bilaterals(make, event.id, malaysia.id, country.id, own.id)
    ids = {
        "category_id": category.id,
        "user_id": target.id,
        "message_id": message_id,
        "country_id": country.id,
        "registration_id": own.id,
        "request_id": 999999,
        "visit_id": visit.id,
        "booking_id": booking.id,
        "batch_id": batch_id,
        "option_id": option_id,
        "role_id": staff_role_id,
        "reason_id": rejection_reason(app, event.id),
        **programme,
        **checkin,
        **bilaterals,
    }
    return World(app, ids, accounts)


def _bilaterals(make, event_id, own_country_id, other_country_id, registration_id) -> dict:
    """A meeting room and two slots; a meeting of the focal point's delegation (Malaysia)
    with Singapore, placed, the delegate taking part; and a request between two other
    delegations, which nobody of Malaysia may see."""
    own = make.delegation(event_id, own_country_id)
    other = make.delegation(event_id, other_country_id)
    third = make.delegation(event_id, make.country("TH", "Thailand", "Thailand").id)
    make.bilaterals.settings(event_id)
    room = make.bilaterals.room(event_id)
    slots = make.bilaterals.slots(event_id, 2)
    placed = make.bilaterals.request(
        event_id,
        own.id,
        other.id,
        requester_people=[registration_id],
        slot_ids=slots,
        placed=(room.id, slots[0]),
    )
    others = make.bilaterals.request(event_id, other.id, third.id, slot_ids=slots)
    return {
        "bilateral_room_id": room.id,
        "bilateral_slot_id": slots[1],
        "bilateral_id": placed.id,
        "other_bilateral_id": others.id,
    }


def _checkin(make, event_id, staff_email, registration_id) -> dict:
    """A door whose staff member paired a phone, which admitted the delegate (whose change
    of identity is pending) twice while offline: scans and conflicts to review."""
    from datetime import timedelta

    from sqlalchemy import select

    from ascn.accounts.models import User
    from ascn.checkin.models import Conflict, Scan
    from ascn.db import utcnow
    from ascn.extensions import db

    with make.app.app_context():
        staff_id = db.session.scalar(select(User.id).where(User.email == staff_email))
    door = make.checkin.list(event_id, staff_ids=[staff_id])
    phone = make.checkin.device(door.id, staff_id)
    token = make.checkin.token(registration_id)
    client = new_client(make.app)
    scans = [
        {
            "id": f"w{n}",
            "token": token,
            "at": (utcnow() - timedelta(minutes=n)).isoformat(),
            "outcome": "valid",
        }
        for n in (2, 1)
    ]
    assert (
        client.post("/ascn8/api/checkin/sync", json={"scans": scans}, headers=phone.headers).status_code
        == 200
    )
    with make.app.app_context():
        conflict = db.session.scalars(select(Conflict).order_by(Conflict.id)).first()
        scan_id = db.session.scalar(select(Scan.id).order_by(Scan.id))
    return {
        "list_id": door.id,
        "device_id": phone.id,
        "device_secret": phone.secret,
        "conflict_id": conflict.id,
        "scan_id": scan_id,
    }


def _identity_change(make, registration_id) -> None:
    """A new photo the delegate asked for, waiting for the organisers."""
    from ascn.extensions import db
    from ascn.registration.models import IdentityChange, Registration
    from tests.support.factories import jpeg

    with make.app.app_context():
        db.session.add(IdentityChange(registration_id=registration_id, photo_data=jpeg(), photo_width=300))
        db.session.get(Registration, registration_id).identity_change_pending = True
        db.session.commit()


def _dietary_option(make, event_id) -> int:
    """A dietary option nobody chose (so that deleting it is allowed)."""
    from ascn.extensions import db
    from ascn.registration.models import DietaryOption

    with make.app.app_context():
        option = DietaryOption(event_id=event_id, label_en="Halal", label_ms="Halal")
        db.session.add(option)
        db.session.commit()
        return option.id


def _badge_batch(make, event_id, registration_id) -> int:
    """A finished batch of one badge (its PDF stored as the workers would)."""
    from ascn.badges.models import BadgeBatch
    from ascn.extensions import db

    with make.app.app_context():
        batch = BadgeBatch(event_id=event_id, total=1, status="done", pdf=b"%PDF-1.4 stub", pdf_size=13)
        db.session.add(batch)
        db.session.commit()
        return batch.id


def _published_programme(make, event_id, user_id) -> dict:
    """One published session with a speaker who has a photo, and a calendar secret."""
    import io

    from PIL import Image

    from ascn.extensions import db
    from ascn.programme.content import reencode_photo
    from ascn.programme.models import AgendaFeed, Speaker

    room = make.programme.room(event_id)
    kind = make.programme.session_type(event_id)
    speaker = make.programme.speaker(event_id)
    session = make.programme.session(event_id, kind.id, room_id=room.id, speaker_ids=[speaker.id])
    make.programme.publish()
    out = io.BytesIO()
    Image.new("RGB", (40, 40)).save(out, "PNG")
    with make.app.app_context():
        row = db.session.get(Speaker, speaker.id)
        row.photo, row.photo_version = reencode_photo(out.getvalue())
        db.session.add(AgendaFeed(user_id=user_id, token="feed-token-of-the-target"))
        db.session.commit()
    return {
        "session_id": session.id,
        "speaker_id": speaker.id,
        "room_id": room.id,
        "feed_token": "feed-token-of-the-target",
    }
