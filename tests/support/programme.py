"""A small published programme shared by the programme tests."""

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from tests.support.web import post

KL_MORNING = datetime(2025, 9, 8, 1, 0, tzinfo=timezone.utc)  # 09:00 in Kuala Lumpur


def programme_world(make, sessions=3, publish=True):
    event = make.event()
    organiser = make.user(role="organiser")
    room = make.programme.room(event.id, "Grand Ballroom", name_ms="Dewan Besar")
    other_room = make.programme.room(event.id, "Lotus Room", name_ms="Bilik Teratai")
    plenary = make.programme.session_type(event.id, "plenary")
    speaker = make.programme.speaker(event.id, "Dato' Aminah")
    made = [
        make.programme.session(
            event.id,
            plenary.id,
            starts_at=KL_MORNING + timedelta(hours=2 * n),
            room_id=room.id,
            speaker_ids=[speaker.id] if n == 0 else [],
        )
        for n in range(sessions)
    ]
    release = make.programme.publish(organiser.id) if publish else None
    return SimpleNamespace(
        event=event,
        organiser=organiser,
        room=room,
        other_room=other_room,
        type=plenary,
        speaker=speaker,
        sessions=made,
        release=release,
    )


PUBLISH = "/ascn8/manage/programme/publish"


def publish_confirmed(client, **kwargs):
    """Publish through the page as an organiser does: "Publish…", then "Publish now" on the
    confirmation step, which carries the digest of the draft it showed."""
    step = post(client, PUBLISH, token_from=PUBLISH).get_data(as_text=True)
    found = re.search(r'name="reviewed" value="([0-9a-f]+)"', step)
    data = {"confirm": "yes", "reviewed": found.group(1) if found else ""}
    return post(client, PUBLISH, data, token_from=PUBLISH, **kwargs)
