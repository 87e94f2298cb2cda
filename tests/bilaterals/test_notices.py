"""The placement's announcement: both sides and every participant, each in their
language, with links from the public URL."""

from ascn.extensions import db
from tests.support.bilateral_requests import letters, two_delegations


def test_a_placed_meeting_is_announced_to_both_sides_and_the_people_named(app, make):
    from ascn.bilaterals import notices
    from ascn.bilaterals.models import BilateralRequest

    w = two_delegations(make)
    room = make.bilaterals.room(w.event.id, name_en="Melati room", name_ms="Bilik Melati")
    meeting = make.bilaterals.request(
        w.event.id,
        w.own.id,
        w.other.id,
        requester_people=[w.people.minister.id],
        counterpart_people=[w.people.singaporean.id, w.people.head.id],
        placed=(room.id, w.slots[2]),
    )
    unplaced = make.bilaterals.request(w.event.id, w.own.id, w.third.id, status="accepted")
    with app.app_context():
        notices.placed([meeting.id, unplaced.id, meeting.id])
        db.session.commit()
    told = {m.to: m for m in letters(app, "bilateral_placed")}
    assert sorted(told) == sorted(
        [
            "focal.my@example.org",
            w.people.minister.email,
            "focal.sg@example.org",
            "head.sg@example.org",  # Head and participant: told once
            w.people.singaporean.email,
        ]
    )
    english = told["focal.my@example.org"]
    assert (
        "Your bilateral meeting with Singapore is on Tuesday, 9 September 2025, 11:00–11:30, in Melati room."
        in (" ".join(english.text.split()))
    )
    assert f"http://ascn.test/ascn8/bilaterals/{meeting.id}" in english.text
    malay = told["head.sg@example.org"]
    assert malay.locale == "ms" and "Bilik Melati" in malay.text and "Malaysia" in malay.text
    assert "http://ascn.test/ascn8/" in told[w.people.minister.email].text
    with app.app_context():
        assert db.session.get(BilateralRequest, unplaced.id).status == "accepted"
