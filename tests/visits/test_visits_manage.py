"""Organisers run the visits: the form, seats, adding over capacity, cancelling, moving,
and the bus manifests; staff read them."""

import io
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from ascn import jobs
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.visits.models import SiteVisit, VisitBooking
from tests.support.pages import flashes
from tests.support.pdf import pdf_text
from tests.support.visits import bookings, counts, mail_from_now
from tests.support.web import post


@pytest.fixture
def world(make, auth):
    event = make.event()
    delegate = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    people = [
        make.registration(event.id, thailand.id, delegate.id, status="approved", mobile="+66812345678")
        for _ in range(4)
    ]
    visit = make.visits.visit(
        event.id, seats=2, title_en="Putrajaya Command Centre", title_ms="Pusat Kawalan Putrajaya"
    )
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    return {
        "event": event,
        "delegate": delegate,
        "thailand": thailand,
        "people": people,
        "visit": visit,
        "organiser": organiser,
    }


VISIT_FORM = {
    "title_en": "Putrajaya Wetlands",
    "title_ms": "Taman Wetland Putrajaya",
    "meeting_point_en": "Lobby Porch",
    "notes_en": "Closed shoes.",
    "day": "2025-09-10",
    "departs": "08:30",
    "returns": "12:30",
    "seats": "30",
    "accredited_only": "y",
    "closes_at": "2025-09-09T18:00",
    "published": "y",
}


def test_an_organiser_adds_a_visit_in_kuala_lumpur_time(app, client, world):
    response = post(
        client,
        "/ascn8/manage/visits/new",
        {**VISIT_FORM, "category_ids": [world["delegate"].id]},
        token_from="/ascn8/manage/visits/new",
    )
    assert response.status_code == 302
    with app.app_context():
        visit = db.session.scalar(select(SiteVisit).where(SiteVisit.title_en == "Putrajaya Wetlands"))
        assert visit.departs_at == datetime(2025, 9, 10, 0, 30, tzinfo=timezone.utc)
        assert visit.closes_at == datetime(2025, 9, 9, 10, 0, tzinfo=timezone.utc)
        assert visit.seats == 30 and visit.published and [c.code for c in visit.categories] == ["delegate"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title_en": "", "title_ms": ""}, "Give the visit a title in at least one language."),
        ({"returns": "08:00"}, "The bus must be back after it leaves."),
        ({"day": "2025-10-01"}, "The visit must take place during the event."),
        ({"closes_at": "2025-09-10T09:00"}, "The booking deadline must be before the bus leaves."),
        ({"opens_at": "2025-09-09T19:00"}, "Booking must open before its deadline."),
        ({"seats": "-1"}, "Use a number from 0 to 1000."),
        ({"seats": "many"}, "Not a valid integer value."),
        ({"day": "10/09/2025"}, "Enter a valid date."),
        ({"category_ids": ["999"]}, "is not a valid choice"),
    ],
)
def test_the_visit_form_explains_each_mistake(app, client, world, change, message):
    response = post(
        client, "/ascn8/manage/visits/new", {**VISIT_FORM, **change}, token_from="/ascn8/manage/visits/new"
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SiteVisit).where(SiteVisit.title_en == "Putrajaya Wetlands")) is None


def _edit(client, visit_id, **changes):
    page = f"/ascn8/manage/visits/{visit_id}/edit"
    return post(
        client, page, {**VISIT_FORM, "title_en": "Putrajaya Command Centre", **changes}, token_from=page
    )


def test_more_seats_promote_from_the_waiting_list_in_order(app, client, world, make):
    visit_id = world["visit"].id
    for person in world["people"]:
        make.visits.book(visit_id, person.id)
    mail_from_now(app)
    assert _edit(client, visit_id, seats="3").status_code == 302
    third, fourth = world["people"][2:]
    assert bookings(app, visit_id)[2:] == [(third.id, "confirmed", 3), (fourth.id, "waiting", None)]
    with app.app_context():
        jobs.drain()  # the notices are written by a job after the commit
        assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == [third.email]


def test_fewer_seats_than_booked_is_refused(app, client, world, make):
    visit_id = world["visit"].id
    for person in world["people"][:2]:
        make.visits.book(visit_id, person.id)
    response = _edit(client, visit_id, seats="1", title_en="Renamed")
    assert "2 seats are already booked; cancel bookings before lowering the seats to 1." in response.get_data(
        as_text=True
    )
    with app.app_context():
        visit = db.session.get(SiteVisit, visit_id)
        assert (visit.seats, visit.title_en) == (2, "Putrajaya Command Centre")


