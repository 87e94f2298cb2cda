"""The new-event page: an organiser starts next year's meeting from this year's settings."""

from datetime import date

from sqlalchemy import select

from ascn.events.models import Category, Event, EventRole
from ascn.extensions import db
from tests.support.web import post

FORM = {
    "slug": "ascn9",
    "short_name": "ASCN9",
    "name_en": "9th ASEAN Smart Cities Network Annual Meeting",
    "name_ms": "Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-9",
    "start_date": "2026-09-07",
    "end_date": "2026-09-11",
    "categories": "y",
    "privacy": "y",
}


def test_an_organiser_copies_their_event_and_runs_the_copy(app, client, make, auth):
    source = make.event()
    make.category(source.id, code="delegate")
    organiser = make.user(role="organiser", event_id=source.id)
    auth.login(organiser.email)
    response = post(client, "/events/new", {**FORM, "source_id": str(source.id)}, token_from="/events/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/ascn9/manage/event")
    with app.app_context():
        copy = db.session.scalar(select(Event).where(Event.slug == "ascn9"))
        assert copy.start_date == date(2026, 9, 7)
        assert [c.code for c in db.session.scalars(select(Category).where(Category.event_id == copy.id))] == [
            "delegate"
        ]
        role = db.session.scalar(select(EventRole).where(EventRole.event_id == copy.id))
        assert (role.user_id, role.role) == (organiser.id, "organiser")
    assert client.get("/ascn9/manage/event").status_code == 200


def test_an_organiser_cannot_copy_an_event_they_do_not_run(app, client, make, auth):
    mine = make.event()
    theirs = make.event(slug="wg1", short_name="WG1")
    auth.login(make.user(role="organiser", event_id=mine.id).email)
    page = client.get("/events/new").get_data(as_text=True)
    assert f'value="{mine.id}"' in page and f'value="{theirs.id}"' not in page
    response = post(client, "/events/new", {**FORM, "source_id": str(theirs.id)}, token_from="/events/new")
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Event).where(Event.slug == "ascn9")) is None


def test_the_page_explains_a_taken_or_reserved_address(client, make, auth):
    source = make.event()
    auth.login(make.user(role="admin").email)
    for slug, message in (
        ("ascn8", "Another event already uses this address."),
        ("manage", "This address is used by the site itself."),
        ("ASCN 9", "The address takes 2 to 40 lowercase letters"),
    ):
        page = post(client, "/events/new", {**FORM, "slug": slug, "source_id": str(source.id)}).get_data(
            as_text=True
        )
        assert message in page, slug


def test_delegates_and_staff_have_no_new_event_page(client, make, auth):
    make.event()
    auth.login(make.user(role="staff").email)
    assert client.get("/events/new").status_code == 403
