"""A booked visit in "My agenda" and the calendar feed, with its meeting point and bus
times; a delegate's own booking and place in line confirmed by email in their language."""

import re

import pytest

from tests.support.visits import letters


@pytest.fixture
def world(make):
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    seated, waiting, malay = (
        make.registration(event.id, country.id, category.id, status="approved", locale=locale)
        for locale in ("en", "en", "ms")
    )
    visit = make.visits.visit(
        event.id, seats=2, title_en="Wetlands", title_ms="Tanah Lembap", meeting_point_en="Lobby Porch"
    )
    make.visits.book(visit.id, seated.id)
    make.visits.book(visit.id, malay.id)
    make.visits.book(visit.id, waiting.id)
    return visit, seated, waiting, malay


def _agenda(client, auth, email):
    auth.login(email)
    page = client.get("/ascn8/agenda", headers={"Accept-Language": "en"}).get_data(as_text=True)
    auth.logout()
    return page


def _feed(client, page):
    feed = re.search(r'value="(http[^"]+\.ics)"', page).group(1)
    return client.get(feed.replace("http://localhost", "")).get_data(as_text=True)


def test_a_booked_visit_is_in_my_agenda_with_meeting_point_and_bus_times(client, auth, world):
    visit, seated, waiting, _ = world
    page = _agenda(client, auth, seated.email)
    assert "Site visit: Wetlands" in page and f'href="/ascn8/visits/{visit.id}"' in page
    assert "Meeting point: Lobby Porch" in page
    assert "Bus leaves at 08:30, back at 12:30. Seat 1." in page
    assert "Site visit: Wetlands" not in _agenda(client, auth, waiting.email)  # a place in line is no seat


def test_the_calendar_feed_holds_the_visit_in_the_subscribers_language(client, auth, world):
    visit, seated, _, malay = world
    body = _feed(client, _agenda(client, auth, seated.email))
    assert f"UID:site-visit-{visit.id}@" in body and "SUMMARY:Site visit: Wetlands" in body
    assert (
        "LOCATION:Lobby Porch" in body and "DESCRIPTION:Bus leaves at 08:30\\, back at 12:30. Seat 1." in body
    )
    body = _feed(client, _agenda(client, auth, malay.email))
    assert "Tanah Lembap" in body and "8.30 pagi" in body and "12.30 tengah hari" in body
    assert "LOCATION:Lobi" in body  # the meeting point in Malay


def test_a_delegates_own_seat_and_place_in_line_are_confirmed_by_email(app, world):
    visit, seated, waiting, malay = world
    mails = {recipient: (locale, subject, body) for recipient, locale, subject, body in letters(app)}
    assert mails[seated.email][1] == "Site visit booked: Wetlands"
    assert "Your seat on this site visit is booked." in mails[seated.email][2]
    assert "Seat: 1" in mails[seated.email][2] and "Meeting point: Lobby Porch" in mails[seated.email][2]
    assert f"http://ascn.test/ascn8/visits/{visit.id}" in mails[seated.email][2]
    assert mails[waiting.email][1] == "On the waiting list: Wetlands"
    assert "you are number 1 on its waiting list" in mails[waiting.email][2]
    assert mails[malay.email][0] == "ms" and "Tanah Lembap" in mails[malay.email][1]
    assert "Tempat duduk: 2" in mails[malay.email][2]