def test_adding_a_delegate_to_a_full_visit_needs_an_override_with_a_reason(app, client, world, make):
    visit_id = world["visit"].id
    first, second, third, fourth = world["people"]
    for person in (first, second):
        make.visits.book(visit_id, person.id)
    page = client.get(f"/ascn8/manage/visits/{visit_id}/add?q=given").get_data(as_text=True)
    assert third.badge_name in page
    url = f"/ascn8/manage/visits/{visit_id}/add?q=given"
    response = post(client, url, {"registration_id": third.id}, token_from=url, follow_redirects=True)
    assert "is number 1 on the waiting list" in flashes(response)[0]
    response = post(client, url, {"registration_id": fourth.id, "override": "y"}, token_from=url)
    assert "Say why this delegate goes above the visit&#39;s seats." in response.get_data(as_text=True)
    response = post(
        client,
        url,
        {"registration_id": fourth.id, "override": "y", "note": "Minister's aide"},
        token_from=url,
        follow_redirects=True,
    )
    assert "has seat 3" in flashes(response)[0]
    assert "Above the seats" in response.get_data(as_text=True)
    assert counts(app, visit_id) == (3, 1)
    with app.app_context():
        extra = db.session.scalar(select(VisitBooking).where(VisitBooking.registration_id == fourth.id))
        assert (
            extra.override
            and extra.note == "Minister's aide"
            and extra.booked_by.email == world["organiser"].email
        )
        assert db.session.get(SiteVisit, visit_id).override_count == 1
    # The seat above the bus's number does not stop the visit from being edited.
    assert _edit(client, visit_id, seats="2", title_en="Putrajaya Command Centre, morning").status_code == 302


def test_an_organiser_cancels_a_booking_and_the_next_in_line_moves_up(app, client, world, make):
    visit_id = world["visit"].id
    held = [make.visits.book(visit_id, person.id) for person in world["people"]]
    mail_from_now(app)
    url = f"/ascn8/manage/visits/{visit_id}/bookings/{held[0].id}/cancel"
    response = post(client, url, token_from=f"/ascn8/manage/visits/{visit_id}", follow_redirects=True)
    messages = flashes(response)
    assert (
        messages[0].startswith("The booking of ")
        and "moves up from the waiting list to seat 1" in messages[1]
    )
    with app.app_context():
        jobs.drain()
        mails = {m.recipient: m.subject for m in db.session.scalars(select(OutboxMessage))}
    first, _, third, _ = world["people"]
    assert mails == {
        first.email: "Your site visit booking is cancelled: Putrajaya Command Centre",
        third.email: "A seat is yours: Putrajaya Command Centre",
    }
    again = post(client, url, token_from=f"/ascn8/manage/visits/{visit_id}", follow_redirects=True)
    assert flashes(again) == ["This booking is already cancelled."]


def test_moving_a_delegate_gives_their_seat_to_the_next_in_line(app, client, world, make):
    source = world["visit"].id
    target = make.visits.visit(
        world["event"].id,
        seats=1,
        title_en="Putrajaya Wetlands",
        departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc),
    )
    held = [make.visits.book(source, person.id) for person in world["people"][:3]]
    url = f"/ascn8/manage/visits/{source}/bookings/{held[0].id}/move"
    response = post(client, url, {"visit_id": target.id}, token_from=url, follow_redirects=True)
    assert "is moved to “Putrajaya Wetlands”" in flashes(response)[0]
    first, second, third = world["people"][:3]
    assert bookings(app, target.id) == [(first.id, "confirmed", 1)]
    assert bookings(app, source)[2] == (third.id, "confirmed", 1)
    # The target is full now: a second move needs the override.
    url = f"/ascn8/manage/visits/{source}/bookings/{held[1].id}/move"
    response = post(client, url, {"visit_id": target.id}, token_from=url)
    assert "is full. Tick the override" in response.get_data(as_text=True)
    assert bookings(app, source)[1] == (second.id, "confirmed", 2)


