"""A placed bilateral in the agendas and calendar feeds of those it concerns (and no one
else's), and bilaterals' steps when a registration is cancelled, a person's data copied,
an event purged or copied."""

import re
from datetime import date, datetime, timezone

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.bilaterals.models import BilateralParticipant, BilateralRequest, BilateralRoom
from ascn.events.models import Event
from ascn.extensions import db
from tests.support.bilaterals import FIRST_SLOT


def _world(make, event=None, first_slot=FIRST_SLOT):
    event = event or make.event()
    category = make.category(event.id)
    malaysia, thailand = make.country(), make.country("TH", "Thailand", "Thailand")
    singapore = make.country("SG", "Singapore", "Singapura")
    my, th = make.delegation(event.id, malaysia.id), make.delegation(event.id, thailand.id)
    make.delegation(event.id, singapore.id)
    named = make.user(email="named@example.org")
    other = make.user(email="other@example.org")
    person = make.registration(event.id, thailand.id, category.id, user_id=named.id, status="approved")
    make.registration(event.id, singapore.id, category.id, user_id=other.id, status="approved")
    focal = make.user(
        role="focal_point", country_id=malaysia.id, event_id=event.id, email="focal@example.org"
    )
    room = make.bilaterals.room(event.id, name_en="Room Melati", name_ms="Bilik Melati", capacity=8)
    slots = make.bilaterals.slots(event.id, 2, starts_at=first_slot)
    meeting = make.bilaterals.request(
        event.id,
        my.id,
        th.id,
        counterpart_people=[person.id],
        placed=(room.id, slots[0]),
        answer_note="Fine.",
    )
    make.bilaterals.request(event.id, my.id, th.id, counterpart_people=[person.id])  # not placed: no entry
    return {
        "event": event,
        "named": named,
        "other": other,
        "focal": focal,
        "person": person,
        "meeting": meeting,
    }


def _agenda(client, auth, email):
    auth.login(email)
    page = client.get("/ascn8/agenda").get_data(as_text=True)
    auth.logout()
    return page


def test_a_participant_and_the_delegations_focal_point_see_the_meeting_and_no_one_else(client, auth, make):
    world = _world(make)
    title = "Bilateral meeting: Malaysia and Thailand"
    assert title in _agenda(client, auth, world["named"].email)
    assert "Room Melati" in _agenda(client, auth, world["focal"].email)
    assert title not in _agenda(client, auth, world["other"].email)


def test_the_calendar_feed_holds_the_meeting_in_the_subscribers_language(client, auth, make):
    world = _world(make)
    page = _agenda(client, auth, world["named"].email)
    feed = re.search(r'value="(http[^"]+\.ics)"', page).group(1)
    body = client.get(feed.replace("http://localhost", "")).get_data(as_text=True)
    assert f"UID:bilateral-{world['meeting'].id}@" in body
    assert "SUMMARY:Bilateral meeting: Malaysia and Thailand" in body and "LOCATION:Room Melati" in body
    assert "DTSTART;TZID=Asia/Kuala_Lumpur:20250909T100000" in body or "DTSTART:20250909T020000Z" in body
    other = re.search(r'value="(http[^"]+\.ics)"', _agenda(client, auth, world["other"].email)).group(1)
    assert "bilateral-" not in client.get(other.replace("http://localhost", "")).get_data(as_text=True)


def _decide(app, make, event_id, registration_id, status):
    from ascn.registration import accreditation

    organiser = make.user(role="organiser", event_id=event_id)
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        accreditation.decide(
            event, [registration_id], status, db.session.get(User, organiser.id), reason="Duplicate"
        )


def _participants(app):
    with app.app_context():
        return db.session.execute(
            select(BilateralParticipant.request_id, BilateralParticipant.registration_id)
        ).all()


def test_a_cancelled_registration_leaves_meetings_not_yet_held(app, make):
    event = make.event(start_date=date(2027, 3, 1), end_date=date(2027, 3, 3))
    world = _world(make, event, datetime(2027, 3, 2, 2, 0, tzinfo=timezone.utc))
    _decide(app, make, event.id, world["person"].id, "cancelled")
    assert _participants(app) == []
    with app.app_context():
        assert db.session.get(BilateralRequest, world["meeting"].id).slot_id is not None  # the meeting stays


def test_a_meeting_already_held_keeps_its_participants(app, make):
    world = _world(make)  # ASCN8 in September 2025: held
    _decide(app, make, world["event"].id, world["person"].id, "rejected")
    assert (world["meeting"].id, world["person"].id) in _participants(app)
    assert len(_participants(app)) == 1  # the unplaced request let go of them


def test_personal_data_lists_the_meetings_and_the_purge_empties_notes(app, make):
    from ascn.bilaterals import lifecycle

    world = _world(make)
    with app.test_request_context():
        data = lifecycle.export(db.session.get(User, world["named"].id))["bilateral_meetings"]
        assert [(m["requester"], m["counterpart"], m["room"]) for m in data][0] == (
            "Malaysia",
            "Thailand",
            "Room Melati",
        )
        removed = lifecycle.purge(db.session.get(Event, world["event"].id))
        assert removed == {"bilateral answer notes emptied": 1}
        assert db.session.get(BilateralRequest, world["meeting"].id).answer_note == ""


def test_an_event_copied_with_its_rooms_gets_the_bilateral_rooms_only(app, make):
    from ascn.events import copying

    world = _world(make)
    organiser = make.user(role="organiser", event_id=world["event"].id)
    with app.test_request_context():
        source = db.session.get(Event, world["event"].id)
        copy = copying.copy_event(
            source, "wg2", "WG2", "Working group", "Kumpulan kerja", date(2027, 1, 5), date(2027, 1, 6),
            ["rooms"], db.session.get(User, organiser.id),
        )  # fmt: skip
        rooms = db.session.scalars(select(BilateralRoom).where(BilateralRoom.event_id == copy.id)).all()
        assert [(r.name_ms, r.capacity) for r in rooms] == [("Bilik Melati", 8)]
        assert (
            db.session.scalars(select(BilateralRequest).where(BilateralRequest.event_id == copy.id)).all()
            == []
        )
