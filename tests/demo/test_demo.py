"""The demo, loaded once for this module (`kept`): what it holds for every domain, that a
second load adds nothing, and that its badges print out of the box. Loading it takes
seconds; each domain's checks read the same copy."""

import io
from datetime import time

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.badges.models import BadgeBatch, BadgeTemplate
from ascn.bilaterals.models import REQUEST_STATUSES, BilateralRequest, BilateralRoom, BilateralSlot
from ascn.checkin import certificates
from ascn.checkin.models import CheckinList, Conflict, Device, Presence, Scan
from ascn.demo.working_group import SLUG
from ascn.events.models import Category, Country, Event, EventRole
from ascn.extensions import db
from ascn.programme import snapshot
from ascn.registration.models import Registration
from tests.support.web import post, wait_for


def _rows() -> dict[str, int]:
    """Every table's row count."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def demo(app, runner, kept):
    """The demo as `flask seed-demo` loads it: its output and every table's row count."""

    def load():
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            return {"output": result.output, "rows": _rows()}

    return kept("demo", load)


@pytest.mark.reads_only
def test_a_second_load_adds_nothing(app, runner, demo):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _rows() == demo["rows"]


@pytest.mark.reads_only
def test_the_demo_has_two_meetings_eleven_member_states_and_names_in_thai(app, demo):
    assert "admin@ascn8.example" in demo["output"] and "ascn8-demo-pass" in demo["output"]
    with app.app_context():
        members = db.session.scalar(
            select(func.count()).select_from(Country).where(Country.country_group == "member")
        )
        ascn8 = db.session.scalar(select(Event).where(Event.slug == "ascn8"))
        working_group = db.session.scalar(select(Event).where(Event.slug != "ascn8"))
        focal_points = db.session.scalars(
            select(EventRole).where(EventRole.event_id == ascn8.id, EventRole.role == "focal_point")
        ).all()
        roles = set(
            db.session.scalars(select(EventRole.role).where(EventRole.event_id == ascn8.id).distinct())
        )
        thai = db.session.scalars(
            select(Registration.badge_name)
            .join(Country)
            .where(Country.code == "TH", Registration.event_id == ascn8.id)
        ).all()
        open_now = working_group.registration_state() == "open" and working_group.start_date > ascn8.end_date
        account_roles = set(db.session.scalars(select(User.role).distinct()))
        hashes = db.session.scalars(select(User.password_hash)).all()
    assert members == 11 and len(focal_points) == 11 and all(r.country_id for r in focal_points)
    assert roles == {"organiser", "staff", "focal_point"}
    assert account_roles == {"admin", "delegate"}
    assert demo["rows"]["user_account"] >= 11 * 25 and demo["rows"]["event"] == 2 and open_now
    assert any("\u0e00" <= ch <= "\u0e7f" for name in thai for ch in name)  # names in Thai script
    # Every demo account has a password hash of its own.
    assert len(hashes) > 100 and len(set(hashes)) == len(hashes)


