"""What a scan costs the database: a door's phone waits for each answer, and a phone back
online sends hundreds of scans at once, so neither may cost a query per scan."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from ascn.db import utcnow
from ascn.extensions import db

_ids = iter(range(1, 10**6))


@pytest.fixture
def door(make):
    event = make.event(start_date=utcnow().date(), end_date=utcnow().date() + timedelta(days=2))
    category, country = make.category(event.id), make.country()
    organiser = make.user(role="organiser")
    checkin_list = make.checkin.list(event.id)

    def delegates(n):
        return [make.registration(event.id, country.id, category.id, status="approved").id for _ in range(n)]

    def phone():
        return make.checkin.device(checkin_list.id, organiser.id, name=f"Phone {next(_ids)}")

    return delegates, phone


def offline_batch(make, people, direction="in"):
    start = utcnow() - timedelta(minutes=30)
    return [
        {
            "id": f"q{next(_ids)}",
            "token": make.checkin.token(person),
            "direction": direction,
            "at": (start + timedelta(seconds=n)).isoformat(),
            "outcome": "valid",
        }
        for n, person in enumerate(people)
    ]


@pytest.fixture
def statements(app):
    """`statements(client, phone, path, scans)`: the SQL statements the request sent, and
    its results."""

    def send(client, phone, path, scans):
        sent = []
        with app.app_context():
            engine = db.engine
        listener = lambda _conn, _cursor, statement, *_rest: sent.append(statement)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = client.post(path, json={"scans": scans}, headers=phone.headers)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200
        return sent, response.get_json()["results"]

    return send


def apart_from_rows_written(sent: list[str]) -> list[str]:
    """PostgreSQL writes a batch's scans in one INSERT; SQLite, in the process, writes one
    row a statement (it cannot return their ids in order otherwise)."""
    first = [statement for statement in sent if statement.startswith("INSERT INTO checkin_scan")][:1]
    return first + [statement for statement in sent if not statement.startswith("INSERT INTO checkin_scan")]


def test_a_synced_batch_costs_the_same_queries_for_3_or_40_scans(client, make, door, statements):
    delegates, phone = door
    few, many = delegates(3), delegates(40)
    small, results = statements(client, phone(), "/ascn8/api/checkin/sync", offline_batch(make, few))
    assert [r["outcome"] for r in results] == ["valid"] * 3
    large, results = statements(client, phone(), "/ascn8/api/checkin/sync", offline_batch(make, many))
    assert [r["outcome"] for r in results] == ["valid"] * 40
    assert len(apart_from_rows_written(large)) == len(apart_from_rows_written(small))
    # Their way out too, now that each has a timeline.
    out, results = statements(client, phone(), "/ascn8/api/checkin/sync", offline_batch(make, many, "out"))
    assert [r["outcome"] for r in results] == ["valid"] * 40
    assert len(apart_from_rows_written(out)) == len(apart_from_rows_written(small))


def test_a_scan_at_the_door_costs_a_handful_of_queries(client, make, door, statements):
    """The device with its event and its holder's role, the delegate's facts with what the
    screen shows (and whether the phone sent this scan already), the presence row (made or
    locked in one statement, then moved), the scan written; and the phone's "last seen",
    once a minute."""
    delegates, phone = door
    (person,) = delegates(1)
    door_phone = phone()
    scan = [{"id": f"q{next(_ids)}", "token": make.checkin.token(person)}]
    first, results = statements(client, door_phone, "/ascn8/api/checkin/scans", scan)
    assert results[0]["outcome"] == "valid" and len(first) <= 9
    scan = [{"id": f"q{next(_ids)}", "token": make.checkin.token(person)}]
    again, results = statements(client, door_phone, "/ascn8/api/checkin/scans", scan)
    # Already inside: the entry is read once more, to say when and where.
    assert results[0]["outcome"] == "already_inside" and results[0]["entered"]["device"].startswith("Phone")
    assert len(again) <= len(first)
