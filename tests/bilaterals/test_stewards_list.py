"""The room stewards' daily list: per room, the day's meetings in time order, the people
in their own script, what to prepare; in Malay or English; staff print it."""

from datetime import timedelta

import pytest

from tests.support.bilaterals import FIRST_SLOT
from tests.support.pdf import pdf_text

BASE = "/ascn8/manage/bilaterals"
LONG = "Yang Berbahagia Dato' Sri Haji Muhammad Shahrul Nizam bin Abdul Rahman Al-Haj Tan Sri Wan Ismail"


@pytest.fixture
def world(make, auth):
    event = make.event()
    category = make.category(event.id)
    malaysia, thailand = make.country(), make.country("TH", "Thailand", "Thailand")
    brunei = make.country("BN", "Brunei Darussalam", "Brunei Darussalam")
    my, th, bn = (make.delegation(event.id, c.id) for c in (malaysia, thailand, brunei))
    thai = make.registration(
        event.id, thailand.id, category.id, badge_name="สมชาย ใจดี", latin_name="Somchai Jaidee"
    )
    jawi = make.registration(event.id, brunei.id, category.id, badge_name="محمد بن عبدالله")
    long = make.registration(event.id, malaysia.id, category.id, badge_name=LONG)
    room = make.bilaterals.room(event.id, name_en="Room Melati", name_ms="Bilik Melati", has_flags=True)
    make.bilaterals.room(event.id, name_en="Room Kenanga", name_ms="Bilik Kenanga")
    slots = make.bilaterals.slots(event.id, 2)
    later = make.bilaterals.slots(event.id, 1, starts_at=FIRST_SLOT + timedelta(days=1))
    make.bilaterals.request(
        event.id, my.id, bn.id, requester_people=[long.id], counterpart_people=[jawi.id],
        placed=(room.id, slots[1]), needs_interpreter=True,
    )  # fmt: skip
    make.bilaterals.request(
        event.id, my.id, th.id, counterpart_people=[thai.id], placed=(room.id, slots[0]), needs_flags=True
    )
    make.bilaterals.request(event.id, th.id, bn.id, placed=(room.id, later[0]), level="minister")
    staff = make.user(role="staff", event_id=event.id)
    auth.login(staff.email)
    return event


def test_the_list_in_english_puts_each_rooms_meetings_in_time_order(client, world):
    response = client.get(f"{BASE}/stewards.pdf?day=2025-09-09&lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, pages, fonts = pdf_text(response.data)
    assert "Room Melati" in text and "No meeting in this room on this day." in text
    assert text.index("Thailand") < text.index("Brunei Darussalam")  # 10:00 before 10:30
    assert "Somchai Jaidee" in text and "Interpreter" in text and "Flags" in text
    assert "Minister" not in text  # the next day's meeting is not on this list
    assert pages == 2  # a page per room
    assert any("thai" in font for font in fonts) and any(
        "arabic" in font or "naskh" in font for font in fonts
    )


def test_the_list_in_malay(client, world):
    text, _, _ = pdf_text(client.get(f"{BASE}/stewards.pdf?day=2025-09-09&lang=ms").data)
    assert "Bilik Melati" in text and "Room Melati" not in text


def test_a_day_outside_the_event_is_refused_with_a_message(client, world):
    response = client.get(f"{BASE}/stewards.pdf?day=2030-01-01&lang=en", follow_redirects=True)
    assert "Choose a day of the event." in response.get_data(as_text=True)
    assert client.get(f"{BASE}/stewards.pdf?day=nonsense").status_code == 302
