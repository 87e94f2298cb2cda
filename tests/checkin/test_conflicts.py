"""Organisers review conflicts: both scans side by side with the delegate, resolved with a
note that is kept; filters by list, kind and state; a second resolution, an empty or
over-long note, another event's conflict change nothing."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ascn.checkin.models import Conflict, Scan
from ascn.db import utcnow
from ascn.extensions import db
from tests.support.checkin_manage import door_world, offline_scan, page_text, rows
from tests.support.pages import flashes
from tests.support.web import Auth, new_client, post

CONFLICTS = "/ascn8/manage/checkin/conflicts"


@pytest.fixture
def world(make, auth):
    """Two phones at the door both admitted Siti while offline: one double entry."""
    world = door_world(make)
    auth.login(world.organiser.email)
    world.person = world.delegate(badge_name="Siti Aminah", has_photo=True)
    make.photo(world.person.id)
    world.second = make.checkin.device(world.door.id, world.organiser.id, name="Second phone")
    return world


def _double_entry(client, make, world):
    token = make.checkin.token(world.person.id)
    offline_scan(client, world.phone, token, utcnow() - timedelta(minutes=3))
    offline_scan(client, world.second, token, utcnow() - timedelta(minutes=2))
    with make.app.app_context():
        return db.session.scalar(select(Conflict.id))


def _state(app, conflict_id):
    with app.app_context():
        conflict = db.session.get(Conflict, conflict_id)
        return conflict.resolved_at is not None, conflict.resolution, conflict.resolved_by_id


def _resolve(client, conflict_id, note):
    return post(client, f"{CONFLICTS}/{conflict_id}/resolve", {"note": note}, token_from=CONFLICTS)


def test_both_scans_are_shown_side_by_side_with_the_delegate(app, client, make, world):
    conflict_id = _double_entry(client, make, world)
    body = client.get(CONFLICTS).get_data(as_text=True)
    text = page_text(client.get(CONFLICTS))
    assert "Admitted twice" in text and "Siti Aminah" in text and "Main entrance" in text
    card = text.split("This scan")[1]
    assert "Second phone" in card.split("The other scan")[0]
    assert "Entrance phone" in card.split("The other scan")[1]
    assert "Shown on the device Valid" in card and "Judged by the server Already inside" in card
    assert f"/ascn8/registration/{world.person.id}/photo.jpg" in body
    assert f'id="conflict-{conflict_id}"' in body


def test_a_conflict_is_resolved_with_a_note_and_stays_filterable(app, client, make, world):
    conflict_id = _double_entry(client, make, world)
    response = _resolve(client, conflict_id, "Same person twice: the second phone was behind. No action.")
    assert response.status_code == 302
    assert _state(app, conflict_id) == (
        True,
        "Same person twice: the second phone was behind. No action.",
        world.organiser.id,
    )
    assert rows(app, Scan) == 2  # both scans kept
    assert "No conflict to review." in page_text(client.get(CONFLICTS))
    resolved = page_text(client.get(f"{CONFLICTS}?state=resolved"))
    assert (
        f"Resolved by {world.organiser.full_name}" in resolved and "the second phone was behind" in resolved
    )


def test_resolving_twice_or_without_a_note_changes_nothing(app, client, make, world):
    conflict_id = _double_entry(client, make, world)
    _resolve(client, conflict_id, "")
    assert "Say what was decided, for the record." in flashes(client.get(CONFLICTS))
    _resolve(client, conflict_id, "x" * 2001)
    assert any("longer than 2000" in message for message in flashes(client.get(CONFLICTS)))
    assert _state(app, conflict_id) == (False, "", None)

    _resolve(client, conflict_id, "First decision")
    _resolve(client, conflict_id, "Second decision")
    assert "This conflict has already been resolved." in flashes(client.get(CONFLICTS))
    assert _state(app, conflict_id)[1] == "First decision"


def test_filters_by_list_and_kind(app, client, make, world):
    _double_entry(client, make, world)
    hall = make.checkin.list(world.event.id, name_en="Plenary hall")
    hall_phone = make.checkin.device(hall.id, world.organiser.id, name="Hall phone")
    pending = world.delegate(status="pending", badge_name="Pending Person")
    offline_scan(client, hall_phone, make.checkin.token(pending.id), utcnow() - timedelta(minutes=1))

    everything = page_text(client.get(CONFLICTS))
    assert "2 conflicts" in everything
    by_list = page_text(client.get(f"{CONFLICTS}?list={hall.id}"))
    assert "Pending Person" in by_list and "Siti Aminah" not in by_list
    by_kind = page_text(client.get(f"{CONFLICTS}?kind=double_entry"))
    assert "Siti Aminah" in by_kind and "Pending Person" not in by_kind
    odd = client.get(f"{CONFLICTS}?kind=nonsense&list=٣&state=maybe&page=²")
    assert odd.status_code == 200 and "2 conflicts" in page_text(odd)


def test_another_events_conflict_or_a_bad_id_is_not_found(app, client, make, world):
    conflict_id = _double_entry(client, make, world)
    other = make.event(slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3))
    theirs = make.user(role="organiser", event_id=other.id)
    stranger = new_client(app)
    Auth(stranger).login(theirs.email)
    url = f"/wg1/manage/checkin/conflicts/{conflict_id}/resolve"
    assert (
        post(stranger, url, {"note": "mine"}, token_from="/wg1/manage/checkin/conflicts").status_code == 404
    )
    for bad in ("٣", "99999999999999"):
        assert _resolve(client, bad, "x").status_code == 404
    assert _state(app, conflict_id) == (False, "", None)


def test_staff_do_not_review_conflicts(app, client, make, world):
    conflict_id = _double_entry(client, make, world)
    staff = new_client(app)
    Auth(staff).login(world.staff.email)
    assert staff.get(CONFLICTS).status_code == 403
    assert post(staff, f"{CONFLICTS}/{conflict_id}/resolve", {"note": "ok"}).status_code == 403


def test_the_review_costs_the_same_queries_for_two_conflicts_or_twenty(
    app, client, make, world, count_queries
):
    def conflicts_of(n):
        for _ in range(n):
            person = world.delegate(has_photo=True)
            token = make.checkin.token(person.id)
            offline_scan(client, world.phone, token, utcnow() - timedelta(minutes=3))
            offline_scan(client, world.second, token, utcnow() - timedelta(minutes=2))

    def queries():
        with count_queries() as counter:
            assert client.get(CONFLICTS).status_code == 200
        return counter.count

    conflicts_of(2)
    few = queries()
    conflicts_of(18)
    assert rows(app, Conflict) == 20
    assert queries() == few
