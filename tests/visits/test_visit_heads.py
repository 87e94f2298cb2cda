"""Seats held back for Heads of Delegation until a release time: who may take them, the
waiting list honouring them, their release by the clock, and the organisers' form."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from ascn.db import utcnow
from ascn.extensions import db
from ascn.visits.models import SiteVisit
from tests.support.visits import bookings, cancel_booking, letters, mail_from_now
from tests.support.web import post


@pytest.fixture
def world(make):
    event = make.event()
    category = make.category(event.id)
    countries = [make.country(code, name, name) for code, name in (("TH", "Thailand"), ("VN", "Viet Nam"))]
    people = [make.registration(event.id, countries[0].id, category.id, status="approved") for _ in range(3)]
    heads = [
        make.registration(event.id, country.id, category.id, status="approved", is_head=True)
        for country in countries
    ]
    visit = make.visits.visit(
        event.id, seats=2, reserved_for_heads=1, release_at=utcnow() + timedelta(hours=2), title_en="Wetlands"
    )
    return event, visit, people, heads


def _release_now(app, visit_id):
    with app.app_context():
        db.session.execute(
            update(SiteVisit)
            .where(SiteVisit.id == visit_id)
            .values(release_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()


def test_until_release_only_a_head_takes_a_held_seat(app, client, make, world):
    _, visit, (p1, p2, _), (h1, _) = world
    page = client.get(f"/ascn8/visits/{visit.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 seat left" in page and "1 seat held for Heads of Delegation until" in page
    assert make.visits.book(visit.id, p1.id).status == "confirmed"
    assert make.visits.book(visit.id, p2.id).status == "waiting"  # only the held seat is free
    assert make.visits.book(visit.id, h1.id).status == "confirmed"
    assert bookings(app, visit.id) == [
        (p1.id, "confirmed", 1),
        (p2.id, "waiting", None),
        (h1.id, "confirmed", 2),
    ]


def test_the_waiting_list_gives_a_held_seat_to_the_first_head_in_line(app, make, world):
    _, visit, (p1, p2, _), (h1, h2) = world
    for person in (h1, p1, p2, h2):
        make.visits.book(visit.id, person.id)
    cancel_booking(app, visit.id, h1.id)  # the held seat is free again: a Head's, not P2's
    assert bookings(app, visit.id)[1:] == [
        (p1.id, "confirmed", 2),
        (p2.id, "waiting", None),
        (h2.id, "confirmed", 1),
    ]
    cancel_booking(app, visit.id, p1.id)  # an ordinary seat: the first in line
    assert bookings(app, visit.id)[2] == (p2.id, "confirmed", 2)


def test_after_release_the_held_seats_go_to_the_waiting_list_first(app, client, make, world):
    _, visit, (p1, p2, p3), _ = world
    make.visits.book(visit.id, p1.id)
    make.visits.book(visit.id, p2.id)
    _release_now(app, visit.id)  # no job: the next change under the lock sees the clock
    page = client.get(f"/ascn8/visits/{visit.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Full" in page and "seat left" not in page  # the released seat is owed to P2
    assert make.visits.book(visit.id, p3.id).status == "waiting"
    assert bookings(app, visit.id) == [
        (p1.id, "confirmed", 1),
        (p2.id, "confirmed", 2),
        (p3.id, "waiting", None),
    ]


def test_the_sweep_gives_the_released_seats_to_the_waiting_list_without_waiting_for_a_booking(
    app, make, world
):
    from ascn import jobs

    _, visit, (p1, p2, p3), _ = world
    for person in (p1, p2, p3):
        make.visits.book(visit.id, person.id)
    mail_from_now(app)
    _release_now(app, visit.id)
    with app.app_context():
        jobs.sweep()  # what the workers run every JOBS_SWEEP_INTERVAL seconds
        jobs.sweep()  # and again: nobody is promoted twice
    assert bookings(app, visit.id) == [
        (p1.id, "confirmed", 1),
        (p2.id, "confirmed", 2),
        (p3.id, "waiting", None),
    ]
    assert [recipient for recipient, *_ in letters(app)] == [p2.email]


VISIT_FORM = {
    "title_en": "Putrajaya Wetlands",
    "day": "2025-09-10",
    "departs": "08:30",
    "returns": "12:30",
    "seats": "30",
    "closes_at": "2025-09-09T18:00",
    "published": "y",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reserved_for_heads": "31"}, "Hold back at most the visit&#39;s 30 seats."),
        (
            {"reserved_for_heads": "5", "release_at": ""},
            "Say when the held-back seats are released to everyone.",
        ),
        (
            {"reserved_for_heads": "5", "release_at": "2025-09-09T18:30"},
            "Release the held-back seats before the booking deadline.",
        ),
        (
            {"reserved_for_heads": "5", "release_at": "2025-09-01T09:00", "opens_at": "2025-09-02T09:00"},
            "Release the held-back seats after booking opens.",
        ),
    ],
)
def test_the_organisers_form_checks_the_held_seats(app, client, auth, make, world, change, message):
    auth.login(make.user(role="organiser").email)
    url = f"/ascn8/manage/visits/{world[1].id}/edit"
    response = post(client, url, {**VISIT_FORM, **change}, token_from=url, headers={"Accept-Language": "en"})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(SiteVisit, world[1].id).reserved_for_heads == 1


def test_an_organiser_holds_seats_back_in_kuala_lumpur_time_and_sees_them(app, client, auth, make, world):
    auth.login(make.user(role="organiser").email)
    url = f"/ascn8/manage/visits/{world[1].id}/edit"
    change = {"reserved_for_heads": "4", "release_at": "2025-09-09T12:00"}
    assert post(client, url, {**VISIT_FORM, **change}, token_from=url).status_code == 302
    with app.app_context():
        visit = db.session.get(SiteVisit, world[1].id)
        assert (visit.reserved_for_heads, visit.release_at.isoformat()) == (4, "2025-09-09T04:00:00+00:00")
    page = client.get(f"/ascn8/manage/visits/{world[1].id}", headers={"Accept-Language": "en"})
    assert "4 seats were held for Heads of Delegation, released on 9 September, 12:00" in page.get_data(
        as_text=True
    )
