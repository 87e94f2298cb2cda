"""When a person is taken: a session where they speak, a visit they booked, a placed
bilateral; and nothing else (an audience seat, a waiting list, a cancelled session)."""

from datetime import datetime, timedelta, timezone

from ascn.bilaterals import busy
from ascn.events.models import Event
from ascn.extensions import db

NINE = datetime(2025, 9, 9, 1, 0, tzinfo=timezone.utc)  # 9 September, 09:00 in Kuala Lumpur


def _world(make):
    event = make.event()
    category = make.category(event.id)
    malaysia, thailand = make.country(), make.country("TH", "Thailand", "Thailand")
    user = make.user(email="minister@example.org")
    person = make.registration(event.id, malaysia.id, category.id, user_id=user.id, status="approved")
    other = make.registration(event.id, thailand.id, category.id, status="approved")
    kind = make.programme.session_type(event.id)
    speaker = make.programme.speaker(event.id, user_id=user.id)
    talk = make.programme.session(event.id, kind.id, starts_at=NINE, speaker_ids=[speaker.id])
    make.programme.session(
        event.id, kind.id, starts_at=NINE + timedelta(hours=5), speaker_ids=[speaker.id], status="cancelled"
    )
    visit = make.visits.visit(event.id, departs_at=NINE + timedelta(days=1), accredited_only=False)
    make.visits.book(visit.id, person.id)
    full = make.visits.visit(event.id, seats=1, departs_at=NINE + timedelta(days=2), accredited_only=False)
    make.visits.book(full.id, other.id)
    make.visits.book(full.id, person.id)  # on the waiting list: not taken
    room = make.bilaterals.room(event.id)
    slots = make.bilaterals.slots(event.id, 2, starts_at=NINE + timedelta(hours=2))
    meeting = make.bilaterals.request(
        event.id,
        make.delegation(event.id, malaysia.id).id,
        make.delegation(event.id, thailand.id).id,
        requester_people=[person.id],
        counterpart_people=[other.id],
        placed=(room.id, slots[0]),
    )
    return event, person, other, talk, visit, meeting, full


def test_a_speaker_a_booked_seat_and_a_placed_meeting_take_a_person(app, make):
    event, person, other, talk, visit, meeting, full = _world(make)
    with app.app_context():
        found = busy.engagements(db.session.get(Event, event.id), [person.id, other.id])
    mine = sorted((item.kind, item.ref) for item in found[person.id])
    assert mine == [("bilateral", meeting.id), ("session", talk.id), ("visit", visit.id)]
    assert sorted((item.kind, item.ref) for item in found[other.id]) == [
        ("bilateral", meeting.id),
        ("visit", full.id),
    ]


def test_a_clash_is_an_overlap_and_a_meeting_being_moved_does_not_clash_with_itself(app, make):
    event, person, _, talk, _, meeting, _ = _world(make)
    with app.app_context():
        found = busy.engagements(db.session.get(Event, event.id), [person.id], except_request_id=meeting.id)
    assert [item.kind for item in found[person.id]].count("bilateral") == 0
    during = busy.clashes(found, NINE + timedelta(minutes=30), NINE + timedelta(minutes=90))
    assert [(item.kind, item.ref, item.what["en"]) for item in during[person.id]] == [
        ("session", talk.id, talk.title_en)
    ]
    # Back to back is no clash: the session ends at 10:00 when the slot starts.
    assert busy.clashes(found, NINE + timedelta(hours=1), NINE + timedelta(minutes=90)) == {}
