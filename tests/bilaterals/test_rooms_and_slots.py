"""Organisers set bilaterals up: rooms, slots typed or made for a day around plenaries,
settings; each refusal a message that changes nothing."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ascn.bilaterals.models import BilateralRoom, BilateralSettings, BilateralSlot
from ascn.extensions import db
from tests.support.bilaterals import FIRST_SLOT
from tests.support.pages import flashes
from tests.support.web import post

BASE = "/ascn8/manage/bilaterals"
# 9 September 2025, 09:00 in Kuala Lumpur.
NINE = datetime(2025, 9, 9, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def world(make, auth):
    event = make.event()
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    malaysia, singapore = make.country(), make.country("SG", "Singapore", "Singapura")
    return {
        "event": event,
        "own": make.delegation(event.id, malaysia.id),
        "other": make.delegation(event.id, singapore.id),
    }


def _slots(app):
    with app.app_context():
        rows = db.session.execute(
            select(BilateralSlot.starts_at, BilateralSlot.ends_at).order_by("starts_at")
        )
        return [(start.astimezone(timezone.utc), end.astimezone(timezone.utc)) for start, end in rows]


def test_a_room_is_saved_in_both_languages_and_listed(app, client, world):
    response = post(
        client,
        f"{BASE}/rooms/new",
        {"name_en": "Meeting room A", "name_ms": "Bilik mesyuarat A", "capacity": "10", "has_flags": "y"},
    )
    assert response.status_code == 302
    page = client.get(f"{BASE}/rooms").get_data(as_text=True)
    assert "Meeting room A" in page
    with app.app_context():
        room = db.session.scalar(select(BilateralRoom))
        assert (room.name_ms, room.capacity, room.has_flags, room.has_interpretation) == (
            "Bilik mesyuarat A",
            10,
            True,
            False,
        )


@pytest.mark.parametrize(
    "values, message",
    [
        ({"name_en": "", "name_ms": "", "capacity": "8"}, "Give the room a name in at least one language."),
        ({"name_en": "A", "capacity": "0"}, "Use a number from 1 to 500."),
        ({"name_en": "A", "capacity": "٣"}, "Not a valid integer value."),
    ],
)
def test_a_room_without_a_name_or_with_a_bad_capacity_is_refused(app, client, world, values, message):
    response = post(client, f"{BASE}/rooms/new", values)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BilateralRoom)) == 0


def test_a_room_holding_a_meeting_is_not_deleted_and_says_how_many(app, client, make, world):
    event = world["event"]
    room = make.bilaterals.room(event.id)
    slots = make.bilaterals.slots(event.id, 2)
    for slot in slots:
        make.bilaterals.request(event.id, world["own"].id, world["other"].id, placed=(room.id, slot))
    response = post(client, f"{BASE}/rooms/{room.id}/delete", follow_redirects=True)
    assert "2 meetings are placed in this room: move them or take them out first." in flashes(response)
    empty = make.bilaterals.room(event.id)
    response = post(client, f"{BASE}/rooms/{empty.id}/delete", follow_redirects=True)
    assert "The room has been deleted." in flashes(response)
    with app.app_context():
        assert db.session.scalars(select(BilateralRoom.id)).all() == [room.id]


def test_a_room_of_another_event_is_not_found(client, make, world):
    other = make.event(slug="wg1")
    room = make.bilaterals.room(other.id)
    assert client.get(f"{BASE}/rooms/{room.id}").status_code == 404
    assert post(client, f"{BASE}/rooms/{room.id}/delete").status_code == 404


def test_one_slot_is_typed_on_the_events_clock(app, client, world):
    response = post(
        client, f"{BASE}/slots", {"action": "one", "starts_at": "2025-09-09T10:00", "minutes": "30"}
    )
    assert response.status_code == 302
    assert _slots(app) == [(FIRST_SLOT, FIRST_SLOT + timedelta(minutes=30))]


@pytest.mark.parametrize(
    "starts_at, minutes, message",
    [
        ("2025-09-20T10:00", "30", "The slot is outside the event&#39;s dates."),
        ("2025-09-12T23:45", "30", "The slot is outside the event&#39;s dates."),
        ("2025-09-09T10:15", "30", "This slot overlaps another slot."),
        ("2025-09-09T12:00", "500", "A slot lasts from 5 to 240 minutes."),
        ("not a time", "30", "Enter a valid date and time."),
    ],
)
def test_a_slot_outside_the_event_or_over_another_is_refused(
    app, client, make, world, starts_at, minutes, message
):
    make.bilaterals.slots(world["event"].id, 1)  # 10:00–10:30 on 9 September
    response = post(client, f"{BASE}/slots", {"action": "one", "starts_at": starts_at, "minutes": minutes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(_slots(app)) == 1


def test_a_days_slots_step_past_plenaries_and_existing_slots(app, client, make, world):
    event = world["event"]
    plenary = make.programme.session_type(event.id, code="plenary")
    talk = make.programme.session_type(event.id, code="talk")
    make.programme.session(event.id, plenary.id, starts_at=NINE + timedelta(hours=1), minutes=60)  # 10–11
    make.programme.session(event.id, talk.id, starts_at=NINE, minutes=30)  # not avoided
    make.bilaterals.slots(event.id, 1, starts_at=NINE + timedelta(hours=2))  # 11:00–11:30 already there
    page = client.get(f"{BASE}/slots").get_data(as_text=True)
    assert f'<option selected value="{plenary.id}">' in page  # ticked by default
    response = post(
        client,
        f"{BASE}/slots",
        {
            "action": "many",
            "day": "2025-09-09",
            "from_time": "09:00",
            "to_time": "12:30",
            "minutes": "30",
            "gap": "0",
            "avoided_type_ids": [str(plenary.id)],
        },
        follow_redirects=True,
    )
    assert "4 slots added." in flashes(response)
    starts = [event_start.astimezone(timezone.utc) for event_start, _ in _slots(app)]
    hours = [(s - NINE).total_seconds() / 3600 for s in starts]
    assert hours == [0, 0.5, 2, 2.5, 3]


def test_a_day_outside_the_event_makes_no_slot(app, client, world):
    values = {"action": "many", "day": "2025-09-14", "from_time": "09:00", "to_time": "12:00",
              "minutes": "30", "gap": "0"}  # fmt: skip
    response = post(client, f"{BASE}/slots", values)
    assert "Choose a day of the event." in response.get_data(as_text=True)
    assert _slots(app) == []


def test_a_slot_holding_a_meeting_is_not_deleted(app, client, make, world):
    event = world["event"]
    room = make.bilaterals.room(event.id)
    held, free = make.bilaterals.slots(event.id, 2)
    make.bilaterals.request(event.id, world["own"].id, world["other"].id, placed=(room.id, held))
    response = post(client, f"{BASE}/slots/{held}/delete", follow_redirects=True)
    assert "1 meeting is placed in this slot: move it or take it out first." in flashes(response)
    post(client, f"{BASE}/slots/{free}/delete")
    with app.app_context():
        assert db.session.scalars(select(BilateralSlot.id)).all() == [held]


def test_settings_are_saved_and_bad_numbers_refused(app, client, world):
    response = post(client, f"{BASE}/settings", {"open": "y", "answer_hours": "48", "max_pending": "5"})
    assert response.status_code == 302
    response = post(client, f"{BASE}/settings", {"answer_hours": "0", "max_pending": "5"})
    assert "Use a number of hours from 1 to 720." in response.get_data(as_text=True)
    with app.app_context():
        row = db.session.get(BilateralSettings, world["event"].id)
        assert (row.open, row.answer_hours, row.max_pending) == (True, 48, 5)


def test_the_index_counts_requests_and_staff_read_it_without_the_organisers_links(client, make, auth, world):
    event = world["event"]
    room = make.bilaterals.room(event.id)
    slot = make.bilaterals.slots(event.id, 1)[0]
    make.bilaterals.request(event.id, world["own"].id, world["other"].id, placed=(room.id, slot))
    make.bilaterals.request(event.id, world["own"].id, world["other"].id, status="accepted")
    make.bilaterals.request(event.id, world["other"].id, world["own"].id)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "Accepted, not yet placed" in page and f"{BASE}/rooms" in page
    staff = make.user(role="staff", event_id=event.id)
    auth.logout()
    auth.login(staff.email)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "stewards.pdf" in page and f"{BASE}/rooms" not in page