@pytest.mark.reads_only
def test_the_demo_has_a_first_morning_at_the_doors_and_the_bus(app, demo):
    with app.app_context():
        ascn8 = db.session.scalar(select(Event).where(Event.slug == "ascn8"))
        every_list = db.session.scalars(select(CheckinList)).all()
        lists = {row.name_en: row for row in every_list if row.event_id == ascn8.id}
        entrance, hall = lists["Main entrance"], lists["Ministerial session"]
        assert entrance.name_ms == "Pintu masuk utama" and hall.name_ms == "Sesi menteri"
        assert [c.code for c in hall.categories] == ["head_of_delegation"] and not hall.all_categories
        assert sum(1 for row in lists.values() if row.kind == "visit") == 3
        assert len(every_list) == len(lists) + 1  # and the working group's door
        staff = db.session.scalar(select(User).where(User.email == "staff@ascn8.example"))
        assert all(row.staff == [staff] for row in every_list)
        phones = db.session.scalars(select(Device)).all()
        assert {phone.list_id for phone in phones} == {row.id for row in every_list}
        assert all(phone.state == "paired" and phone.paired_by_id == staff.id for phone in phones)

        approved = db.session.scalar(
            select(func.count()).where(Registration.event_id == ascn8.id, Registration.status == "approved")
        )
        inside = db.session.scalar(
            select(func.count()).where(Presence.list_id == entrance.id, Presence.inside.is_(True))
        )
        assert approved * 0.6 < inside < approved  # most came, some left before lunch
        entries = db.session.scalars(
            select(Scan).where(Scan.list_id == entrance.id, Scan.admitted.is_(True), Scan.direction == "in")
        ).all()
        first = {ascn8.local(scan.scanned_at).date() for scan in entries}
        assert first == {ascn8.start_date}
        clocks = sorted(ascn8.local(scan.scanned_at).time() for scan in entries)
        assert time(8, 0) <= clocks[0] and clocks[-1] <= time(9, 30)
        refused = set(
            db.session.scalars(
                select(Scan.outcome).where(Scan.list_id == entrance.id, Scan.admitted.is_(False))
            )
        )
        assert {"cancelled", "not_approved", "unknown", "already_inside"} <= refused
        (conflict,) = db.session.scalars(select(Conflict)).all()
        assert conflict.kind == "double_entry" and conflict.scan.device_id != conflict.other_scan.device_id
        hall_outcomes = set(db.session.scalars(select(Scan.outcome).where(Scan.list_id == hall.id)))
        assert hall_outcomes == {"valid", "not_on_list"}
        # Whoever the door let in has a certificate for the first day.
        attendee = db.session.get(Registration, entries[0].registration_id)
        assert certificates.attended_days(attendee) == (ascn8.start_date,)


@pytest.mark.reads_only
def test_the_working_group_holds_bilaterals_and_a_signing_on_the_programme(app, demo):
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == SLUG))
        rooms = db.session.scalars(select(BilateralRoom).where(BilateralRoom.event_id == event.id)).all()
        assert len(rooms) == 4 and any(r.has_flags and r.has_interpretation for r in rooms)
        slots = db.session.scalars(select(BilateralSlot).where(BilateralSlot.event_id == event.id)).all()
        assert {event.local(s.starts_at).date() for s in slots} == {event.start_date, event.end_date}
        requests = db.session.scalars(
            select(BilateralRequest).where(BilateralRequest.event_id == event.id)
        ).all()
        assert {r.status for r in requests} == set(REQUEST_STATUSES)
        assert {r.counterpart.country.country_group for r in requests} == {"member", "partner"}
        placed = [r for r in requests if r.is_placed]
        assert len(placed) >= 2 and any(r.status == "accepted" and not r.is_placed for r in requests)
        for meeting in placed:
            assert all(p.slot_id == meeting.slot_id for p in meeting.participants)
            # In a time that suits both sides, as the placement would put it.
            assert all(
                meeting.slot_id in {p.slot_id for p in meeting.preferences if p.side == side}
                for side in ("requester", "counterpart")
            )
        [signing] = [r for r in requests if r.is_signing]
        assert signing.requester_id != signing.counterpart_id
        assert "Kuala Lumpur City Hall" in signing.signing_title_en
        programme = snapshot.latest_programme(event)
        session = programme.by_id[signing.signing_session_id]
        assert "Kuala Lumpur City Hall" in session.title_en and "Malaysia" in session.title_en
        assert "Dewan Bandaraya Kuala Lumpur" in session.title_ms


def test_every_badge_of_the_demo_prints_out_of_the_box(app, client, auth, demo):
    with app.app_context():
        # ASCN8's eight categories with their templates, and the working group's copies.
        assert db.session.scalar(select(func.count()).select_from(BadgeTemplate)) == 16
        assert db.session.scalar(select(func.count()).select_from(Category)) == 16
    auth.login("staff@ascn8.example", "ascn8-demo-pass")
    data = {"scope": "all", "sort": "protocol", "country_id": "0", "category_id": "0"}
    response = post(client, "/ascn8/manage/badges/batches", data, token_from="/ascn8/manage/badges/batches")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    batch_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])

    def finished():
        with app.app_context():
            status = db.session.get(BadgeBatch, batch_id).status
            db.session.remove()
            return status in ("done", "failed")

    assert wait_for(finished, timeout=120)
    with app.app_context():
        batch = db.session.get(BadgeBatch, batch_id)
        assert batch.status == "done" and batch.total > 100
        assert len(PdfReader(io.BytesIO(batch.pdf)).pages) == batch.total