def test_manifests_list_the_bus_in_either_language(app, client, world, make):
    from ascn.registration.models import Registration

    visit_id = world["visit"].id
    thai = world["people"][0]
    with app.app_context():
        registration = db.session.get(Registration, thai.id)
        registration.honorific, registration.badge_name, registration.latin_name = (
            "Mr",
            "สมชาย ใจดี",
            "Somchai Jaidee",
        )
        db.session.commit()
    for person in world["people"][:2]:
        make.visits.book(visit_id, person.id)
    pdf = client.get(f"/ascn8/manage/visits/{visit_id}/manifest.pdf?lang=ms")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Pusat Kawalan Putrajaya" in text and "สมชาย" in text and "Somchai Jaidee" in text
    assert "+66 81 234 5678" in text
    sheet = load_workbook(
        io.BytesIO(client.get(f"/ascn8/manage/visits/{visit_id}/manifest.xlsx?lang=en").data)
    ).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Seat", "Name") and rows[0][-1] == "Signature"
    assert rows[1][:3] == (1, "Mr สมชาย ใจดี", "Somchai Jaidee") and len(rows) == 3


def test_staff_read_bookings_and_manifests_but_change_nothing(app, client, auth, world, make):
    visit_id = world["visit"].id
    held = make.visits.book(visit_id, world["people"][0].id)
    auth.logout()
    auth.login(make.user(role="staff").email)
    page = client.get(f"/ascn8/manage/visits/{visit_id}").get_data(as_text=True)
    assert world["people"][0].badge_name in page and "Add a delegate" not in page
    assert client.get(f"/ascn8/manage/visits/{visit_id}/manifest.xlsx").status_code == 200
    url = f"/ascn8/manage/visits/{visit_id}/bookings/{held.id}/cancel"
    assert post(client, url, token_from=f"/ascn8/manage/visits/{visit_id}").status_code == 403
    assert counts(app, visit_id) == (1, 0)


def test_the_bookings_page_costs_the_same_queries_for_five_or_forty(app, client, world, make, count_queries):
    visit = make.visits.visit(
        world["event"].id, seats=20, departs_at=datetime(2025, 9, 11, 1, tzinfo=timezone.utc)
    )

    def queries():
        with count_queries() as counter:
            assert client.get(f"/ascn8/manage/visits/{visit.id}").status_code == 200
        return counter.count

    people = [
        make.registration(world["event"].id, world["thailand"].id, world["delegate"].id, status="approved")
        for _ in range(40)
    ]
    for person in people[:5]:
        make.visits.book(visit.id, person.id)
    mail_from_now(app)  # the bookings' emails are written by a job: not this page's queries
    few = queries()
    for person in people[5:]:
        make.visits.book(visit.id, person.id)
    mail_from_now(app)
    assert counts(app, visit.id) == (20, 20)
    assert queries() == few


def test_a_search_with_a_nul_character_is_answered_not_an_error(client, world):
    # PostgreSQL refuses NUL in any text parameter; the searches drop it first.
    visit_id = world["visit"].id
    page = client.get(f"/ascn8/manage/visits/{visit_id}/add?q=giv%00en")
    assert page.status_code == 200 and world["people"][0].badge_name in page.get_data(as_text=True)
    assert client.get("/ascn8/manage/registrations?q=giv%00en").status_code == 200
    assert client.get("/ascn8/manage/badges/?q=giv%00en").status_code == 200


def test_the_manifest_draws_vietnamese_and_chinese_names_from_their_own_fonts(app, client, world, make):
    """Each script's font subset is in the PDF: drawn from the Latin or another Chinese
    subset instead, 'Trần' printed as 'TrKn' and 陈伟明 as 陈亮狂 though the text read right."""
    from ascn.registration.models import Registration

    visit_id = world["visit"].id
    names = ("Trần Thị Ánh", "陈伟明")
    with app.app_context():
        for person, name in zip(world["people"], names, strict=False):
            db.session.get(Registration, person.id).badge_name = name
        db.session.commit()
    for person in world["people"][:2]:
        make.visits.book(visit_id, person.id)
    text, _pages, fonts = pdf_text(client.get(f"/ascn8/manage/visits/{visit_id}/manifest.pdf?lang=en").data)
    assert any("notosansvietnamese" in font for font in fonts), fonts
    assert any("notosanssc" in font for font in fonts), fonts
    text = "".join(text.split())  # the extractor adds spaces between fonts
    assert all("".join(name.split()) in text for name in names)
