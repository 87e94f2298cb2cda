"""Every form gets garbage: empty, huge, wrong types, missing CSRF. Each answer is a page
in the user's language, nothing in the database changes, and nothing is a 500."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from ascn import jobs
from ascn.events.services import EVENT_FIELDS
from ascn.extensions import db
from ascn.registration.details import PERSONAL_FIELDS
from ascn.visits.catalogue import VISIT_FIELDS
from tests.support.web import Auth, csrf_token, new_client

HUGE = "x" * 100_000
PERSON = list(PERSONAL_FIELDS)  # every field a registration holds about a person
VISIT = list(VISIT_FIELDS)
# form url: (the role that may post it, its fields)
FORMS = {
    "/account/signup": ("anonymous", ["full_name", "email", "password", "confirm"]),
    "/account/login": ("anonymous", ["email", "password", "remember"]),
    "/account/reset": ("anonymous", ["email"]),
    "/account/password": ("delegate", ["current_password", "password", "confirm"]),
    "/account/profile": ("delegate", ["full_name", "locale"]),
    "/ascn8/manage/event": ("organiser", list(EVENT_FIELDS)),
    "/ascn8/manage/categories/new": ("organiser", ["code", "label_en", "label_ms", "colour", "sort_order"]),
    "/ascn8/manage/look": (
        "organiser",
        ["logo", "drop_logo", "primary_colour", "accent_colour"],
    ),
    "/ascn8/manage/countries/new": (
        "organiser",
        ["code", "name_en", "name_ms", "country_group", "sort_order"],
    ),
    "/admin/users/{user_id}": ("admin", ["role", "country_id", "active"]),
    "/admin/users/new": ("admin", ["full_name", "email", "role", "country_id", "locale"]),
    "/language": ("anonymous", ["lang"]),
    "/ascn8/register": ("anonymous", [*PERSON, "country_id", "category_id", "email", "consent"]),
    "/ascn8/registration/edit": ("registered", PERSON),
    "/ascn8/delegation/add": ("focal_point", [*PERSON, "email", "category_id", "protocol_rank", "is_head"]),
    "/ascn8/delegation/import": ("focal_point", ["file"]),
    "/ascn8/manage/registrations/{registration_id}/edit": ("organiser", [*PERSON, "protocol_rank"]),
    "/ascn8/manage/registrations/decide": ("organiser", ["ids", "action", "reason", "category_id"]),
    "/ascn8/manage/registrations/{registration_id}/decide": (
        "organiser",
        ["action", "reason", "category_id"],
    ),
    "/ascn8/manage/programme/sessions/new": (
        "organiser",
        [
            "title_en",
            "title_ms",
            "description_en",
            "description_ms",
            "type_id",
            "track_id",
            "room_id",
            "starts_at",
            "ends_at",
            "audience",
            "speaker_ids",
            "moderator_ids",
            "chair_ids",
            "cancelled",
            "allow_speaker_clash",
        ],
    ),
    "/ascn8/manage/programme/rooms/new": (
        "organiser",
        ["name_en", "name_ms", "floor_en", "floor_ms", "capacity", "sort_order"],
    ),
    "/ascn8/manage/programme/types/new": (
        "organiser",
        ["code", "label_en", "label_ms", "colour", "sort_order"],
    ),
    "/ascn8/manage/programme/tracks/new": ("organiser", ["name_en", "name_ms", "sort_order"]),
    "/ascn8/manage/programme/speakers/new": (
        "organiser",
        [
            "full_name",
            "account_email",
            "position_en",
            "position_ms",
            "organisation_en",
            "organisation_ms",
            "biography_en",
            "biography_ms",
            "photo",
            "remove_photo",
        ],
    ),
    "/ascn8/manage/programme/import": ("organiser", ["file"]),
    "/ascn8/manage/programme/publish": ("organiser", ["confirm"]),
    "/ascn8/manage/visits/new": ("organiser", VISIT),
    "/ascn8/manage/visits/{visit_id}/edit": ("organiser", VISIT),
    "/ascn8/manage/visits/{visit_id}/add": ("organiser", ["q", "registration_id", "override", "note"]),
    "/ascn8/manage/visits/{visit_id}/bookings/{booking_id}/move": (
        "organiser",
        ["visit_id", "override", "note"],
    ),
    "/ascn8/manage/badge-templates/{category_id}": (
        "organiser",
        [
            "layout",
            "colour",
            "label_en",
            "label_ms",
            "show_photo",
            "show_position",
            "show_organisation",
            "show_country",
            "show_logo",
        ],
    ),  # fmt: skip
    "/ascn8/manage/badges/registrations/{approved_id}/print": ("staff", ["serial", "reason", "note"]),
    "/ascn8/manage/badges/batches": ("staff", ["scope", "country_id", "category_id", "sort"]),
}

GARBAGE = {
    "empty": lambda fields: {},
    "blank": lambda fields: {f: "   " for f in fields},
    "huge": lambda fields: {f: HUGE for f in fields},
    "wrong types": lambda fields: {f: ["1", "2", "[object Object]"] for f in fields},
    "odd text": lambda fields: {f: "<script>alert(1)</script>' OR 1=1 --\u202e" for f in fields},
    "nul": lambda fields: {f: "a\x00b" for f in fields},
    "numbers": lambda fields: {f: "-99999999999999999999" for f in fields},
}


def snapshot():
    tables = db.metadata.sorted_tables
    return {t.name: sorted(map(tuple, db.session.execute(select(t)).all()), key=repr) for t in tables}


class Target:
    """What the forms' addresses point at, and a browser per role and language, logged in
    on first use and kept while the target is."""

    def __init__(self, app, make, event_id, country_id, category_id, ids):
        self.app, self.make, self.ids = app, make, ids
        self.event_id, self.country_id, self.category_id = event_id, country_id, category_id
        self.clients = {}

    def client(self, role, lang="en"):
        if (role, lang) not in self.clients:
            client = new_client(self.app)
            if role == "registered":
                registration = self.make.registration(
                    self.event_id, self.country_id, self.category_id, locale=lang
                )
                Auth(client).login(registration.email)
            elif role != "anonymous":
                Auth(client).login(self.make.user(role=role, locale=lang, country_id=self.country_id).email)
            self.clients[role, lang] = client
        return self.clients[role, lang]


@pytest.fixture
def target(app, make, kept):
    """Built once for the module: every case here asserts that it changed nothing."""
    return kept("target", lambda: _target(app, make))


def _target(app, make) -> Target:
    now = datetime.now(timezone.utc)
    event = make.event(
        registration_opens_at=now - timedelta(days=1), registration_closes_at=now + timedelta(days=9)
    )
    category = make.category(event.id)
    country = make.country()
    user = make.user(email="target@example.org")
    registration = make.registration(event.id, country.id, category.id)
    # Printed once already: any further print must be a reprint with a reason.
    approved = make.registration(event.id, country.id, category.id, status="approved")
    make.badge_printed(approved.id)
    visit = make.visits.visit(event.id, accredited_only=False)
    booking = make.visits.book(visit.id, registration.id)
    with app.app_context():
        jobs.drain()  # the booking's email is written by a job: before the snapshots, not during one
    ids = {
        "user_id": user.id,
        "registration_id": registration.id,
        "approved_id": approved.id,
        "category_id": category.id,
        "visit_id": visit.id,
        "booking_id": booking.id,
    }
    return Target(app, make, event.id, country.id, category.id, ids)


@pytest.mark.reads_only
@pytest.mark.parametrize("url", sorted(FORMS))
@pytest.mark.parametrize("kind", sorted(GARBAGE))
@pytest.mark.parametrize("lang", ["en", "ms"])
def test_garbage_changes_nothing(app, target, url, kind, lang):
    role, fields = FORMS[url]
    client = target.client(role, lang)
    url = url.format(**target.ids)
    with app.app_context():
        before = snapshot()
    data = GARBAGE[kind](fields)
    data["csrf_token"] = csrf_token(client, "/")
    response = client.post(url, data=data, headers={"Accept-Language": lang})
    assert response.status_code in (200, 302, 400, 413), response.status_code
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    if response.status_code == 200 and lang == "ms" and kind != "empty":
        assert '<html lang="ms">' in page
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        assert snapshot() == before


@pytest.mark.reads_only
@pytest.mark.parametrize("url", sorted(FORMS))
def test_missing_csrf_is_refused(app, target, url):
    role, fields = FORMS[url]
    client = target.client(role, "ms")
    with app.app_context():
        before = snapshot()
    response = client.post(
        url.format(**target.ids),
        data={f: "value" for f in fields},
        headers={"Accept-Language": "ms"},
    )
    assert response.status_code == 400
    assert "Borang" in response.get_data(as_text=True)  # the Malay "Form expired" page
    with app.app_context():
        assert snapshot() == before
