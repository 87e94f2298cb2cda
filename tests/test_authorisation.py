"""Who may reach every route. A route the matrix does not list fails the test, so a new
route cannot ship without a decision about who may use it."""

import pytest

from tests.conftest import Auth, new_client, post

ROLES = ("anonymous", "delegate", "other_delegate", "focal_point", "staff", "organiser", "admin")
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
ORGANISERS = {"organiser", "admin"}
STAFF_UP = {"staff", "organiser", "admin"}
FOCAL = {"focal_point"}
ADMINS = {"admin"}

# endpoint: (method, path with {placeholders} from the `world` fixture, who may use it)
MATRIX = {
    "main.home": ("GET", "/", EVERYONE),
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
    "events.edit_event": ("GET", "/manage/event", ORGANISERS),
    "events.categories": ("GET", "/manage/categories", ORGANISERS),
    "events.edit_category": ("GET", "/manage/categories/{category_id}", ORGANISERS),
    "events.delete_category": ("POST", "/manage/categories/{category_id}/delete", ORGANISERS),
    "events.countries": ("GET", "/manage/countries", ORGANISERS),
    "events.edit_country": ("GET", "/manage/countries/{country_id}", ORGANISERS),
    "admin.users": ("GET", "/admin/users", ADMINS),
    "admin.edit_user": ("GET", "/admin/users/{user_id}", ADMINS),
    "admin.invite_user": ("GET", "/admin/users/new", ADMINS),
    "admin.outbox": ("GET", "/admin/outbox", ADMINS),
    "admin.outbox_message": ("GET", "/admin/outbox/{message_id}", ADMINS),
    "admin.resend_message": ("POST", "/admin/outbox/{message_id}/resend", ADMINS),
    "admin.resend_unsent": ("POST", "/admin/outbox/resend", ADMINS),
    "registration.register": ("GET", "/register", EVERYONE),
    "registration.privacy_notice": ("GET", "/privacy", EVERYONE),
    "registration.mine": ("GET", "/registration", LOGGED_IN),
    "registration.edit": ("GET", "/registration/edit", LOGGED_IN),
    "registration.cancel": ("POST", "/registration/cancel", LOGGED_IN),
    "registration.replace_photo": ("GET", "/registration/photo", LOGGED_IN),
    "registration.my_data": ("GET", "/registration/data.json", LOGGED_IN),
    "registration.request_deletion": ("GET", "/registration/delete-account", LOGGED_IN),
    # The delegate's own photo: the delegate, their focal point, staff upwards.
    "registration.photo": (
        "GET",
        "/registration/{registration_id}/photo.jpg",
        {"delegate", "focal_point"} | STAFF_UP,
    ),
    "delegation.overview": ("GET", "/delegation", FOCAL),
    "delegation.add": ("GET", "/delegation/add", FOCAL),
    "delegation.edit": ("GET", "/delegation/{registration_id}", FOCAL),
    "delegation.replace": ("GET", "/delegation/{registration_id}/replace", FOCAL),
    "delegation.withdraw": ("POST", "/delegation/{registration_id}/withdraw", FOCAL),
    "delegation.designate_head": ("GET", "/delegation/{registration_id}/head", FOCAL),
    "delegation.confirm": ("POST", "/delegation/{registration_id}/confirm", FOCAL),
    "delegation.decline": ("POST", "/delegation/{registration_id}/decline", FOCAL),
    "delegation.import_members": ("GET", "/delegation/import", FOCAL),
    "delegation.template": ("GET", "/delegation/template.xlsx", FOCAL),
    "accreditation.registrations": ("GET", "/manage/registrations", STAFF_UP),
    "accreditation.registration": ("GET", "/manage/registrations/{registration_id}", STAFF_UP),
    "accreditation.export": ("GET", "/manage/registrations/export.xlsx", STAFF_UP),
    "accreditation.decide": ("POST", "/manage/registrations/decide", ORGANISERS),
    "accreditation.edit_registration": ("GET", "/manage/registrations/{registration_id}/edit", ORGANISERS),
    "accreditation.decide_one": ("POST", "/manage/registrations/{registration_id}/decide", ORGANISERS),
    "accreditation.confirm_for_delegation": (
        "POST",
        "/manage/registrations/{registration_id}/confirm",
        ORGANISERS,
    ),
    "accreditation.decide_identity_change": (
        "POST",
        "/manage/registrations/{registration_id}/identity-change",
        ORGANISERS,
    ),
    "accreditation.identity_change_photo": (
        "GET",
        "/manage/registrations/{registration_id}/identity-change/photo.jpg",
        STAFF_UP,
    ),
    "accreditation.mark_distinct": ("POST", "/manage/registrations/{registration_id}/distinct", ORGANISERS),
    "accreditation.delegation_quotas": ("GET", "/manage/delegations", ORGANISERS),
    "accreditation.settings": ("GET", "/manage/registration-settings", ORGANISERS),
    "accreditation.deletion_requests": ("GET", "/manage/deletion-requests", ORGANISERS),
    "accreditation.confirm_deletion": ("POST", "/manage/deletion-requests/{request_id}/confirm", ORGANISERS),
    "badges.desk": ("GET", "/manage/badges/?q=given", STAFF_UP),
    "badges.registration": ("GET", "/manage/badges/registrations/{registration_id}", STAFF_UP),
    "badges.print_badge": ("POST", "/manage/badges/registrations/{registration_id}/print", STAFF_UP),
    "badges.scan": ("GET", "/manage/badges/scan?token=1.1.abc", STAFF_UP),
    "badges.batches_page": ("GET", "/manage/badges/batches", STAFF_UP),
    "badges.batch": ("GET", "/manage/badges/batches/{batch_id}", STAFF_UP),
    "badges.batch_progress": ("GET", "/manage/badges/batches/{batch_id}/progress", STAFF_UP),
    "badges.retry_batch": ("POST", "/manage/badges/batches/{batch_id}/retry", STAFF_UP),
    "badges.batch_pdf": ("GET", "/manage/badges/batches/{batch_id}/badges.pdf", STAFF_UP),
    "badge_templates.index": ("GET", "/manage/badge-templates/", ORGANISERS),
    "badge_templates.edit": ("GET", "/manage/badge-templates/{category_id}", ORGANISERS),
    "badge_templates.preview": ("GET", "/manage/badge-templates/{category_id}/preview?layout=a4", ORGANISERS),
    "badge_templates.preview_pdf": ("GET", "/manage/badge-templates/{category_id}/preview.pdf", ORGANISERS),
    # A delegate's own badge: no id in the address, so no one reaches another's.
    "my_badge.badge": ("GET", "/registration/badge", LOGGED_IN),
    "my_badge.badge_pdf": ("GET", "/registration/badge.pdf", LOGGED_IN),
    "programme.index": ("GET", "/programme", EVERYONE),
    "programme.session": ("GET", "/programme/sessions/{session_id}", EVERYONE),
    "programme.session_ics": ("GET", "/programme/sessions/{session_id}.ics", EVERYONE),
    "programme.speakers": ("GET", "/programme/speakers", EVERYONE),
    "programme.speaker": ("GET", "/programme/speakers/{speaker_id}", EVERYONE),
    "programme.speaker_photo": ("GET", "/programme/speakers/{speaker_id}/photo", EVERYONE),
    "programme.booklet": ("GET", "/programme/booklet.pdf?lang=en", EVERYONE),
    "programme.feed": ("GET", "/agenda/feed/{feed_token}.ics", EVERYONE),
    "programme.agenda": ("GET", "/agenda", LOGGED_IN),
    "programme.save_session": ("POST", "/agenda/sessions/{session_id}/save", LOGGED_IN),
    "programme.remove_session": ("POST", "/agenda/sessions/{session_id}/remove", LOGGED_IN),
    "programme.reset_feed": ("POST", "/agenda/feed/reset", LOGGED_IN),
    "programme_api.programme_all": ("GET", "/api/programme", EVERYONE),
    "programme_api.sessions_list": ("GET", "/api/programme/sessions", EVERYONE),
    "programme_api.session_detail": ("GET", "/api/programme/sessions/{session_id}", EVERYONE),
    "programme_api.speakers_list": ("GET", "/api/programme/speakers", EVERYONE),
    "programme_api.rooms_list": ("GET", "/api/programme/rooms", EVERYONE),
    "programme_api.openapi": ("GET", "/api/programme/openapi.json", EVERYONE),
    "programme_manage.index": ("GET", "/manage/programme/", ORGANISERS),
    "programme_manage.edit_session": ("GET", "/manage/programme/sessions/{session_id}", ORGANISERS),
    "programme_manage.delete_session": ("POST", "/manage/programme/sessions/{session_id}/delete", ORGANISERS),
    "programme_manage.catalogue_list": ("GET", "/manage/programme/rooms", ORGANISERS),
    "programme_manage.catalogue_edit": ("GET", "/manage/programme/speakers/{speaker_id}", ORGANISERS),
    "programme_manage.catalogue_delete": ("POST", "/manage/programme/rooms/{room_id}/delete", ORGANISERS),
    "programme_manage.publish": ("GET", "/manage/programme/publish", ORGANISERS),
    "programme_manage.preview": ("GET", "/manage/programme/preview", ORGANISERS),
    "programme_manage.export": ("GET", "/manage/programme/export.xlsx", ORGANISERS),
    "programme_manage.import_programme": ("GET", "/manage/programme/import", ORGANISERS),
    "visits.index": ("GET", "/visits", EVERYONE),
    "visits.visit": ("GET", "/visits/{visit_id}", EVERYONE),
    # Each delegate books and cancels only their own seat: no booking id in the URL.
    "visits.book": ("POST", "/visits/{visit_id}/book", LOGGED_IN),
    "visits.cancel": ("POST", "/visits/{visit_id}/cancel", LOGGED_IN),
    "visits_manage.index": ("GET", "/manage/visits/", STAFF_UP),
    "visits_manage.bookings": ("GET", "/manage/visits/{visit_id}", STAFF_UP),
    "visits_manage.manifest_file": ("GET", "/manage/visits/{visit_id}/manifest.xlsx", STAFF_UP),
    "visits_manage.edit": ("GET", "/manage/visits/{visit_id}/edit", ORGANISERS),
    "visits_manage.delete": ("POST", "/manage/visits/{visit_id}/delete", ORGANISERS),
    "visits_manage.add": ("GET", "/manage/visits/{visit_id}/add?q=given", ORGANISERS),
    "visits_manage.cancel": ("POST", "/manage/visits/{visit_id}/bookings/{booking_id}/cancel", ORGANISERS),
    "visits_manage.move": ("GET", "/manage/visits/{visit_id}/bookings/{booking_id}/move", ORGANISERS),
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
        role: make.user(role="delegate" if role == "other_delegate" else role).email
        for role in ROLES
        if role not in ("anonymous", "delegate")
    }
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
        **programme,
    }
    return World(app, ids, accounts)


def _identity_change(make, registration_id) -> None:
    """A new photo the delegate asked for, waiting for the organisers."""
    from ascn.extensions import db
    from ascn.registration.models import IdentityChange, Registration
    from tests.factories import jpeg

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
