"""The event's clock: moments are stored in UTC and typed and read in the event's time
zone, through `Event.local` and `Event.to_utc` alone. Kuala Lumpur keeps one offset all
year; London moves its clocks, and a meeting there may span the change."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ascn.events.models import Event
from ascn.extensions import db
from ascn.programme.models import ProgrammeSession
from tests.support.web import post

UTC = timezone.utc
# The days London's clocks go forward (30 March 2025) and back (26 October 2025).
CHANGES = [datetime(2025, 3, 29, 22, tzinfo=UTC), datetime(2025, 10, 25, 22, tzinfo=UTC)]


def _every_quarter_hour(start: datetime, hours: int = 8):
    return [start + timedelta(minutes=15 * n) for n in range(4 * hours)]


@pytest.mark.parametrize("zone", ["Asia/Kuala_Lumpur", "Europe/London", "America/New_York"])
@pytest.mark.parametrize("start", CHANGES)
def test_a_moment_read_on_the_event_clock_and_typed_back_is_the_same_moment(zone, start):
    event = Event(timezone=zone)
    for moment in _every_quarter_hour(start, hours=36):
        reading = event.local(moment)
        assert reading.utcoffset() == reading.tzinfo.utcoffset(reading)
        # As a form shows it (no zone) and sends it back: the hour the clock turns back
        # reads twice, and each reading still finds its own moment.
        assert event.to_utc(reading.replace(tzinfo=None)) == moment
        assert event.to_utc(reading) == moment


def test_the_clock_reads_each_zone_with_its_own_offset():
    kl, london = Event(timezone="Asia/Kuala_Lumpur"), Event(timezone="Europe/London")
    summer, winter = datetime(2025, 7, 1, 9, 0), datetime(2025, 12, 1, 9, 0)
    assert kl.to_utc(summer) == datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
    assert kl.to_utc(winter) == datetime(2025, 12, 1, 1, 0, tzinfo=UTC)
    assert london.to_utc(summer) == datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
    assert london.to_utc(winter) == datetime(2025, 12, 1, 9, 0, tzinfo=UTC)
    # A stored moment without a zone is UTC, as the database gives it back on SQLite.
    assert london.local(datetime(2025, 7, 1, 8, 0)).hour == 9


def test_a_session_typed_in_a_zone_that_changes_clocks_is_stored_and_shown_on_its_clock(
    app, client, make, auth
):
    event = make.event(timezone="Europe/London", start_date=date(2025, 10, 24), end_date=date(2025, 10, 28))
    plenary = make.programme.session_type(event.id, "plenary")
    auth.login(make.user(role="organiser").email)
    new = "/ascn8/manage/programme/sessions/new"
    for day, title in (("2025-10-25", "Before the change"), ("2025-10-27", "After the change")):
        form = {
            "title_en": title,
            "title_ms": title,
            "type_id": plenary.id,
            "track_id": "",
            "room_id": "",
            "starts_at": f"{day}T10:00",
            "ends_at": f"{day}T11:00",
            "audience": "everyone",
        }
        assert post(client, new, form, token_from=new).status_code == 302
    with app.app_context():
        stored = {s.title_en: s for s in db.session.scalars(select(ProgrammeSession)).all()}
        assert stored["Before the change"].starts_at == datetime(2025, 10, 25, 9, 0, tzinfo=UTC)
        assert stored["After the change"].starts_at == datetime(2025, 10, 27, 10, 0, tzinfo=UTC)
        ids = {title: s.id for title, s in stored.items()}
    for title in ids:
        page = client.get(f"/ascn8/manage/programme/sessions/{ids[title]}").get_data(as_text=True)
        assert 'T10:00"' in page and 'T11:00"' in page, title
