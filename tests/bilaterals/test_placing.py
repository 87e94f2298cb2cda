"""Placing meetings through the service: all at once, by hand (pinned), taken out; what the
database holds afterwards, and each refusal with its message."""

import pytest
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.bilaterals import placing
from ascn.bilaterals.models import BilateralParticipant, BilateralRequest, BilateralRoom, BilateralSlot
from ascn.errors import ServiceError
from ascn.events.models import Event
from ascn.extensions import db
from tests.support.bilateral_placement import accepted, placement_world, prefer, speaking_at


@pytest.fixture
def world(make):
    return placement_world(make)


def _run(app, service, *ids, **kwargs):
    """Call a service in a request of the app, with rows loaded from their ids."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return service(*[db.session.get(model, rid) for model, rid in ids], **kwargs)


def _state(app, request_id):
    with app.app_context():
        request = db.session.get(BilateralRequest, request_id)
        people = db.session.scalars(
            select(BilateralParticipant.slot_id).where(BilateralParticipant.request_id == request_id)
        ).all()
        return request.room_id, request.slot_id, request.pinned, request.placed_by_id, sorted(set(people))


def _place_all(app, world):
    return _run(app, placing.place_all, (Event, world.event.id), (User, world.organiser.id))


def test_place_all_places_every_meeting_it_can_and_writes_room_slot_and_people(app, make, world):
    first = accepted(make, world, "my", "sg")
    second = accepted(make, world, "my", "th")  # Malaysia's person again: another slot
    booths = accepted(
        make, world, "vn", "th", needs_interpreter=True, counterpart_people=world.people["th"][1:]
    )
    report = _place_all(app, world)
    assert sorted(report.placed_ids) == [first.id, second.id, booths.id]
    assert (report.considered, report.kept, report.left_out) == (3, 0, [])
    one, two, three = (_state(app, r.id) for r in (first, second, booths))
    assert one[1] != two[1]
    assert three[0] == world.rooms.interpreted.id
    for room_id, slot_id, pinned, placed_by, people in (one, two, three):
        assert room_id and not pinned and placed_by == world.organiser.id and people == [slot_id]


def test_place_all_keeps_meetings_already_placed_and_tells_why_others_are_left_out(app, make, world):
    pinned = accepted(make, world, "my", "sg", placed=(world.rooms.small.id, world.slots[0]))
    crowd = accepted(make, world, "th", "vn", requester_people=world.people["th"])
    nowhere = accepted(make, world, "sg", "vn")
    prefer(make, nowhere.id, requester=world.slots[:2], counterpart=world.slots[2:])
    too_big = accepted(make, world, "my", "th", needs_flags=True, needs_interpreter=True)
    busy = accepted(make, world, "my", "vn", slot_ids=world.slots[:1])
    report = _place_all(app, world)
    assert (report.kept, report.considered, report.placed_ids) == (1, 4, [crowd.id])
    assert _state(app, pinned.id)[:2] == (world.rooms.small.id, world.slots[0])
    reasons = {item.request_id: (item.reason.code, item.text) for item in report.left_out}
    assert reasons[nowhere.id] == ("no_common_slot", "No slot suits both delegations.")
    assert reasons[too_big.id] == ("no_room", "No room large enough has both interpretation and flags.")
    code, text = reasons[busy.id]
    assert code == "people_taken"
    assert text.startswith(
        "In every slot that suits both, someone named is taken: MY1 Delegate is in the meeting"
    )
    assert "Malaysia and Singapore" in text
    # A second run changes nothing and places nothing.
    again = _place_all(app, world)
    assert again.placed_ids == [] and again.kept == 2 and again.considered == 3


def test_a_person_speaking_in_a_session_is_not_placed_then(app, make, world):
    speaking_at(make, world, world.people["my"][0], 0)
    meeting = accepted(make, world, "my", "sg", slot_ids=world.slots[:1])
    report = _place_all(app, world)
    (item,) = report.left_out
    assert item.request_id == meeting.id and item.reason.code == "people_taken"
    assert "MY1 Delegate speaks or chairs in a session" in item.text


def _hand(app, world, request_id, room_id, slot_id, **kwargs):
    return _run(
        app,
        placing.place,
        (BilateralRequest, request_id),
        (BilateralRoom, room_id),
        (BilateralSlot, slot_id),
        (User, world.organiser.id),
        **kwargs,
    )


def test_a_meeting_placed_by_hand_is_pinned_and_moves_with_its_people(app, make, world):
    meeting = accepted(make, world, "my", "sg")
    _hand(app, world, meeting.id, world.rooms.small.id, world.slots[1])
    assert _state(app, meeting.id) == (
        world.rooms.small.id,
        world.slots[1],
        True,
        world.organiser.id,
        [world.slots[1]],
    )
    _hand(app, world, meeting.id, world.rooms.flagged.id, world.slots[2])
    assert _state(app, meeting.id)[:2] + (_state(app, meeting.id)[4],) == (
        world.rooms.flagged.id,
        world.slots[2],
        [world.slots[2]],
    )


def _refused(app, world, request_id, room_id, slot_id, **kwargs):
    with pytest.raises(ServiceError) as caught:
        _hand(app, world, request_id, room_id, slot_id, **kwargs)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        return str(caught.value.message), caught.value.field


def test_by_hand_a_taken_room_a_taken_person_a_room_that_does_not_fit_are_refused(app, make, world):
    held = accepted(make, world, "my", "sg", placed=(world.rooms.small.id, world.slots[0]))
    other = accepted(make, world, "th", "vn")
    message, field = _refused(app, world, other.id, world.rooms.small.id, world.slots[0])
    assert message == "Small room is already taken then, by the meeting of Malaysia and Singapore."
    assert field == "place"
    same_person = accepted(make, world, "my", "th")
    message, _ = _refused(app, world, same_person.id, world.rooms.flagged.id, world.slots[0])
    assert message.startswith("Someone named is taken at that time: MY1 Delegate is in another bilateral")
    crowd = accepted(
        make,
        world,
        "th",
        "vn",
        requester_people=world.people["th"],
        counterpart_people=world.people["vn"] + [world.people["sg"][1]],
    )
    message, _ = _refused(app, world, crowd.id, world.rooms.small.id, world.slots[1])
    assert message == "Small room seats 4; this meeting names 5 people."
    booths = accepted(make, world, "th", "vn", needs_interpreter=True)
    message, _ = _refused(app, world, booths.id, world.rooms.small.id, world.slots[1])
    assert message == "Small room has no interpretation."
    for request in (other, same_person, crowd, booths):
        assert _state(app, request.id)[:2] == (None, None)
    assert _state(app, held.id)[:2] == (world.rooms.small.id, world.slots[0])


def test_by_hand_a_time_that_does_not_suit_both_needs_the_override(app, make, world):
    meeting = accepted(make, world, "my", "sg", slot_ids=world.slots[:1])
    message, field = _refused(app, world, meeting.id, world.rooms.small.id, world.slots[3])
    assert field == "override" and "does not suit both delegations" in message
    assert _state(app, meeting.id)[:2] == (None, None)
    _hand(app, world, meeting.id, world.rooms.small.id, world.slots[3], override=True)
    assert _state(app, meeting.id)[:3] == (world.rooms.small.id, world.slots[3], True)


def test_only_an_accepted_request_is_placed(app, make, world):
    waiting = make.bilaterals.request(world.event.id, world.delegations["my"], world.delegations["sg"])
    message, _ = _refused(app, world, waiting.id, world.rooms.small.id, world.slots[0])
    assert message == "Only an accepted request can be placed."


def test_unplace_takes_a_meeting_out_and_the_next_run_places_it_again(app, make, world):
    meeting = accepted(make, world, "my", "sg", placed=(world.rooms.small.id, world.slots[0]))
    _run(app, placing.unplace, (BilateralRequest, meeting.id), (User, world.organiser.id))
    assert _state(app, meeting.id) == (None, None, False, None, [None])
    with pytest.raises(ServiceError):
        _run(app, placing.unplace, (BilateralRequest, meeting.id), (User, world.organiser.id))
    assert _place_all(app, world).placed_ids == [meeting.id]
