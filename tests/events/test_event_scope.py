"""Many meetings in one installation: the index, each event under its own address, old
single-event addresses, and roles that hold at one event only."""

from datetime import date, timedelta

from ascn.db import utcnow
from tests.support.web import post


def _two_events(make):
    """ASCN8 (past) and a working-group meeting still to come."""
    today = utcnow().date()
    ascn8 = make.event()
    wg = make.event(
        slug="wg1",
        short_name="WG1",
        name_en="ASCN Working Group Meeting",
        name_ms="Mesyuarat Kumpulan Kerja ASCN",
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=31),
        registration_closes_at=None,
    )
    return ascn8, wg


def test_the_index_lists_upcoming_meetings_first_then_past_ones(client, make):
    _two_events(make)
    page = client.get("/").get_data(as_text=True)
    upcoming, past = page.index("Current and upcoming"), page.index("Past meetings")
    assert upcoming < page.index("ASCN Working Group Meeting") < past
    assert past < page.index("8th ASEAN Smart Cities Network Annual Meeting")
    assert 'href="/wg1/"' in page and 'href="/ascn8/"' in page


def test_the_index_in_malay(client, make):
    _two_events(make)
    page = client.get("/", headers={"Accept-Language": "ms"}).get_data(as_text=True)
    assert "Mesyuarat Kumpulan Kerja ASCN" in page and "Mesyuarat lalu" in page


def test_each_event_has_its_own_pages(client, make):
    _two_events(make)
    wg = client.get("/wg1/").get_data(as_text=True)
    assert "ASCN Working Group Meeting" in wg and 'href="/wg1/programme"' in wg
    assert "8th ASEAN" not in client.get("/wg1/programme").get_data(as_text=True)
    assert "8th ASEAN" in client.get("/ascn8/").get_data(as_text=True)


def test_an_unknown_event_is_a_404_in_the_readers_language(client, make):
    make.event()
    response = client.get("/ascn99/programme", headers={"Accept-Language": "ms"})
    assert response.status_code == 404
    assert "Halaman tidak ditemui" in response.get_data(as_text=True)
    assert client.get("/ascn99/").status_code == 404
    assert client.get("/Not_A-Slug!/").status_code == 404


def test_old_addresses_redirect_to_the_same_page_of_ascn8(client, make):
    _two_events(make)
    response = client.get("/programme?day=2025-09-09")
    assert response.status_code == 308
    assert response.headers["Location"].endswith("/ascn8/programme?day=2025-09-09")
    assert client.get("/manage/registrations").headers["Location"].endswith("/ascn8/manage/registrations")
    # A form posted to an old address keeps its method through the 308.
    moved = post(client, "/visits/1/book")
    assert moved.status_code == 308, moved.status_code
    # An old-looking address with no page behind it is still a plain 404.
    assert client.get("/programme/no-such-page").status_code == 404


def test_a_role_holds_at_its_event_only(client, make, auth):
    ascn8, wg = _two_events(make)
    staff_here = make.user(role="staff", event_id=ascn8.id)
    auth.login(staff_here.email)
    assert client.get("/ascn8/manage/registrations").status_code == 200
    assert client.get("/wg1/manage/registrations").status_code == 403
    nav = client.get("/wg1/").get_data(as_text=True)
    assert "/wg1/manage/registrations" not in nav and "/wg1/registration" in nav


def test_a_delegate_at_one_meeting_is_staff_at_another(app, client, make, auth):
    ascn8, wg = _two_events(make)
    country = make.country()
    category = make.category(wg.id)
    person = make.user(role="staff", event_id=ascn8.id)
    make.registration(
        wg.id, country.id, category.id, user_id=person.id, email=person.email, status="approved"
    )
    auth.login(person.email)
    assert client.get("/ascn8/manage/badges/").status_code == 200
    assert client.get("/wg1/manage/badges/").status_code == 403
    mine = client.get("/wg1/registration").get_data(as_text=True)
    assert "Given" in mine  # their own registration at the working group
    index = client.get("/").get_data(as_text=True)
    assert "Staff" in index and "Registered" in index


def test_a_focal_point_speaks_for_their_delegation_at_their_event_only(client, make, auth):
    ascn8, wg = _two_events(make)
    malaysia = make.country()
    focal = make.user(role="focal_point", country_id=malaysia.id, event_id=ascn8.id)
    auth.login(focal.email)
    assert client.get("/ascn8/delegation").status_code == 200
    assert client.get("/wg1/delegation").status_code == 403


def test_organiser_links_in_the_menu_follow_the_event(client, make, auth):
    ascn8, wg = _two_events(make)
    auth.login(make.user(role="organiser", event_id=wg.id).email)
    page = client.get("/wg1/").get_data(as_text=True)
    assert 'href="/wg1/manage/event"' in page and 'href="/wg1/manage/team"' in page
    assert client.get("/ascn8/manage/event").status_code == 403


def test_a_slug_may_not_take_a_reserved_word(app):
    from ascn.events.scope import is_valid_slug

    assert is_valid_slug("ascn9") and is_valid_slug("ascn-wg-2026")
    for slug in ("admin", "manage", "account", "static", "-x", "x-", "ASCN9", "a" * 41, "ascn٩"):
        assert not is_valid_slug(slug), slug


def test_the_past_event_stays_current_through_its_last_day(client, make):
    today = utcnow().date()
    make.event(slug="today", short_name="Today", start_date=today - timedelta(days=2), end_date=today)
    page = client.get("/").get_data(as_text=True)
    assert "Past meetings" not in page and date.today().year > 2000


def test_another_events_ids_are_not_found_through_this_events_address(client, make, auth):
    """An organiser of the working group, at its own addresses, asks for ASCN8's rows by id."""
    ascn8, wg = _two_events(make)
    country = make.country()
    category = make.category(ascn8.id)
    registration = make.registration(ascn8.id, country.id, category.id, status="approved")
    visit = make.visits.visit(ascn8.id)
    room = make.programme.room(ascn8.id)
    kind = make.programme.session_type(ascn8.id)
    session = make.programme.session(ascn8.id, kind.id, room_id=room.id)
    auth.login(make.user(role="organiser", event_id=wg.id).email)
    for path in (
        f"/wg1/manage/registrations/{registration.id}",
        f"/wg1/manage/registrations/{registration.id}/edit",
        f"/wg1/manage/badges/registrations/{registration.id}",
        f"/wg1/manage/categories/{category.id}",
        f"/wg1/manage/badge-templates/{category.id}",
        f"/wg1/manage/visits/{visit.id}",
        f"/wg1/manage/visits/{visit.id}/edit",
        f"/wg1/manage/programme/sessions/{session.id}",
        f"/wg1/manage/programme/rooms/{room.id}",
    ):
        assert client.get(path).status_code == 404, path
    for path in (
        f"/wg1/manage/registrations/{registration.id}/decide",
        f"/wg1/manage/categories/{category.id}/delete",
        f"/wg1/manage/visits/{visit.id}/delete",
        f"/wg1/manage/programme/sessions/{session.id}/delete",
    ):
        assert post(client, path, {"decision": "rejected", "reason": "x"}).status_code == 404, path
    assert client.get(f"/ascn8/manage/registrations/{registration.id}").status_code == 403
