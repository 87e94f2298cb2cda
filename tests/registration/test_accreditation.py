"""Organisers see every registration, decide on many at once, export what they see."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from ascn import jobs
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Registration, RegistrationChange
from tests.support.web import post


@pytest.fixture
def world(make, auth):
    event = make.event()
    delegate = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    media = make.category(event.id, code="media", label_en="Media", label_ms="Media")
    thailand = make.country("TH", "Thailand", "Thailand")
    vietnam = make.country("VN", "Viet Nam", "Vietnam")
    organiser = make.user(role="organiser")
    auth.login(organiser.email)
    people = {
        "thai": make.registration(
            event.id,
            thailand.id,
            delegate.id,
            given_names="สมชาย",
            family_name="ใจดี",
            latin_name="Somchai Jaidee",
        ),
        "viet": make.registration(
            event.id, vietnam.id, delegate.id, given_names="Nguyễn Thị", family_name="Ánh", locale="ms"
        ),
        "lan": make.registration(event.id, vietnam.id, media.id, given_names="Lan", status="approved"),
    }
    return {
        "event": event,
        "delegate": delegate,
        "media": media,
        "thailand": thailand,
        "vietnam": vietnam,
        **people,
    }


def status(app, registration_id):
    with app.app_context():
        return db.session.get(Registration, registration_id).status


def test_list_shows_counts_per_status(client, world):
    page = client.get("/ascn8/manage/registrations").get_data(as_text=True)
    assert "สมชาย" in page and "Nguyễn Thị" in page
    assert 'Pending <span class="n">2</span>' in page
    assert 'Approved <span class="n">1</span>' in page


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("status=approved", ["Lan"], ["สมชาย"]),
        ("country={vietnam}", ["Nguyễn Thị", "Lan"], ["สมชาย"]),
        ("category={media}", ["Lan"], ["Nguyễn Thị"]),
        ("q=nguyen+anh", ["Nguyễn Thị"], ["สมชาย", "Lan"]),  # accents ignored
        ("q=ใจดี", ["สมชาย"], ["Nguyễn Thị"]),
        ("q=somchai", ["สมชาย"], ["Lan"]),
        ("q=%25", [], ["สมชาย"]),  # a LIKE wildcard is searched for, not obeyed
    ],
)
def test_filters_and_search(client, world, query, shown, hidden):
    query = query.format(vietnam=world["vietnam"].id, media=world["media"].id)
    page = client.get(f"/ascn8/manage/registrations?{query}").get_data(as_text=True)
    for name in shown:
        assert name in page, name
    for name in hidden:
        assert name not in page, name


def test_garbage_filters_are_ignored(client, world):
    response = client.get(
        "/ascn8/manage/registrations?status=nope&country=x&from=yesterday&sort=;drop&page=-3"
    )
    assert response.status_code == 200 and "สมชาย" in response.get_data(as_text=True)


def test_bulk_approve_records_and_mails_each(app, client, world):
    ids = [world["thai"].id, world["viet"].id]
    response = post(
        client,
        "/ascn8/manage/registrations/decide",
        {"ids": ids, "action": "approved", "reason": "", "category_id": "0"},
        token_from="/ascn8/manage/registrations",
    )
    assert response.status_code == 302
    assert status(app, world["thai"].id) == "approved" and status(app, world["viet"].id) == "approved"
    with app.app_context():
        changes = db.session.scalars(
            select(RegistrationChange).where(RegistrationChange.action == "status")
        ).all()
        assert {(c.registration_id, c.old_value, c.new_value) for c in changes} == {
            (world["thai"].id, "pending", "approved"),
            (world["viet"].id, "pending", "approved"),
        }
        jobs.drain()  # one job after the commit writes the emails
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.template == "registration_status")
        ).all()
    assert sorted(m.locale for m in mails) == ["en", "ms"]  # each in the delegate's language


def test_reject_needs_a_reason_and_emails_it(app, client, world):
    data = {"ids": [world["thai"].id], "action": "rejected", "reason": "", "category_id": "0"}
    post(client, "/ascn8/manage/registrations/decide", data, token_from="/ascn8/manage/registrations")
    assert status(app, world["thai"].id) == "pending"
    data["reason"] = "Registration is for city officials only."
    post(client, "/ascn8/manage/registrations/decide", data, token_from="/ascn8/manage/registrations")
    assert status(app, world["thai"].id) == "rejected"
    with app.app_context():
        jobs.drain()
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "registration_status"))
    assert "Registration is for city officials only." in mail.body_text


def test_change_category_in_bulk(app, client, world):
    data = {"ids": [world["thai"].id], "action": "category", "category_id": str(world["media"].id)}
    post(client, "/ascn8/manage/registrations/decide", data, token_from="/ascn8/manage/registrations")
    with app.app_context():
        assert db.session.get(Registration, world["thai"].id).category_id == world["media"].id
    page = client.get(f"/ascn8/manage/registrations/{world['thai'].id}").get_data(as_text=True)
    assert "Delegate → Media" in page


def test_forged_ids_change_nothing(app, client, world):
    data = {"ids": [world["thai"].id, "999999", "abc"], "action": "approved"}
    post(client, "/ascn8/manage/registrations/decide", data, token_from="/ascn8/manage/registrations")
    assert status(app, world["thai"].id) == "pending"


def test_nothing_selected_is_a_message(client, world):
    response = post(
        client,
        "/ascn8/manage/registrations/decide",
        {"action": "approved"},
        token_from="/ascn8/manage/registrations",
    )
    assert "Select at least one registration" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_staff_read_but_cannot_decide(app, client, auth, make, world):
    staff = make.user(role="staff")
    auth.logout()
    auth.login(staff.email)
    assert client.get("/ascn8/manage/registrations").status_code == 200
    data = {"ids": [world["thai"].id], "action": "approved"}
    assert post(client, "/ascn8/manage/registrations/decide", data, token_from="/").status_code == 403
    assert status(app, world["thai"].id) == "pending"


def test_registration_page_shows_the_history(client, world):
    post(
        client,
        f"/ascn8/manage/registrations/{world['viet'].id}/decide",
        {"action": "approved", "category_id": "0"},
        token_from=f"/ascn8/manage/registrations/{world['viet'].id}",
    )
    page = client.get(f"/ascn8/manage/registrations/{world['viet'].id}").get_data(as_text=True)
    assert "Pending → Approved" in page and "Test organiser" in page


def test_csv_export_opens_in_excel_with_every_script(client, world):
    response = client.get(f"/ascn8/manage/registrations/export.csv?country={world['thailand'].id}")
    assert response.data.startswith("\ufeff".encode())  # the BOM Excel needs for UTF-8
    table = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert table[0][3] == "Given name(s)"
    assert [row[3] for row in table[1:]] == ["สมชาย"]


def test_xlsx_export_is_the_filtered_list(client, world):
    response = client.get("/ascn8/manage/registrations/export.xlsx?status=pending&sort=name")
    sheet = load_workbook(io.BytesIO(response.data)).active
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(["สมชาย", "Nguyễn Thị"])


def test_a_formula_in_a_name_does_not_run_in_the_export(client, make, world):
    make.registration(
        world["event"].id, world["thailand"].id, world["delegate"].id, given_names="=HYPERLINK(1)"
    )
    table = client.get("/ascn8/manage/registrations/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in table


def test_list_queries_do_not_grow_with_rows(app, client, make, world, count_queries):
    def measure():
        with count_queries() as counter:
            assert client.get("/ascn8/manage/registrations?sort=country").status_code == 200
        return counter.count

    for _ in range(7):
        make.registration(world["event"].id, world["thailand"].id, world["delegate"].id)
    small = measure()
    with app.app_context():
        rows = [
            Registration(
                event_id=world["event"].id,
                country_id=world["vietnam"].id,
                category_id=world["media"].id,
                given_names=f"Bulk {n}",
                badge_name=f"Bulk {n}",
                email=f"bulk{n}@example.org",
            )
            for n in range(490)
        ]
        db.session.add_all(rows)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 500
    assert measure() == small


def test_quotas_cannot_go_below_places_taken(app, client, make, world):
    make.delegation(world["event"].id, world["vietnam"].id, quota=20)
    response = post(
        client,
        "/ascn8/manage/delegations",
        {f"quota-{world['vietnam'].id}": "1", f"heads-{world['vietnam'].id}": "1"},
        token_from="/ascn8/manage/delegations",
    )
    assert "the quota cannot be lower" in response.get_data(as_text=True)


def test_registration_settings_lock_edits(app, client, world):
    data = {"registration_edits_locked": "y", "privacy_notice_en": "Notice", "privacy_notice_ms": "Notis"}
    post(
        client, "/ascn8/manage/registration-settings", data, token_from="/ascn8/manage/registration-settings"
    )
    from ascn.events.models import Event

    with app.app_context():
        assert db.session.get(Event, world["event"].id).registration_edits_locked is True


def test_script_in_the_privacy_notice_is_shown_as_text(client, world):
    data = {"privacy_notice_en": "<script>alert(1)</script>", "privacy_notice_ms": ""}
    post(
        client, "/ascn8/manage/registration-settings", data, token_from="/ascn8/manage/registration-settings"
    )
    page = client.get("/ascn8/privacy").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_organiser_corrects_a_name_and_it_is_logged(app, client, world):
    url = f"/ascn8/manage/registrations/{world['viet'].id}/edit"
    data = {
        "given_names": "Nguyễn Thị",
        "family_name": "Ánh Hồng",
        "locale": "ms",
        "protocol_rank": "minister",
    }
    assert post(client, url, data, token_from=url).status_code == 302
    page = client.get(f"/ascn8/manage/registrations/{world['viet'].id}").get_data(as_text=True)
    assert "Ánh Hồng" in page and "Details changed" in page and "Delegate → Minister" in page


def test_a_decision_goes_back_to_the_list_never_to_an_address_with_a_line_break(app, client, world):
    response = post(
        client,
        "/ascn8/manage/registrations/decide",
        {
            "ids": [world["thai"].id],
            "action": "approved",
            "reason": "",
            "category_id": "0",
            "back": "/ascn8/manage/registrations?page=2\r\nSet-Cookie: x=1",
        },
        token_from="/ascn8/manage/registrations",
    )
    assert response.status_code == 302 and response.headers["Location"] == "/ascn8/manage/registrations"
    assert status(app, world["thai"].id) == "approved"
