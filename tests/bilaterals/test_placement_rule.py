"""The placement rule on plain data: where each meeting goes, and why one is left out."""

import random

from ascn.bilaterals import placement
from ascn.bilaterals.placement import InMeeting, MeetingRoom, Request

SMALL = MeetingRoom(1, capacity=4)
LARGE = MeetingRoom(2, capacity=10, has_interpretation=True, has_flags=True)
SLOTS = [11, 12, 13]


def _place(rooms, requests, busy=None, slots=SLOTS):
    return placement.place(rooms, slots, requests, busy or {})


def _assert_valid(rooms, requests, busy, result):
    """No room twice in a slot, no person twice in a slot or while taken, each place one
    that suits the request and fits it."""
    by_id = {r.id: r for r in requests}
    rooms_by_id = {room.id: room for room in rooms}
    places = dict(result.placed) | {r.id: r.fixed for r in requests if r.fixed}
    assert len(set(places.values())) == len(places)
    seats = set()
    for rid, (room, slot) in places.items():
        request = by_id[rid]
        assert placement.fits(rooms_by_id[room], request)
        if not request.fixed:
            assert slot in request.slot_ids
        for person in request.people:
            assert (person, slot) not in seats
            assert slot not in busy.get(person, {})
            seats.add((person, slot))


def test_each_meeting_gets_a_room_that_fits_and_a_slot_that_suits_both():
    requests = [
        Request(1, people=(1, 2, 3, 4, 5), slot_ids=(12,)),
        Request(2, people=(6, 7), slot_ids=(12,), needs_interpreter=True),
        Request(3, people=(8, 9), slot_ids=(13,)),
    ]
    result = _place([SMALL, LARGE], requests)
    # Five people need the large room; the interpreter is only there too, so the second
    # meeting has no room left at 12 and is left out for that reason.
    assert result.placed == {1: (2, 12), 3: (1, 13)}
    assert result.left_out[2].code == placement.ROOMS_FULL
    assert result.left_out[2].full_slot_ids == (12,)


def test_a_pinned_meeting_stays_and_the_others_work_around_it():
    requests = [
        Request(1, people=(1, 2), slot_ids=(11, 12), fixed=(1, 11)),
        Request(2, people=(1, 3), slot_ids=(11, 12)),
        Request(3, people=(4, 5), slot_ids=(11,)),
    ]
    result = _place([SMALL, LARGE], requests)
    assert 1 not in result.placed and 1 not in result.left_out
    # Person 1 is in the pinned meeting at 11: the second goes to 12; room 1 is taken at 11.
    assert result.placed == {2: (1, 12), 3: (2, 11)}


def test_a_person_taken_elsewhere_is_never_placed_then_and_the_reason_says_who_and_by_what():
    session = object()
    busy = {1: {11: session}}
    requests = [Request(1, people=(1, 2), slot_ids=(11,)), Request(2, people=(3, 4), slot_ids=(11, 12))]
    result = _place([SMALL], requests, busy)
    assert result.placed == {2: (1, 11)}
    reason = result.left_out[1]
    assert reason.code == placement.PEOPLE_TAKEN
    assert reason.taken == ((11, 1, session),)


def test_a_person_in_another_meeting_of_the_same_run_is_named_with_that_meeting():
    requests = [Request(1, people=(1, 2), slot_ids=(11,)), Request(2, people=(1, 3), slot_ids=(11,))]
    result = _place([SMALL, LARGE], requests)
    assert result.placed == {1: (1, 11)}
    assert result.left_out[2].code == placement.PEOPLE_TAKEN
    assert result.left_out[2].taken == ((11, 1, InMeeting(1)),)


def test_no_slot_that_suits_both_sides():
    result = _place([SMALL], [Request(1, people=(1,), slot_ids=())])
    assert result.left_out[1].code == placement.NO_COMMON_SLOT
    # A slot that is not one of the event's counts as none.
    result = _place([SMALL], [Request(1, people=(1,), slot_ids=(99,))])
    assert result.left_out[1].code == placement.NO_COMMON_SLOT


