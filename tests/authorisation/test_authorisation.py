"""Who may reach every route. A route the matrix does not list fails the test, so a new
route cannot ship without a decision about who may use it."""

from datetime import date

import pytest

from tests.support.web import Auth, new_client, post

# The roles at this event (ascn8), and roles held only at another event (wg1): an organiser
# or focal point there is a stranger here.
ROLES = (
    "anonymous",
    "delegate",
    "other_delegate",
    "focal_point",
    "staff",
    "organiser",
    "admin",
    "organiser_elsewhere",
    "focal_point_elsewhere",
)
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
ORGANISERS = {"organiser", "admin"}
STAFF_UP = {"staff", "organiser", "admin"}
FOCAL = {"focal_point"}
ADMINS = {"admin"}
# The scanner's API is opened by a paired device's secret, not by a login: every role is
# refused without it (401), and the device of the world's staff member is let through.
DEVICE = frozenset({"device"})

# endpoint: (method, path with {placeholders} from the `world` fixture, who may use it)
MATRIX = {
    "main.index": ("GET", "/", EVERYONE),
    "main.home": ("GET", "/ascn8/", EVERYONE),
    "main.set_language": ("POST", "/language", EVERYONE),
    "main.health": ("GET", "/health", EVERYONE),
    "accounts.signup": ("GET", "/account/signup", EVERYONE),
    "accounts.login": ("GET", "/account/login", EVERYONE),
    "accounts.confirm": ("GET", "/account/confirm/not-a-token", EVERYONE),
    "accounts.reset_request": ("GET", "/account/reset", EVERYONE),
    "accounts.reset_password": ("GET", "/account/reset/not-a-token", EVERYONE),
    "accounts.resend_confirmation": ("POST", "/account/confirm/resend", LOGGED_IN),
    "accounts.logout": ("POST", "/account/logout", LOGGED_IN),
    "accounts.change_password": ("GET", "/account/password", LOGGED_IN),
    "accounts.profile": ("GET", "/account/profile", LOGGED_IN),
    "events.edit_event": ("GET", "/ascn8/manage/event", ORGANISERS),
    "events.categories": ("GET", "/ascn8/manage/categories", ORGANISERS),
    "events.edit_category": ("GET", "/ascn8/manage/categories/{category_id}", ORGANISERS),
    "events.delete_category": ("POST", "/ascn8/manage/categories/{category_id}/delete", ORGANISERS),
    "events.team": ("GET", "/ascn8/manage/team", ORGANISERS),
    "events.remove_from_team": ("POST", "/ascn8/manage/team/{role_id}/remove", ORGANISERS),
    # Administrators, and the organisers of any event (each copies only the events they run).
    "event_admin.new_event": ("GET", "/events/new", {"organiser", "admin", "organiser_elsewhere"}),
    "events.countries": ("GET", "/ascn8/manage/countries", ORGANISERS),
    "events.edit_country": ("GET", "/ascn8/manage/countries/{country_id}", ORGANISERS),
    "admin.users": ("GET", "/admin/users", ADMINS),
    "admin.edit_user": ("GET", "/admin/users/{user_id}", ADMINS),
    "admin.invite_user": ("GET", "/admin/users/new", ADMINS),
    "admin.outbox": ("GET", "/admin/outbox", ADMINS),
    "admin.outbox_message": ("GET", "/admin/outbox/{message_id}", ADMINS),
    "admin.resend_message": ("POST", "/admin/outbox/{message_id}/resend", ADMINS),
    "admin.resend_unsent": ("POST", "/admin/outbox/resend", ADMINS),
    "registration.register": ("GET", "/ascn8/register", EVERYONE),
    "registration.privacy_notice": ("GET", "/ascn8/privacy", EVERYONE),
    "registration.mine": ("GET", "/ascn8/registration", LOGGED_IN),
    "registration.edit": ("GET", "/ascn8/registration/edit", LOGGED_IN),
    "registration.cancel": ("POST", "/ascn8/registration/cancel", LOGGED_IN),
    "registration.replace_photo": ("GET", "/ascn8/registration/photo", LOGGED_IN),
    "registration.my_data": ("GET", "/ascn8/registration/data.json", LOGGED_IN),
    "registration.request_deletion": ("GET", "/ascn8/registration/delete-account", LOGGED_IN),
    # The delegate's own photo: the delegate, their focal point, staff upwards.
    "registration.photo": (
        "GET",
        "/ascn8/registration/{registration_id}/photo.jpg",
        {"delegate", "focal_point"} | STAFF_UP,
    ),
    "delegation.overview": ("GET", "/ascn8/delegation", FOCAL),
    "delegation.add": ("GET", "/ascn8/delegation/add", FOCAL),
    "delegation.edit": ("GET", "/ascn8/delegation/{registration_id}", FOCAL),
    "delegation.replace": ("GET", "/ascn8/delegation/{registration_id}/replace", FOCAL),
    "delegation.withdraw": ("POST", "/ascn8/delegation/{registration_id}/withdraw", FOCAL),
    "delegation.designate_head": ("GET", "/ascn8/delegation/{registration_id}/head", FOCAL),
    "delegation.confirm": ("POST", "/ascn8/delegation/{registration_id}/confirm", FOCAL),
    "delegation.decline": ("POST", "/ascn8/delegation/{registration_id}/decline", FOCAL),
    "delegation.import_members": ("GET", "/ascn8/delegation/import", FOCAL),
    "delegation.template": ("GET", "/ascn8/delegation/template.xlsx", FOCAL),
    "accreditation.registrations": ("GET", "/ascn8/manage/registrations", STAFF_UP),
    "accreditation.registration": ("GET", "/ascn8/manage/registrations/{registration_id}", STAFF_UP),
    "accreditation.export": ("GET", "/ascn8/manage/registrations/export.xlsx", STAFF_UP),
    "accreditation.decide": ("POST", "/ascn8/manage/registrations/decide", ORGANISERS),
    "accreditation.edit_registration": (
        "GET",
        "/ascn8/manage/registrations/{registration_id}/edit",
        ORGANISERS,
    ),
    "accreditation.decide_one": ("POST", "/ascn8/manage/registrations/{registration_id}/decide", ORGANISERS),
    "accreditation.confirm_for_delegation": (
        "POST",
        "/ascn8/manage/registrations/{registration_id}/confirm",
        ORGANISERS,
    ),
    "accreditation.decide_identity_change": (
        "POST",
        "/ascn8/manage/registrations/{registration_id}/identity-change",
        ORGANISERS,
    ),
    "accreditation.identity_change_photo": (
        "GET",
        "/ascn8/manage/registrations/{registration_id}/identity-change/photo.jpg",
        STAFF_UP,
    ),
    "accreditation.mark_distinct": (
        "POST",
        "/ascn8/manage/registrations/{registration_id}/distinct",
        ORGANISERS,
    ),
    "accreditation.delegation_quotas": ("GET", "/ascn8/manage/delegations", ORGANISERS),
    "accreditation.settings": ("GET", "/ascn8/manage/registration-settings", ORGANISERS),
    "accreditation.deletion_requests": ("GET", "/ascn8/manage/deletion-requests", ORGANISERS),
    "accreditation.confirm_deletion": (
        "POST",
        "/ascn8/manage/deletion-requests/{request_id}/confirm",
        ORGANISERS,
    ),
    "badges.desk": ("GET", "/ascn8/manage/badges/?q=given", STAFF_UP),
    "badges.registration": ("GET", "/ascn8/manage/badges/registrations/{registration_id}", STAFF_UP),
    "badges.print_badge": ("POST", "/ascn8/manage/badges/registrations/{registration_id}/print", STAFF_UP),
    "badges.scan": ("GET", "/ascn8/manage/badges/scan?token=1.1.abc", STAFF_UP),
    "badges.batches_page": ("GET", "/ascn8/manage/badges/batches", STAFF_UP),
    "badges.batch": ("GET", "/ascn8/manage/badges/batches/{batch_id}", STAFF_UP),
    "badges.batch_progress": ("GET", "/ascn8/manage/badges/batches/{batch_id}/progress", STAFF_UP),
    "badges.retry_batch": ("POST", "/ascn8/manage/badges/batches/{batch_id}/retry", STAFF_UP),
    "badges.batch_pdf": ("GET", "/ascn8/manage/badges/batches/{batch_id}/badges.pdf", STAFF_UP),
    "badge_templates.index": ("GET", "/ascn8/manage/badge-templates/", ORGANISERS),
    "badge_templates.edit": ("GET", "/ascn8/manage/badge-templates/{category_id}", ORGANISERS),
    "badge_templates.preview": (
        "GET",
        "/ascn8/manage/badge-templates/{category_id}/preview?layout=a4",
        ORGANISERS,
    ),
    "badge_templates.preview_pdf": (
        "GET",
        "/ascn8/manage/badge-templates/{category_id}/preview.pdf",
        ORGANISERS,
    ),
    # A delegate's own badge: no id in the address, so no one reaches another's.
    "my_badge.badge": ("GET", "/ascn8/registration/badge", LOGGED_IN),
    "my_badge.badge_pdf": ("GET", "/ascn8/registration/badge.pdf", LOGGED_IN),
    "programme.index": ("GET", "/ascn8/programme", EVERYONE),
    "programme.session": ("GET", "/ascn8/programme/sessions/{session_id}", EVERYONE),
    "programme.session_ics": ("GET", "/ascn8/programme/sessions/{session_id}.ics", EVERYONE),
    "programme.speakers": ("GET", "/ascn8/programme/speakers", EVERYONE),
    "programme.speaker": ("GET", "/ascn8/programme/speakers/{speaker_id}", EVERYONE),
    "programme.speaker_photo": ("GET", "/ascn8/programme/speakers/{speaker_id}/photo", EVERYONE),
    "programme.booklet": ("GET", "/ascn8/programme/booklet.pdf?lang=en", EVERYONE),
    "programme.feed": ("GET", "/ascn8/agenda/feed/{feed_token}.ics", EVERYONE),
    "programme.agenda": ("GET", "/ascn8/agenda", LOGGED_IN),
    "programme.save_session": ("POST", "/ascn8/agenda/sessions/{session_id}/save", LOGGED_IN),
    "programme.remove_session": ("POST", "/ascn8/agenda/sessions/{session_id}/remove", LOGGED_IN),
    "programme.reset_feed": ("POST", "/ascn8/agenda/feed/reset", LOGGED_IN),
    "programme_api.programme_all": ("GET", "/ascn8/api/programme", EVERYONE),
    "programme_api.sessions_list": ("GET", "/ascn8/api/programme/sessions", EVERYONE),
    "programme_api.session_detail": ("GET", "/ascn8/api/programme/sessions/{session_id}", EVERYONE),
    "programme_api.speakers_list": ("GET", "/ascn8/api/programme/speakers", EVERYONE),
    "programme_api.rooms_list": ("GET", "/ascn8/api/programme/rooms", EVERYONE),
    "programme_api.openapi": ("GET", "/ascn8/api/programme/openapi.json", EVERYONE),
    "programme_manage.index": ("GET", "/ascn8/manage/programme/", ORGANISERS),
    "programme_manage.edit_session": ("GET", "/ascn8/manage/programme/sessions/{session_id}", ORGANISERS),
    "programme_manage.delete_session": (
        "POST",
        "/ascn8/manage/programme/sessions/{session_id}/delete",
        ORGANISERS,
    ),
    "programme_manage.catalogue_list": ("GET", "/ascn8/manage/programme/rooms", ORGANISERS),
    "programme_manage.catalogue_edit": ("GET", "/ascn8/manage/programme/speakers/{speaker_id}", ORGANISERS),
    "programme_manage.catalogue_delete": (
        "POST",
        "/ascn8/manage/programme/rooms/{room_id}/delete",
        ORGANISERS,
    ),
    "programme_manage.publish": ("GET", "/ascn8/manage/programme/publish", ORGANISERS),
    "programme_manage.preview": ("GET", "/ascn8/manage/programme/preview", ORGANISERS),
    "programme_manage.export": ("GET", "/ascn8/manage/programme/export.xlsx", ORGANISERS),
    "programme_manage.import_programme": ("GET", "/ascn8/manage/programme/import", ORGANISERS),
    "visits.index": ("GET", "/ascn8/visits", EVERYONE),
    "visits.visit": ("GET", "/ascn8/visits/{visit_id}", EVERYONE),
    # Each delegate books and cancels only their own seat: no booking id in the URL.
    "visits.book": ("POST", "/ascn8/visits/{visit_id}/book", LOGGED_IN),
    "visits.cancel": ("POST", "/ascn8/visits/{visit_id}/cancel", LOGGED_IN),
    "visits_manage.index": ("GET", "/ascn8/manage/visits/", STAFF_UP),
    "visits_manage.bookings": ("GET", "/ascn8/manage/visits/{visit_id}", STAFF_UP),
    "visits_manage.manifest_file": ("GET", "/ascn8/manage/visits/{visit_id}/manifest.xlsx", STAFF_UP),
    "visits_manage.edit": ("GET", "/ascn8/manage/visits/{visit_id}/edit", ORGANISERS),
    "visits_manage.delete": ("POST", "/ascn8/manage/visits/{visit_id}/delete", ORGANISERS),
    "visits_manage.add": ("GET", "/ascn8/manage/visits/{visit_id}/add?q=given", ORGANISERS),
    "visits_manage.cancel": (
        "POST",
        "/ascn8/manage/visits/{visit_id}/bookings/{booking_id}/cancel",
        ORGANISERS,
    ),
    "visits_manage.move": ("GET", "/ascn8/manage/visits/{visit_id}/bookings/{booking_id}/move", ORGANISERS),
    # Check-in: the scanner's API, for the paired device of the staff member of the list.
    "checkin_api.device_state": ("GET", "/ascn8/api/checkin/device", DEVICE),
    "checkin_api.offline_data": ("GET", "/ascn8/api/checkin/offline", DEVICE),
    "checkin_api.scan": ("POST", "/ascn8/api/checkin/scans", DEVICE),
    "checkin_api.sync": ("POST", "/ascn8/api/checkin/sync", DEVICE),
    "checkin_api.photo": ("GET", "/ascn8/api/checkin/photos/{registration_id}", DEVICE),
    "checkin_api.search": ("GET", "/ascn8/api/checkin/search?q=given", DEVICE),
    "checkin_api.sign_out": ("POST", "/ascn8/api/checkin/sign-out", DEVICE),
    # Check-in: the scanner's pages (staff of a list and organisers).
    "checkin.index": ("GET", "/ascn8/checkin/", STAFF_UP),
    "checkin.pair": ("GET", "/ascn8/checkin/pair", STAFF_UP),
    # Staff reach it and are refused by the service with a message: only organisers pair
    # their own browser without a code (devices.pair_here).
    "checkin.pair_here": ("POST", "/ascn8/checkin/lists/{list_id}/pair-here", STAFF_UP),
    # The shell, manifest and service worker hold no data and must load offline.
    "checkin.scanner": ("GET", "/ascn8/checkin/scan", EVERYONE),
    "checkin.manifest": ("GET", "/ascn8/checkin/manifest.webmanifest", EVERYONE),
    "checkin.service_worker": ("GET", "/ascn8/checkin/sw.js", EVERYONE),
    # Check-in: the organisers' pages.
    # Staff read the lists, live attendance and a delegate's history; organisers change.
    "checkin_manage.index": ("GET", "/ascn8/manage/checkin/", STAFF_UP),
    "checkin_manage.attendance": ("GET", "/ascn8/manage/checkin/lists/{list_id}/attendance", STAFF_UP),
    "checkin_manage.attendance_data": (
        "GET",
        "/ascn8/manage/checkin/lists/{list_id}/attendance.json",
        STAFF_UP,
    ),
    "checkin_manage.person": ("GET", "/ascn8/manage/checkin/people/{registration_id}", STAFF_UP),
    "checkin_manage.edit_list": ("GET", "/ascn8/manage/checkin/lists/{list_id}/edit", ORGANISERS),
    "checkin_manage.delete_list": ("POST", "/ascn8/manage/checkin/lists/{list_id}/delete", ORGANISERS),
    "checkin_manage.bus_lists": ("POST", "/ascn8/manage/checkin/lists/buses", ORGANISERS),
    "checkin_manage.list_page": ("GET", "/ascn8/manage/checkin/lists/{list_id}", ORGANISERS),
    "checkin_manage.add_device": ("POST", "/ascn8/manage/checkin/lists/{list_id}/devices", ORGANISERS),
    "checkin_manage.revoke_device": (
        "POST",
        "/ascn8/manage/checkin/lists/{list_id}/devices/{device_id}/revoke",
        ORGANISERS,
    ),
    "checkin_manage.revoke_devices": (
        "POST",
        "/ascn8/manage/checkin/lists/{list_id}/devices/revoke",
        ORGANISERS,
    ),
    "checkin_manage.export_event": ("GET", "/ascn8/manage/checkin/scans.xlsx", ORGANISERS),
    "checkin_manage.export_list": ("GET", "/ascn8/manage/checkin/lists/{list_id}/scans.csv", ORGANISERS),
    "checkin_manage.conflicts": ("GET", "/ascn8/manage/checkin/conflicts", ORGANISERS),
    "checkin_manage.resolve_conflict": (
        "POST",
        "/ascn8/manage/checkin/conflicts/{conflict_id}/resolve",
        ORGANISERS,
    ),
    # Bilateral meetings: rooms, slots, settings, the organisers' request list, signings.
    # Staff open the index and print the room stewards' list; organisers change.
    "bilaterals_manage.index": ("GET", "/ascn8/manage/bilaterals/", STAFF_UP),
    "bilaterals_manage.stewards": ("GET", "/ascn8/manage/bilaterals/stewards.pdf?day=2025-09-09", STAFF_UP),
    "bilaterals_manage.rooms_page": ("GET", "/ascn8/manage/bilaterals/rooms", ORGANISERS),
    "bilaterals_manage.edit_room": ("GET", "/ascn8/manage/bilaterals/rooms/{bilateral_room_id}", ORGANISERS),
    "bilaterals_manage.delete_room": (
        "POST",
        "/ascn8/manage/bilaterals/rooms/{bilateral_room_id}/delete",
        ORGANISERS,
    ),
    "bilaterals_manage.slots": ("GET", "/ascn8/manage/bilaterals/slots", ORGANISERS),
    "bilaterals_manage.delete_slot": (
        "POST",
        "/ascn8/manage/bilaterals/slots/{bilateral_slot_id}/delete",
        ORGANISERS,
    ),
    "bilaterals_manage.settings": ("GET", "/ascn8/manage/bilaterals/settings", ORGANISERS),
    "bilaterals_manage.requests": ("GET", "/ascn8/manage/bilaterals/requests", ORGANISERS),
    "bilaterals_manage.request_page": (
        "GET",
        "/ascn8/manage/bilaterals/requests/{other_bilateral_id}",
        ORGANISERS,
    ),
    "bilaterals_manage.publish_signing": (
        "POST",
        "/ascn8/manage/bilaterals/requests/{bilateral_id}/signing/publish",
        ORGANISERS,
    ),
    "bilaterals_manage.withdraw_signing": (
        "POST",
        "/ascn8/manage/bilaterals/requests/{bilateral_id}/signing/withdraw",
        ORGANISERS,
    ),
    # Bilateral meetings: the delegations' requests. Whoever speaks for a delegation (its
    # focal point, or its Head of Delegation) uses them; anyone else gets a page saying so
    # (403), organisers and administrators included: they see requests in their own pages.
    # The answers to the world's meeting are refused with a message (Malaysia asked it and
    # it is placed): reached, not forbidden.
    "bilaterals.index": ("GET", "/ascn8/bilaterals/", FOCAL),
    "bilaterals.new_request": ("GET", "/ascn8/bilaterals/new", FOCAL),
    "bilaterals.request_page": ("GET", "/ascn8/bilaterals/{bilateral_id}", FOCAL),
    "bilaterals.accept": ("POST", "/ascn8/bilaterals/{bilateral_id}/accept", FOCAL),
    "bilaterals.propose": ("POST", "/ascn8/bilaterals/{bilateral_id}/propose", FOCAL),
    "bilaterals.decline": ("POST", "/ascn8/bilaterals/{bilateral_id}/decline", FOCAL),
    "bilaterals.agree": ("POST", "/ascn8/bilaterals/{bilateral_id}/agree", FOCAL),
    "bilaterals.withdraw": ("POST", "/ascn8/bilaterals/{bilateral_id}/withdraw", FOCAL),
    # Certificates of attendance.
    # A delegate's own (no id in the address; the page says why none yet to anyone else).
    "certificates.mine": ("GET", "/ascn8/certificates/", LOGGED_IN),
    "certificates.pdf": ("GET", "/ascn8/certificates/certificate.pdf", LOGGED_IN),
    # The page a certificate's QR code opens, for anyone.
    "certificates.verify": ("GET", "/ascn8/certificates/verify/not-a-token", EVERYONE),
    # Bilateral meetings: the grid and the placement (staff read it, organisers change it).
    "bilaterals_manage.grid": ("GET", "/ascn8/manage/bilaterals/grid", STAFF_UP),
    "bilaterals_manage.place_all": ("POST", "/ascn8/manage/bilaterals/grid/place-all", ORGANISERS),
    "bilaterals_manage.place": ("POST", "/ascn8/manage/bilaterals/grid/place", ORGANISERS),
    "bilaterals_manage.unplace": ("POST", "/ascn8/manage/bilaterals/grid/unplace", ORGANISERS),
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints - MATRIX.keys() == set(), "add these routes to the authorisation matrix"
    assert MATRIX.keys() - endpoints == set(), "the matrix lists routes that no longer exist"


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


@pytest.fixture
def world(app, make, kept):
    """Built once for the cases that only read (see `test_access`)."""
    return kept("world", lambda: _world(app, make))


def _world(app, make) -> World:
    event = make.event()
    category = make.category(event.id)
    target = make.user(email="target@example.org")
    country = make.country("SG", "Singapore", "Singapura")
    message_id = make.outbox_message("target@example.org").id
    programme = _published_programme(make, event.id, target.id)
    accounts = {
        role: make.user(role="delegate" if role == "other_delegate" else role, event_id=event.id).email
        for role in ROLES
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
    _identity_change(make, own.id)
    batch_id = _badge_batch(make, event.id, own.id)
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
        "role_id": staff_role_id,
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


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_access(request, world, endpoint, role):
    method, path, allowed = MATRIX[endpoint]
    if method == "GET" or role not in allowed:
        # A page read or a refusal changes nothing: the next case may use the same world
        # and the same logged-in browsers. A POST that is let through gets its own world.
        request.applymarker(pytest.mark.reads_only)
    path = path.format(**world.ids)
    client = world.client(role)
    if allowed is DEVICE:
        _device_access(world, client, method, path)
        return
    response = post(client, path) if method == "POST" else client.get(path)
    refused_to_login = (
        response.status_code == 302
        and "/account/login" in response.headers["Location"]
        and endpoint != "accounts.confirm"
    )
    if role in allowed:
        assert response.status_code not in (401, 403, 404, 500), response.status_code
        assert not refused_to_login or endpoint in ("accounts.logout",)
    elif role == "anonymous":
        assert refused_to_login, (response.status_code, response.headers.get("Location"))
    else:
        assert response.status_code == 403


def _device_access(world, client, method, path) -> None:
    """A login opens nothing of the scanner's API; the paired device's secret does."""
    send = client.post if method == "POST" else client.get
    assert send(path, json={}).status_code == 401
    if method == "POST" and path.endswith("/sign-out"):
        return  # signing out revokes the world's device: left to tests/checkin
    headers = {"Authorization": f"Device {world.ids['device_secret']}"}
    body = {"scans": [{"id": "matrix", "registration": world.ids["registration_id"]}]}
    response = send(path, json=body, headers=headers) if method == "POST" else send(path, headers=headers)
    assert response.status_code not in (401, 403, 404, 500), response.status_code
