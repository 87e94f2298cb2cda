"""Waiting for a preferred visit while keeping the seat held at the same hour: the place in
line, its promotion that gives the kept seat up (and promotes there), leaving either one,
and the emails."""

from datetime import datetime, timezone

import pytest

from ascn.extensions import db
from tests.support.pages import flashes
from tests.support.visits import (
    bookings,
    cancel_booking,
    kept_seat,
    letters,
    mail_from_now,
    wait_keeping_seat,
)
from tests.support.web import post

ALREADY = "You can wait for only one other visit while keeping this seat. Leave that waiting list first."


@pytest.fixture
def world(make):
    """Two full visits at the same hour, one seat each: X holds the Command Centre's seat
    (Z waits for it), Y holds the Wetlands' seat. X reads Malay."""
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    x, y, z, w = (
        make.registration(event.id, country.id, category.id, status="approved", locale=locale)
        for locale in ("ms", "en", "en", "en")
    )
    centre = make.visits.visit(event.id, seats=1, title_en="Command Centre", title_ms="Pusat Kawalan")
    wetlands = make.visits.visit(event.id, seats=1, title_en="Wetlands", title_ms="Tanah Lembap")
    make.visits.book(centre.id, x.id)
    make.visits.book(centre.id, z.id)
    make.visits.book(wetlands.id, y.id)
    mail_from_now(make.app)
    return event, centre, wetlands, x, y, z, w


def test_a_seat_holder_waits_keeping_the_seat_and_is_swapped_when_a_seat_frees(app, world):
    _, centre, wetlands, x, y, z, _ = world
    assert wait_keeping_seat(app, wetlands.id, x.id) == ("waiting", None)
    assert kept_seat(app, wetlands.id, x.id) == centre.id
    assert bookings(app, centre.id) == [(x.id, "confirmed", 1), (z.id, "waiting", None)]

    cancel_booking(app, wetlands.id, y.id)

    # One transaction: X takes the Wetlands seat, gives the Centre's up, Z is promoted there.
    assert bookings(app, wetlands.id) == [(y.id, "cancelled", None), (x.id, "confirmed", 1)]
    assert bookings(app, centre.id) == [(x.id, "cancelled", None), (z.id, "confirmed", 1)]
    assert kept_seat(app, wetlands.id, x.id) is None
    mails = letters(app)
    queued, swapped, promoted = mails
    assert queued[:2] == (x.email, "ms") and "Tanah Lembap" in queued[2] and "Pusat Kawalan" in queued[3]
    assert swapped[:2] == (x.email, "ms") and "Tempat duduk" in swapped[2] and "Tanah Lembap" in swapped[2]
    assert "Pusat Kawalan" in swapped[3]  # the seat given up, named in the reader's language
    assert promoted[0] == z.email and "first on the waiting list" in promoted[3]
    assert len(mails) == 3


def test_leaving_the_waiting_list_keeps_the_seat(app, world):
    _, centre, wetlands, x, y, z, _ = world
    wait_keeping_seat(app, wetlands.id, x.id)
    cancel_booking(app, wetlands.id, x.id)
    assert bookings(app, centre.id) == [(x.id, "confirmed", 1), (z.id, "waiting", None)]
    assert bookings(app, wetlands.id) == [(y.id, "confirmed", 1), (x.id, "cancelled", None)]


def test_cancelling_the_kept_seat_leaves_a_plain_place_in_line(app, world):
    _, centre, wetlands, x, y, z, _ = world
    wait_keeping_seat(app, wetlands.id, x.id)
    cancel_booking(app, centre.id, x.id)
    assert bookings(app, centre.id) == [(x.id, "cancelled", None), (z.id, "confirmed", 1)]
    assert bookings(app, wetlands.id)[1] == (x.id, "waiting", None)
    assert kept_seat(app, wetlands.id, x.id) is None
    cancel_booking(app, wetlands.id, y.id)
    assert bookings(app, wetlands.id)[1] == (x.id, "confirmed", 1)
    assert bookings(app, centre.id) == [(x.id, "cancelled", None), (z.id, "confirmed", 1)]


def test_one_seat_keeps_one_place_in_line_and_plain_booking_stays_refused(app, make, world):
    event, centre, wetlands, x, *_ = world
    third = make.visits.visit(event.id, seats=0, title_en="Botanical Garden")
    assert wait_keeping_seat(app, wetlands.id, x.id) == ("waiting", None)
    assert wait_keeping_seat(app, third.id, x.id) == ALREADY
    assert wait_keeping_seat(app, wetlands.id, x.id) == ALREADY
    assert bookings(app, third.id) == []


def test_a_free_seat_at_the_same_hour_is_taken_at_once_and_the_kept_one_given_up(app, make, world):
    event, centre, _, x, _, z, _ = world
    roomy = make.visits.visit(event.id, seats=3, title_en="Smart Traffic Centre")
    assert wait_keeping_seat(app, roomy.id, x.id) == ("confirmed", 1)
    assert bookings(app, centre.id) == [(x.id, "cancelled", None), (z.id, "confirmed", 1)]


