"""The grid of rooms × slots: what staff and organisers see, placing all, moving and taking
out through its forms, bad input, ids of another event, and its cost in queries."""

import re
from datetime import timedelta

import pytest

from ascn.bilaterals.models import BilateralRequest
from ascn.extensions import db
from tests.support.bilateral_placement import accepted, placement_world
from tests.support.bilaterals import FIRST_SLOT
from tests.support.web import post

GRID = "/ascn8/manage/bilaterals/grid"


@pytest.fixture
def world(make):
    return placement_world(make)


def _place(app, request_id):
    with app.app_context():
        row = db.session.get(BilateralRequest, request_id)
        return row.room_id, row.slot_id, row.pinned


def _text(response):
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_staff_read_the_grid_without_any_form_to_change_it(client, auth, make, world):
    meeting = accepted(
        make, world, "my", "sg", placed=(world.rooms.small.id, world.slots[1]), level="minister"
    )
    auth.login(world.staff.email)
    page = _text(client.get(GRID))
    assert "Malaysia and Singapore" in page and "Minister · 2 people" in page
    assert "Small room" in page and "10:30–11:00" in page
    assert "Place all automatically" not in page and "Move or take out" not in page
    assert post(client, f"{GRID}/unplace", {"request": meeting.id}, token_from=GRID).status_code == 403
    assert _place(client.application, meeting.id)[:2] == (world.rooms.small.id, world.slots[1])


def test_place_all_shows_what_it_placed_and_why_the_others_were_left_out(app, client, auth, make, world):
    placed = accepted(make, world, "my", "sg")
    left = accepted(make, world, "th", "vn", needs_interpreter=True, needs_flags=True)
    auth.login(world.organiser.email)
    page = _text(post(client, f"{GRID}/place-all", token_from=GRID))
    assert "Placed 1 of 2 accepted requests waiting for a place." in page
    assert "Thailand and Viet Nam" in page
    assert "No room large enough has both interpretation and flags." in page
    assert _place(app, placed.id)[0] is not None and _place(app, left.id)[0] is None
    grid = _text(client.get(GRID))
    assert "Malaysia and Singapore" in grid and "1 meeting placed" in grid and "Pinned" not in grid


def test_an_organiser_places_moves_and_takes_out_a_meeting_through_the_grid(app, client, auth, make, world):
    meeting = accepted(make, world, "my", "sg")
    auth.login(world.organiser.email)
    page = _text(client.get(GRID))
    assert "meetings fit here" in page or "meeting fits here" in page
    cell = f"{world.rooms.flagged.id}:{world.slots[2]}"
    response = post(
        client, f"{GRID}/place", {"request": meeting.id, "place": cell, "day": "2025-09-09"}, token_from=GRID
    )
    assert response.status_code == 302 and "day=2025-09-09" in response.headers["Location"]
    assert _place(app, meeting.id) == (world.rooms.flagged.id, world.slots[2], True)
    page = _text(client.get(GRID))
    assert "The meeting of Malaysia and Singapore is placed and pinned." in page and "Pinned" in page
    # The move form lists the free places that suit the meeting, not the one it holds.
    assert f'value="{world.rooms.small.id}:{world.slots[0]}"' in page
    post(client, f"{GRID}/unplace", {"request": meeting.id}, token_from=GRID)
    assert _place(app, meeting.id) == (None, None, False)
    assert "waits for a place again" in _text(client.get(GRID))


def test_a_taken_place_is_refused_with_a_message_and_nothing_changes(app, client, auth, make, world):
    holder = accepted(make, world, "my", "sg", placed=(world.rooms.small.id, world.slots[0]))
    other = accepted(make, world, "th", "vn")
    auth.login(world.organiser.email)
    cell = f"{world.rooms.small.id}:{world.slots[0]}"
    response = post(client, f"{GRID}/place", {"request": other.id, "place": cell}, token_from=GRID)
    assert response.status_code == 302
    page = _text(client.get(GRID))
    assert "Small room is already taken then, by the meeting of Malaysia and Singapore." in page
    assert _place(app, other.id) == (None, None, False)
    assert _place(app, holder.id)[:2] == (world.rooms.small.id, world.slots[0])


