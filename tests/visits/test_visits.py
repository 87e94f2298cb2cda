"""Delegates book site visits: seats, the waiting list, refusals, promotion on cancel."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ascn import jobs
from ascn.db import utcnow
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.visits.models import SiteVisit
from tests.support.pages import flashes
from tests.support.visits import bookings, counts, mail_from_now
from tests.support.web import post


@pytest.fixture
def world(make):
    event = make.event()
    delegate = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    media = make.category(event.id, code="media", label_en="Media", label_ms="Media")
    malaysia = make.country()
    people = [
        make.registration(
            event.id, malaysia.id, delegate.id, status="approved", locale="ms" if n == 2 else "en"
        )
        for n in range(4)
    ]
    visit = make.visits.visit(event.id, seats=2, title_en="Putrajaya Command Centre")
    return {
        "event": event,
        "delegate": delegate,
        "media": media,
        "malaysia": malaysia,
        "people": people,
        "visit": visit,
    }


def book(client, visit_id):
    return post(
        client,
        f"/ascn8/visits/{visit_id}/book",
        token_from=f"/ascn8/visits/{visit_id}",
        follow_redirects=True,
    )


def test_anyone_sees_the_visits_with_the_seats_left(client, world, make):
    make.visits.visit(world["event"].id, title_en="Hidden draft", published=False)
    page = client.get("/ascn8/visits").get_data(as_text=True)
    assert "Putrajaya Command Centre" in page and "2 seats left" in page
    assert "Log in to book" in page and "Hidden draft" not in page


def test_a_delegate_books_a_seat_then_the_waiting_list(app, client, auth, world):
    first, second, third = world["people"][:3]
    visit_id = world["visit"].id
    auth.login(first.email)
    response = book(client, visit_id)
    assert flashes(response) == ["Booked: seat 1 is yours."]
    assert "Your seat: 1" in response.get_data(as_text=True)
    auth.logout()
    auth.login(second.email)
    assert flashes(book(client, visit_id)) == ["Booked: seat 2 is yours."]
    auth.logout()
    auth.login(third.email)  # who reads Malay
    page = client.get(f"/ascn8/visits/{visit_id}").get_data(as_text=True)
    assert "Sertai senarai menunggu" in page and "Penuh" in page
    response = book(client, visit_id)
    assert "anda berada di nombor 1 dalam senarai menunggu" in flashes(response)[0]
    assert "Senarai menunggu: nombor 1" in response.get_data(as_text=True)
    assert bookings(app, visit_id) == [
        (first.id, "confirmed", 1),
        (second.id, "confirmed", 2),
        (third.id, "waiting", None),
    ]
    assert counts(app, visit_id) == (2, 1)


def test_booking_twice_changes_nothing_and_says_why(app, client, auth, world):
    auth.login(world["people"][0].email)
    book(client, world["visit"].id)
    response = book(client, world["visit"].id)
    assert "already has seat 1 on this visit" in flashes(response)[0]
    assert counts(app, world["visit"].id) == (1, 0)


def test_cancelling_a_seat_promotes_the_first_waiting_and_emails_them_in_their_language(
    app, client, auth, world, make
):
    first, second, malay, last = world["people"]
    visit_id = world["visit"].id
    for person in (first, second, malay, last):
        make.visits.book(visit_id, person.id)
    mail_from_now(app)
    auth.login(first.email)
    page = client.get(f"/ascn8/visits/{visit_id}").get_data(as_text=True)
    assert "Cancel my seat" in page
    response = post(
        client,
        f"/ascn8/visits/{visit_id}/cancel",
        token_from=f"/ascn8/visits/{visit_id}",
        follow_redirects=True,
    )
    assert flashes(response) == ["Your seat is cancelled."]
    assert bookings(app, visit_id) == [
        (first.id, "cancelled", None),
        (second.id, "confirmed", 2),
        (malay.id, "confirmed", 1),
        (last.id, "waiting", None),
    ]
    with app.app_context():
        jobs.drain()  # the notices are written by a job after the commit
        [mail] = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "visit_booking")
        ).all()
        assert mail.recipient == malay.email and mail.locale == "ms"
        assert "Tempat duduk" in mail.subject and "Lawatan" in mail.subject
        assert "Tempat duduk: 1" in mail.body_text


def test_leaving_the_waiting_list_moves_the_others_up(app, client, auth, world, make):
    visit_id = world["visit"].id
    for person in world["people"]:
        make.visits.book(visit_id, person.id)
    auth.login(world["people"][2].email)
    response = post(
        client,
        f"/ascn8/visits/{visit_id}/cancel",
        token_from=f"/ascn8/visits/{visit_id}",
        follow_redirects=True,
    )
    assert flashes(response) == ["Anda telah keluar daripada senarai menunggu."]
    auth.logout()
    auth.login(world["people"][3].email)
    assert "Waiting list: number 1" in client.get("/ascn8/visits").get_data(as_text=True)
    assert counts(app, visit_id) == (2, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"closes_at": datetime(2025, 9, 9, 10, tzinfo=timezone.utc)},
            "Booking for this visit closed on 9 September 2025, 18:00",
        ),
        ({"opens_at": "future"}, "Booking for this visit opens on"),
    ],
)
def test_booking_outside_its_window_is_refused(app, client, auth, world, change, message):
    visit_id = world["visit"].id
    with app.app_context():
        visit = db.session.get(SiteVisit, visit_id)
        for name, value in change.items():
            setattr(visit, name, utcnow() + timedelta(days=2) if value == "future" else value)
        db.session.commit()
    auth.login(world["people"][0].email)
    assert message in flashes(book(client, visit_id))[0]
    assert bookings(app, visit_id) == []


def test_no_cancelling_oneself_after_the_deadline(app, client, auth, world, make):
    visit_id = world["visit"].id
    make.visits.book(visit_id, world["people"][0].id)
    with app.app_context():
        db.session.get(SiteVisit, visit_id).closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    auth.login(world["people"][0].email)
    page = client.get(f"/ascn8/visits/{visit_id}").get_data(as_text=True)
    assert "Cancel my seat" not in page
    response = post(
        client,
        f"/ascn8/visits/{visit_id}/cancel",
        token_from=f"/ascn8/visits/{visit_id}",
        follow_redirects=True,
    )
    assert "Please ask the secretariat" in flashes(response)[0]
    assert bookings(app, visit_id)[0][1] == "confirmed"


def test_who_may_not_book(app, client, auth, world, make):
    event, malaysia = world["event"], world["malaysia"]
    media_only = make.visits.visit(
        event.id, category_ids=[world["media"].id], departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc)
    )
    pending = make.registration(event.id, malaysia.id, world["delegate"].id, status="pending")
    rejected = make.registration(event.id, malaysia.id, world["delegate"].id, status="rejected")
    no_registration = make.user()
    cases = [
        (
            pending.email,
            world["visit"].id,
            "for accredited delegates; your registration is still being reviewed",
        ),
        (rejected.email, world["visit"].id, "Only delegates with an active registration"),
        (no_registration.email, world["visit"].id, "Register for the meeting first"),
        (world["people"][0].email, media_only.id, "not open to your category (Delegate)"),
    ]
    for email, visit_id, message in cases:
        auth.login(email)
        assert message in client.get(f"/ascn8/visits/{visit_id}").get_data(as_text=True)
        assert message in flashes(book(client, visit_id))[0]
        auth.logout()
    assert bookings(app, world["visit"].id) == [] and bookings(app, media_only.id) == []


def test_a_pending_delegate_may_book_a_visit_open_to_everyone_registered(app, client, auth, world, make):
    pending = make.registration(
        world["event"].id, world["malaysia"].id, world["delegate"].id, status="pending"
    )
    visit = make.visits.visit(
        world["event"].id, accredited_only=False, departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc)
    )
    auth.login(pending.email)
    assert flashes(book(client, visit.id)) == ["Booked: seat 1 is yours."]


def test_forged_and_unpublished_visits_are_not_found(app, client, auth, world, make):
    draft = make.visits.visit(world["event"].id, published=False)
    auth.login(world["people"][0].email)
    assert client.get(f"/ascn8/visits/{draft.id}").status_code == 404
    for url in (f"/ascn8/visits/{draft.id}/book", "/ascn8/visits/999999/book", "/ascn8/visits/999999/cancel"):
        assert post(client, url, token_from="/ascn8/visits").status_code == 404
    assert bookings(app, draft.id) == []


def test_overlapping_visits_cannot_both_be_held(app, client, auth, world, make):
    other = make.visits.visit(
        world["event"].id,
        title_en="Putrajaya Wetlands",
        departs_at=world["visit"].departs_at + timedelta(hours=2),
    )
    make.visits.book(world["visit"].id, world["people"][0].id)
    auth.login(world["people"][0].email)
    message = flashes(book(client, other.id))[0]
    assert "overlaps “Putrajaya Command Centre” (08:30–12:30), which you have booked" in message
    assert bookings(app, other.id) == []


def test_a_speaker_cannot_book_a_visit_during_their_session(app, client, auth, world, make):
    person = world["people"][0]
    session_type = make.programme.session_type(world["event"].id)
    speaker = make.programme.speaker(world["event"].id, user_id=person.user_id)
    make.programme.session(
        world["event"].id,
        session_type.id,
        starts_at=world["visit"].departs_at + timedelta(hours=1),
        speaker_ids=[speaker.id],
        title_en="Smart mobility dialogue",
    )
    auth.login(person.email)
    message = flashes(book(client, world["visit"].id))[0]
    assert "overlaps “Smart mobility dialogue” (09:30–10:30), where you are a speaker" in message
    assert bookings(app, world["visit"].id) == []


def test_a_cancelled_or_rejected_registration_frees_its_seat_for_the_next(app, client, auth, world, make):
    from ascn.accounts.models import User
    from ascn.events.models import Event
    from ascn.registration import accreditation

    first, second, third, fourth = world["people"]
    visit_id = world["visit"].id
    for person in world["people"]:
        make.visits.book(visit_id, person.id)
    mail_from_now(app)
    organiser = make.user(role="organiser")
    with app.test_request_context():
        event = db.session.get(Event, world["event"].id)
        actor = db.session.get(User, organiser.id)
        accreditation.decide(event, [first.id], "rejected", actor, reason="Duplicate registration")
        accreditation.decide(event, [fourth.id], "cancelled", actor)
    assert bookings(app, visit_id) == [
        (first.id, "cancelled", None),
        (second.id, "confirmed", 2),
        (third.id, "confirmed", 1),
        (fourth.id, "cancelled", None),
    ]
    assert counts(app, visit_id) == (2, 0)
    with app.app_context():
        jobs.drain()
        promoted = db.session.scalars(
            select(OutboxMessage.recipient).where(OutboxMessage.template == "visit_booking")
        )
        assert list(promoted) == [third.email]


def test_the_list_of_visits_costs_the_same_queries_for_two_visits_or_eight(
    app, client, auth, world, make, count_queries
):
    person = world["people"][0]
    auth.login(person.email)

    def queries():
        with count_queries() as counter:
            assert client.get("/ascn8/visits").status_code == 200
        return counter.count

    make.visits.book(world["visit"].id, person.id)
    mail_from_now(app)  # the booking's email is written by a job: not this page's queries
    few = queries()
    for day in range(7):
        visit = make.visits.visit(
            world["event"].id,
            seats=0,
            departs_at=datetime(2025, 9, 8, 1, tzinfo=timezone.utc) + timedelta(hours=5 * day + 5),
        )
        make.visits.book(visit.id, person.id)
    mail_from_now(app)
    assert queries() == few