def test_without_a_seat_at_the_same_hour_there_is_nothing_to_keep(app, make, world):
    event, _, wetlands, _, _, _, w = world
    assert wait_keeping_seat(app, wetlands.id, w.id) == (
        "You have no seat at the same time as this visit: book it directly."
    )
    later = make.visits.visit(event.id, seats=0, departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc))
    _, centre, _, x, *_ = world
    assert wait_keeping_seat(app, later.id, x.id) == (
        "You have no seat at the same time as this visit: book it directly."
    )


def test_two_delegates_preferring_each_others_visit_swap_when_seats_are_added(app, world):
    """A chain: X keeps the Centre's seat waiting for the Wetlands; Y keeps the Wetlands'
    waiting for the Centre. One more seat on the Wetlands promotes X, whose Centre seat goes
    to Y, whose Wetlands seat goes back to the line (empty): no one holds two seats."""
    from ascn.visits import booking
    from ascn.visits.models import SiteVisit

    _, centre, wetlands, x, y, z, _ = world
    cancel_booking(app, centre.id, z.id)
    assert wait_keeping_seat(app, wetlands.id, x.id) == ("waiting", None)
    assert wait_keeping_seat(app, centre.id, y.id) == ("waiting", None)
    with app.test_request_context():
        booking.set_seats(db.session.get(SiteVisit, wetlands.id), 2)
        db.session.commit()
    assert [b for b in bookings(app, wetlands.id) if b[1] == "confirmed"] == [(x.id, "confirmed", 2)]
    assert [b for b in bookings(app, centre.id) if b[1] == "confirmed"] == [(y.id, "confirmed", 1)]


def _visit_page(client, visit_id):
    return client.get(f"/ascn8/visits/{visit_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_the_visit_page_offers_waiting_while_keeping_the_seat_only_where_it_applies(
    app, client, auth, make, world
):
    event, centre, wetlands, x, y, z, w = world
    other_day = make.visits.visit(event.id, seats=5, departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc))
    auth.login(y.email)  # Y reads English
    page = _visit_page(client, centre.id)
    assert "You have a seat on “Wetlands” at the same time." in page
    assert "Wait for this visit, keep my seat meanwhile" in page and "Join the waiting list" not in page
    page = _visit_page(client, other_day.id)
    assert "Book a seat" in page and "keep my seat" not in page
    auth.logout()
    auth.login(w.email)  # no seat anywhere: the plain waiting list
    page = _visit_page(client, centre.id)
    assert "Join the waiting list" in page and "keep my seat" not in page
    auth.logout()

    auth.login(y.email)
    response = post(
        client,
        f"/ascn8/visits/{centre.id}/wait",
        token_from=f"/ascn8/visits/{centre.id}",
        follow_redirects=True,
    )
    assert flashes(response) == [
        "You are number 2 on the waiting list, and you keep your seat on “Wetlands” "
        "until a seat here is yours."
    ]
    assert "Meanwhile you keep your seat on “Wetlands”." in response.get_data(as_text=True)
    response = post(
        client,
        f"/ascn8/visits/{centre.id}/cancel",
        token_from=f"/ascn8/visits/{centre.id}",
        follow_redirects=True,
    )
    assert flashes(response) == ["You have left the waiting list; you keep your seat on “Wetlands”."]
    assert bookings(app, wetlands.id) == [(y.id, "confirmed", 1)]


def test_a_full_visit_points_to_other_runs_of_the_same_site_with_free_seats(app, client, auth, make, world):
    event, centre, _, _, _, _, w = world
    later = make.visits.visit(
        event.id,
        seats=4,
        title_en="Command Centre (afternoon)",
        title_ms="Pusat Kawalan (petang)",
        departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc),
    )
    full = make.visits.visit(
        event.id, seats=0, title_en="Command Centre", departs_at=datetime(2025, 9, 12, 1, tzinfo=timezone.utc)
    )
    elsewhere = make.visits.visit(event.id, seats=9, title_en="Wetlands Park")
    auth.login(w.email)
    page = _visit_page(client, centre.id)
    assert "Other times with free seats" in page
    assert f'href="/ascn8/visits/{later.id}"' in page and "4 seats left" in page
    assert f"/ascn8/visits/{full.id}" not in page and f"/ascn8/visits/{elsewhere.id}" not in page


def test_the_organisers_waiting_list_shows_which_seat_a_place_keeps(app, client, auth, make, world):
    _, centre, wetlands, x, *_ = world
    wait_keeping_seat(app, wetlands.id, x.id)
    auth.login(make.user(role="staff").email)
    page = client.get(f"/ascn8/manage/visits/{wetlands.id}", headers={"Accept-Language": "en"})
    assert "Keeps a seat on “Command Centre”" in page.get_data(as_text=True)