@pytest.mark.parametrize("place", ["", "x", "1", "1:", ":1", "١:٢", "1:2:3", "99999999999999999999:1"])
def test_bad_input_gets_a_message_never_an_error(app, client, auth, make, world, place):
    meeting = accepted(make, world, "my", "sg")
    auth.login(world.organiser.email)
    response = post(client, f"{GRID}/place", {"request": meeting.id, "place": place}, token_from=GRID)
    assert response.status_code == 302
    assert "Choose a room and a time." in _text(client.get(GRID))
    for request_value in ("", "abc", "٣"):
        response = post(client, f"{GRID}/unplace", {"request": request_value}, token_from=GRID)
        assert response.status_code == 302
    assert _place(app, meeting.id) == (None, None, False)


def test_a_meeting_room_or_slot_of_another_event_is_not_found(app, client, auth, make, world):
    meeting = accepted(make, world, "my", "sg")
    other_event = make.event(slug="wg1", short_name="WG1")
    foreign_room = make.bilaterals.room(other_event.id)
    foreign_slot = make.bilaterals.slots(other_event.id, 1, starts_at=FIRST_SLOT + timedelta(days=30))[0]
    delegations = [make.delegation(other_event.id, world.countries[c].id).id for c in ("my", "sg")]
    foreign = make.bilaterals.request(other_event.id, *delegations, status="accepted")
    auth.login(world.organiser.email)
    own_cell = f"{world.rooms.small.id}:{world.slots[0]}"
    cases = [
        (meeting.id, f"{foreign_room.id}:{world.slots[0]}"),
        (meeting.id, f"{world.rooms.small.id}:{foreign_slot}"),
        (foreign.id, own_cell),
        (999999, own_cell),
    ]
    for request_id, place in cases:
        response = post(client, f"{GRID}/place", {"request": request_id, "place": place}, token_from=GRID)
        assert response.status_code == 404
    assert post(client, f"{GRID}/unplace", {"request": foreign.id}, token_from=GRID).status_code == 404
    assert _place(app, meeting.id) == (None, None, False) and _place(app, foreign.id) == (None, None, False)


def test_an_unknown_day_shows_the_first(client, auth, make, world):
    auth.login(world.staff.email)
    for day in ("2030-01-01", "nonsense", "２０２５-09-09"):
        response = client.get(f"{GRID}?day={day}")
        assert response.status_code == 200 and "10:00–10:30" in _text(response)


def test_the_grid_costs_the_same_queries_for_two_meetings_or_eight(
    app, client, auth, make, world, count_queries
):
    auth.login(world.organiser.email)
    pairs = [("my", "sg"), ("th", "vn"), ("my", "th"), ("sg", "vn")]

    def queries():
        with count_queries() as counter:
            assert client.get(GRID).status_code == 200
        return counter.count

    for n, (a, b) in enumerate(pairs[:2]):
        accepted(make, world, a, b, placed=(world.rooms.small.id, world.slots[n]))
    accepted(make, world, "my", "vn")
    few = queries()
    for n, (a, b) in enumerate(pairs):
        people = {"requester_people": world.people[a][1:], "counterpart_people": world.people[b][1:]}
        accepted(make, world, a, b, placed=(world.rooms.flagged.id, world.slots[n]), **people)
    for n, (a, b) in enumerate(pairs[2:]):
        accepted(
            make,
            world,
            a,
            b,
            placed=(world.rooms.interpreted.id, world.slots[n]),
            requester_people=[],
            counterpart_people=[],
        )
    accepted(make, world, "th", "sg")
    assert queries() == few
