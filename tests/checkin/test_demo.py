"""The demo's check-in: lists, paired phones and a first morning of scans that the
attendance, conflict and certificate pages can show, loaded once however often the seed
runs."""

from datetime import time

from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.checkin import certificates
from ascn.checkin.models import CheckinList, Conflict, Device, Presence, Scan
from ascn.events.models import Event
from ascn.extensions import db
from ascn.registration.models import Registration


def _counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (CheckinList, Device, Scan, Conflict)
    }


def test_the_demo_has_a_first_morning_at_the_doors_and_the_bus(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
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
        first_run = _counts()

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert _counts() == first_run
