"""Who may reach every route. A route the matrix does not list fails the test, so a new
route cannot ship without a decision about who may use it."""

import pytest

from tests.support.access_world import build_world
from tests.support.web import post

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
    # The event's look: organisers set it; its logo and colours are for every page and email.
    "look.edit_look": ("GET", "/ascn8/manage/look", ORGANISERS),
    "look.logo": ("GET", "/ascn8/logo.png", EVERYONE),
    "look.stylesheet": ("GET", "/ascn8/look.css", EVERYONE),
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
    # A kept upload's preview: only its uploader's (another token sends back to the form).
    "delegation.import_preview_page": ("GET", "/ascn8/delegation/import/not-a-token", FOCAL),
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
    "accreditation.catering_summary": ("GET", "/ascn8/manage/catering", STAFF_UP),
    "accreditation.dietary_option": ("GET", "/ascn8/manage/catering/options/{option_id}", ORGANISERS),
    "accreditation.delete_dietary_option": (
        "POST",
        "/ascn8/manage/catering/options/{option_id}/delete",
        ORGANISERS,
    ),
    "accreditation.deletion_requests": ("GET", "/ascn8/manage/deletion-requests", ORGANISERS),
    "accreditation.rejection_reasons": ("GET", "/ascn8/manage/rejection-reasons", ORGANISERS),
    "accreditation.edit_rejection_reason": ("GET", "/ascn8/manage/rejection-reasons/{reason_id}", ORGANISERS),
    "accreditation.delete_rejection_reason": (
        "POST",
        "/ascn8/manage/rejection-reasons/{reason_id}/delete",
        ORGANISERS,
    ),
    "accreditation.confirm_deletion": (
        "POST",
        "/ascn8/manage/deletion-requests/{request_id}/confirm",
        ORGANISERS,
    ),
    "badges.desk": ("GET", "/ascn8/manage/badges/?q=given", STAFF_UP),
    "badges.registration": ("GET", "/ascn8/manage/badges/registrations/{registration_id}", STAFF_UP),
    "badges.print_badge": ("POST", "/ascn8/manage/badges/registrations/{registration_id}/print", STAFF_UP),
    "badges.hand_over": (
        "POST",
        "/ascn8/manage/badges/registrations/{registration_id}/handover",
        STAFF_UP,
    ),
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
    "programme_manage.import_preview_page": ("GET", "/ascn8/manage/programme/import/not-a-token", ORGANISERS),
    "visits.index": ("GET", "/ascn8/visits", EVERYONE),
    "visits.visit": ("GET", "/ascn8/visits/{visit_id}", EVERYONE),
    # Each delegate books and cancels only their own seat: no booking id in the URL.
    "visits.book": ("POST", "/ascn8/visits/{visit_id}/book", LOGGED_IN),
    "visits.cancel": ("POST", "/ascn8/visits/{visit_id}/cancel", LOGGED_IN),
    "visits.wait": ("POST", "/ascn8/visits/{visit_id}/wait", LOGGED_IN),
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


@pytest.fixture
def world(app, make, kept):
    """Built once for the cases that only read (see `test_access`)."""
    return kept("world", lambda: build_world(app, make, ROLES))


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