def test_no_room_fits_says_what_is_missing():
    rooms = [MeetingRoom(1, capacity=4, has_flags=True), MeetingRoom(2, capacity=6, has_interpretation=True)]
    requests = [
        Request(1, people=tuple(range(10, 17)), slot_ids=(11,)),
        Request(2, people=(1, 2, 3, 4, 5), slot_ids=(11,), needs_flags=True),
        Request(3, people=(6,), slot_ids=(11,), needs_interpreter=True, needs_flags=True),
    ]
    result = _place(rooms, requests)
    assert result.left_out[1].missing == ("capacity",)
    assert result.left_out[2].missing == ("flags",)
    # Each exists, never in the same room.
    assert result.left_out[3].missing == ("interpretation", "flags")
    assert {reason.code for reason in result.left_out.values()} == {placement.NO_ROOM}


def test_every_fitting_room_full_when_people_are_free():
    requests = [Request(n, people=(n,), slot_ids=(11,)) for n in (1, 2, 3)]
    result = _place([SMALL, LARGE], requests)
    assert len(result.placed) == 2
    (left,) = result.left_out.values()
    assert left.code == placement.ROOMS_FULL and left.full_slot_ids == (11,)


def test_better_than_first_come_first_served_on_a_crafted_case():
    # The first request could go at 11 or 12; the second only at 11. One room.
    requests = [Request(1, people=(1,), slot_ids=(11, 12)), Request(2, people=(2,), slot_ids=(11,))]
    baseline = placement.first_come_first_served([SMALL], SLOTS, requests, {})
    assert baseline.placed == {1: (1, 11)}
    assert _place([SMALL], requests).placed == {1: (1, 12), 2: (1, 11)}


def test_the_repair_moves_placed_meetings_to_make_room():
    # Six meetings, two rooms, three slots: the first pass leaves 4 out (its person sits
    # in 6 at 13, and both rooms are taken at 11); the repair moves meeting 1 from 11 to
    # 13 and 3 to the other room, and places 4 at 11.
    rooms = [MeetingRoom(1, capacity=4), MeetingRoom(2, capacity=4)]
    requests = [
        Request(1, people=(3,), slot_ids=(11, 13)),
        Request(2, people=(4,), slot_ids=(12, 13)),
        Request(3, people=(0, 2), slot_ids=(11, 12)),
        Request(4, people=(1,), slot_ids=(11, 13)),
        Request(5, people=(2, 0), slot_ids=(12, 13)),
        Request(6, people=(0, 1), slot_ids=(11, 13)),
    ]
    baseline = placement.first_come_first_served(rooms, SLOTS, requests, {})
    assert len(baseline.placed) == 5
    result = _place(rooms, requests)
    _assert_valid(rooms, requests, {}, result)
    assert result.placed == {1: (2, 13), 2: (2, 12), 3: (2, 11), 4: (1, 11), 5: (1, 12), 6: (1, 13)}


def test_a_larger_random_case_is_valid_deterministic_and_beats_the_baseline():
    rng = random.Random(5)
    rooms = [
        MeetingRoom(n, capacity=rng.choice((4, 6, 8)), has_interpretation=n % 2 == 0) for n in range(1, 5)
    ]
    slots = list(range(100, 130))
    busy = {person: {slot: "session" for slot in rng.sample(slots, 4)} for person in range(0, 60, 3)}
    requests = [
        Request(
            n,
            people=tuple(rng.sample(range(60), rng.choice((2, 3, 4)))),
            slot_ids=tuple(rng.sample(slots, rng.randrange(1, 12))),
            needs_interpreter=rng.random() < 0.2,
        )
        for n in range(1, 150)
    ]
    result = placement.place(rooms, slots, requests, busy)
    _assert_valid(rooms, requests, busy, result)
    assert set(result.placed) | set(result.left_out) == {r.id for r in requests}
    shuffled = list(reversed(requests))
    again = placement.place(list(reversed(rooms)), slots, shuffled, busy)
    assert (again.placed, again.left_out) == (result.placed, result.left_out)
    baseline = placement.first_come_first_served(rooms, slots, requests, busy)
    _assert_valid(rooms, requests, busy, baseline)
    assert len(result.placed) > len(baseline.placed)
