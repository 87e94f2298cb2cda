"""The organisers' list of requests, one request's page, and a signing ceremony put on the
programme's draft (and taken off it) through the programme's own rules."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from ascn.bilaterals.models import BilateralRequest
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession, SessionType
from tests.support.bilateral_requests import letters
from tests.support.bilaterals import FIRST_SLOT
from tests.support.pages import flashes
from tests.support.web import post

BASE = "/ascn8/manage/bilaterals"
TITLES = {
    "is_signing": "y",
    "signing_title_en": "MoU on smart mobility",
    "signing_title_ms": "MoU mobiliti pintar",
}


@pytest.fixture
def world(make, auth):
    event = make.event()
    category = make.category(event.id)
    malaysia, thailand = make.country(), make.country("TH", "Thailand", "Thailand")
    singapore = make.country("SG", "Singapore", "Singapura")
    own, other = make.delegation(event.id, malaysia.id), make.delegation(event.id, thailand.id)
    third = make.delegation(event.id, singapore.id)
    person = make.registration(event.id, thailand.id, category.id, status="approved", badge_name="สมชาย ใจดี")
    room = make.bilaterals.room(event.id, name_en="Room Melati", name_ms="Bilik Melati")
    slots = make.bilaterals.slots(event.id, 3)
    placed = make.bilaterals.request(
        event.id, own.id, other.id, counterpart_people=[person.id], placed=(room.id, slots[0]), level="city"
    )
    waiting = make.bilaterals.request(event.id, third.id, own.id, status="pending", slot_ids=slots[1:])
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    return {"event": event, "placed": placed, "waiting": waiting, "own": own, "other": other, "third": third}


def test_the_list_filters_by_status_delegation_level_and_placement(client, world):
    def shown(query):
        page = client.get(f"{BASE}/requests?{query}").get_data(as_text=True)
        return {rid for rid in (world["placed"].id, world["waiting"].id) if f'/requests/{rid}"' in page}

    both = {world["placed"].id, world["waiting"].id}
    assert shown("") == both
    assert shown("status=pending") == {world["waiting"].id}
    assert shown(f"delegation={world['third'].id}") == {world["waiting"].id}
    assert shown(f"delegation={world['own'].id}") == both
    assert shown("level=city") == {world["placed"].id}
    assert shown("placed=yes") == {world["placed"].id}
    assert shown("placed=no") == {world["waiting"].id}
    assert shown("status=nonsense&delegation=٣&page=x") == both  # no filter, no 500


def test_a_requests_page_shows_both_sides_and_their_people(client, world):
    page = client.get(f"{BASE}/requests/{world['placed'].id}").get_data(as_text=True)
    assert "Malaysia" in page and "Thailand" in page and "สมชาย ใจดี" in page and "Room Melati" in page


def test_a_request_of_another_event_is_not_found(client, make, world):
    other = make.event(slug="wg1")
    a, b = make.country("VN", "Viet Nam", "Vietnam"), make.country("LA", "Lao PDR", "Laos")
    elsewhere = make.bilaterals.request(
        other.id, make.delegation(other.id, a.id).id, make.delegation(other.id, b.id).id
    )
    assert client.get(f"{BASE}/requests/{elsewhere.id}").status_code == 404
    assert post(client, f"{BASE}/requests/{elsewhere.id}/signing/publish").status_code == 404


def _sessions(app):
    with app.app_context():
        return [
            (s.title_en, s.title_ms, s.status, s.starts_at, s.audience)
            for s in db.session.scalars(select(ProgrammeSession))
        ]


def test_a_signing_goes_on_the_programme_draft_in_both_languages_and_comes_off(app, client, world):
    meeting = world["placed"].id
    post(client, f"{BASE}/requests/{meeting}", TITLES)
    response = post(client, f"{BASE}/requests/{meeting}/signing/publish", follow_redirects=True)
    assert any("next release" in text for text in flashes(response))
    [(title_en, title_ms, status, starts_at, audience)] = _sessions(app)
    assert title_en == "Signing ceremony: MoU on smart mobility (Malaysia and Thailand)"
    assert "MoU mobiliti pintar" in title_ms and "Malaysia" in title_ms and "Thailand" in title_ms
    assert (status, starts_at, audience) == ("scheduled", FIRST_SLOT, "everyone")
    with app.app_context():
        assert db.session.scalar(select(SessionType.label_en).where(SessionType.code == "signing"))
    post(client, f"{BASE}/requests/{meeting}/signing/publish")  # again: the same session
    assert len(_sessions(app)) == 1
    post(client, f"{BASE}/requests/{meeting}/signing/withdraw")
    assert _sessions(app) == []
    with app.app_context():
        row = db.session.get(BilateralRequest, meeting)
        assert (row.is_signing, row.signing_session_id) == (True, None)


def test_a_published_signing_withdrawn_is_cancelled_so_savers_are_told(app, client, make, world):
    meeting = world["placed"].id
    post(client, f"{BASE}/requests/{meeting}", TITLES)
    post(client, f"{BASE}/requests/{meeting}/signing/publish")
    make.programme.publish(event_id=world["event"].id)
    post(client, f"{BASE}/requests/{meeting}/signing/withdraw")
    assert [status for *_, status, _, _ in _sessions(app)] == ["cancelled"]


def test_a_signing_needs_both_titles_and_a_placed_meeting(app, client, world):
    response = post(client, f"{BASE}/requests/{world['placed'].id}", {**TITLES, "signing_title_ms": ""})
    assert "Say what is signed in both languages." in response.get_data(as_text=True)
    post(client, f"{BASE}/requests/{world['waiting'].id}", TITLES)
    response = post(client, f"{BASE}/requests/{world['waiting'].id}/signing/publish", follow_redirects=True)
    assert "Place the meeting in a room and a slot before it goes on the programme." in flashes(response)
    response = post(client, f"{BASE}/requests/{world['placed'].id}/signing/publish", follow_redirects=True)
    assert "Mark the meeting as a signing ceremony first." in flashes(response)
    assert _sessions(app) == []


def test_the_list_pages_in_a_fixed_number_of_queries(client, make, world, count_queries):
    event = world["event"]
    for _ in range(3):
        make.bilaterals.request(event.id, world["own"].id, world["third"].id)
    with count_queries() as few:
        client.get(f"{BASE}/requests")
    for _ in range(10):
        make.bilaterals.request(
            event.id, world["other"].id, world["third"].id, answer_by=FIRST_SLOT + timedelta(days=1)
        )
    client.get(f"{BASE}/requests")  # the first look expires those past their deadline
    letters(client.application, "bilateral_request")  # and their letters are written
    with count_queries() as many:
        client.get(f"{BASE}/requests")
    assert many.count == few.count
