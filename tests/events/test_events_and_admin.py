"""Organisers edit the event and its categories; administrators manage accounts and read
the outbox."""

from datetime import date, datetime, timezone

from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.events.models import Category, Event, EventRole
from ascn.extensions import db
from tests.support.web import post

EVENT_FORM = {
    "short_name": "ASCN8",
    "name_en": "8th ASCN Annual Meeting",
    "name_ms": "Mesyuarat Tahunan ASCN Ke-8",
    "theme_en": "Smart cities",
    "theme_ms": "Bandar pintar",
    "description_en": "",
    "description_ms": "",
    "venue_en": "Hotel Shangri-La",
    "venue_ms": "Hotel Shangri-La",
    "city_en": "Kuala Lumpur",
    "city_ms": "Kuala Lumpur",
    "start_date": "2025-09-08",
    "end_date": "2025-09-12",
    "timezone": "Asia/Kuala_Lumpur",
    "registration_opens_at": "2025-06-02T09:00",
    "registration_closes_at": "2025-08-29T23:59",
}


def _event(app):
    with app.app_context():
        return db.session.scalars(select(Event)).one()


def test_organiser_edits_the_event_in_the_event_time_zone(app, client, make, auth):
    make.event()
    auth.login(make.user(role="organiser").email)
    response = post(client, "/ascn8/manage/event", EVENT_FORM)
    assert response.status_code == 302
    event = _event(app)
    assert event.name_ms == "Mesyuarat Tahunan ASCN Ke-8"
    assert event.registration_opens_at == datetime(2025, 6, 2, 1, 0, tzinfo=timezone.utc)  # 09:00 in KL
    page = client.get("/ascn8/manage/event").get_data(as_text=True)
    assert 'value="2025-06-02T09:00"' in page


def test_event_form_refuses_bad_dates_and_names(app, client, make, auth):
    make.event()
    auth.login(make.user(role="organiser").email)
    bad = {**EVENT_FORM, "end_date": "2025-09-01"}
    assert "cannot end before it starts" in post(client, "/ascn8/manage/event", bad).get_data(as_text=True)
    bad = {**EVENT_FORM, "name_en": "", "name_ms": ""}
    assert "in at least one language" in post(client, "/ascn8/manage/event", bad).get_data(as_text=True)
    bad = {**EVENT_FORM, "registration_closes_at": "2025-06-01T00:00"}
    assert "must close after it opens" in post(client, "/ascn8/manage/event", bad).get_data(as_text=True)
    bad = {**EVENT_FORM, "timezone": "Mars/Olympus", "start_date": "not a date"}
    page = post(client, "/ascn8/manage/event", bad).get_data(as_text=True)
    assert "Unknown time zone" in page and "Enter a valid date." in page
    assert _event(app).start_date == date(2025, 9, 8)


def test_event_form_in_malay_shows_both_languages_side_by_side(client, make, auth):
    make.event()
    auth.login(make.user(role="organiser", locale="ms").email)
    page = client.get("/ascn8/manage/event").get_data(as_text=True)
    assert "Nama dalam bahasa Inggeris" in page and "Nama dalam bahasa Melayu" in page


def test_organiser_adds_and_edits_categories(app, client, make, auth):
    event = make.event()
    auth.login(make.user(role="organiser").email)
    form = {"code": "Media", "label_en": "Media", "label_ms": "Media", "colour": "#E65100", "sort_order": "3"}
    assert post(client, "/ascn8/manage/categories/new", form).status_code == 302
    page = post(client, "/ascn8/manage/categories/new", form).get_data(as_text=True)
    assert "Another category already uses this code." in page
    with app.app_context():
        [category] = db.session.scalars(select(Category).where(Category.event_id == event.id)).all()
        assert (category.code, category.colour) == ("media", "#e65100")
    form.update(label_ms="Wartawan", colour="red")
    page = post(client, f"/ascn8/manage/categories/{category.id}", form).get_data(as_text=True)
    assert "Choose a colour like #1f4e79." in page
    form.update(colour="#123456")
    post(client, f"/ascn8/manage/categories/{category.id}", form)
    page = client.get("/ascn8/manage/categories", headers={"Accept-Language": "ms"}).get_data(as_text=True)
    assert "Wartawan" in page and "#123456" in page
    assert client.get("/ascn8/manage/categories/999999").status_code == 404


def test_admin_lists_filters_and_pages_accounts(client, make, auth):
    auth.login(make.user(role="admin").email)
    for n in range(55):
        make.user(email=f"delegate{n:02d}@example.org", full_name=f"Delegate {n:02d}")
    make.user(role="admin", email="desk@example.org", full_name="Desk Admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "57 accounts" in page and "Page 1 of 2" in page
    assert "Delegate 54" in client.get("/admin/users?page=2").get_data(as_text=True)
    page = client.get("/admin/users?role=admin").get_data(as_text=True)
    assert "desk@example.org" in page and "delegate00@" not in page
    assert "delegate07@" in client.get("/admin/users?q=DELEGATE07").get_data(as_text=True)
    assert client.get("/admin/users?page=-3&role=pirate").status_code == 200


def test_an_organiser_makes_a_focal_point_of_their_event_only(app, client, make, auth):
    event = make.event()
    other = make.event(slug="wg1", short_name="WG1")
    auth.login(make.user(role="organiser", event_id=event.id).email)
    person = make.user(email="somchai@example.go.th")
    country = make.country("TH", "Thailand", "Thailand")
    form = {"email": "Somchai@Example.go.th", "role": "focal_point", "country_id": "0"}
    page = post(client, "/ascn8/manage/team", form).get_data(as_text=True)
    assert "A focal point needs a country or organisation." in page
    response = post(
        client, "/ascn8/manage/team", {**form, "country_id": str(country.id)}, follow_redirects=True
    )
    assert "is now Focal point at this event" in response.get_data(as_text=True)
    with app.app_context():
        [row] = db.session.scalars(select(EventRole).where(EventRole.user_id == person.id)).all()
        assert (row.event_id, row.role, row.country_id) == (event.id, "focal_point", country.id)
    # The organiser of ASCN8 is a stranger to the other event's team.
    assert client.get(f"/{other.slug}/manage/team").status_code == 403
    assert post(client, f"/{other.slug}/manage/team", {**form, "role": "organiser"}).status_code == 403


def test_a_role_is_given_only_to_a_confirmed_account(app, client, make, auth):
    make.event()
    auth.login(make.user(role="organiser").email)
    make.user(email="unproven@example.org", confirmed=False)
    for email in ("unproven@example.org", "nobody@example.org"):
        page = post(client, "/ascn8/manage/team", {"email": email, "role": "staff", "country_id": "0"})
        assert "No confirmed account uses this address" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EventRole)) == 1  # the organiser's


def test_an_organiser_removes_a_role_but_not_their_own(app, client, make, auth):
    event = make.event()
    organiser = make.user(role="organiser")
    staff = make.user(role="staff")
    auth.login(organiser.email)
    with app.app_context():
        ids = {r.user_id: r.id for r in db.session.scalars(select(EventRole))}
    page = post(client, f"/ascn8/manage/team/{ids[organiser.id]}/remove", follow_redirects=True)
    assert "You cannot remove your own organiser role." in page.get_data(as_text=True)
    page = post(client, f"/ascn8/manage/team/{ids[staff.id]}/remove", follow_redirects=True)
    assert "The role has been removed." in page.get_data(as_text=True)
    assert staff.email not in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(EventRole.user_id).where(EventRole.event_id == event.id)).all() == [
            organiser.id
        ]


def test_admin_cannot_lock_themself_out(app, client, make, auth):
    admin = make.user(role="admin")
    auth.login(admin.email)
    page = post(
        client, f"/admin/users/{admin.id}", {"role": "delegate", "country_id": "0"}, follow_redirects=True
    )
    assert "cannot remove your own administrator access" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, admin.id).role == "admin"


def test_admin_reads_the_outbox(client, make, auth):
    auth.login(make.user(role="admin").email)
    post(client, "/account/reset", {"email": "nobody@example.org"})
    target = make.user(email="lim@example.sg", locale="ms")
    post(client, "/account/logout")
    post(client, "/account/reset", {"email": target.email})
    auth.login(make.user(role="admin", email="second-admin@example.org").email)
    page = client.get("/admin/outbox?q=lim@").get_data(as_text=True)
    assert "lim@example.sg" in page and "Tetapkan semula kata laluan anda" in page
    message_id = page.split("/admin/outbox/")[1].split('"')[0]
    body = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "/account/reset/" in body


def test_account_list_queries_do_not_grow_with_rows(client, make, auth, count_queries):
    auth.login(make.user(role="admin").email)
    countries = [make.country(code, code, code) for code in ("TH", "VN", "KH")]

    def queries_for_page():
        with count_queries() as counter:
            assert client.get("/admin/users").status_code == 200
        return counter.count

    make.event()
    make.event(slug="wg1", short_name="WG1")
    for n in range(10):
        make.user(role="focal_point", country_id=countries[n % 3].id)
    few = queries_for_page()
    for n in range(40):
        make.user(role="focal_point", country_id=countries[n % 3].id)
    assert queries_for_page() == few


def test_admin_invites_a_person_who_chooses_a_password(app, client, make, auth):
    auth.login(make.user(role="admin", full_name="Nurul Aina").email)
    form = {
        "full_name": "Ahmad Faizal",
        "email": "Faizal@Example.gov.my",
        "role": "delegate",
        "locale": "ms",
    }
    assert post(client, "/admin/users/new", form).status_code == 302
    page = post(client, "/admin/users/new", form).get_data(as_text=True)
    assert "already exists" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "faizal@example.gov.my"))
        assert user.role == "delegate" and user.email_confirmed_at is None
        from ascn.mail import OutboxMessage

        [message] = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "faizal@example.gov.my")
        ).all()
    assert message.locale == "ms" and "Nurul Aina" in message.body_text
    link = "/account/reset/" + message.body_text.split("/account/reset/")[1].split()[0]
    post(client, "/account/logout")
    new = "putrajaya lake garden"
    assert post(client, link, {"password": new, "confirm": new}, token_from=link).status_code == 302
    assert (
        post(client, "/account/login", {"email": "faizal@example.gov.my", "password": new}).status_code == 302
    )
    assert client.get("/account/profile").status_code == 200
    with app.app_context():
        assert db.session.get(User, user.id).email_confirmed_at is not None


def test_organiser_deletes_a_category(app, client, make, auth):
    event = make.event()
    category = make.category(event.id)
    auth.login(make.user(role="organiser").email)
    response = post(client, f"/ascn8/manage/categories/{category.id}/delete", follow_redirects=True)
    assert "The category has been deleted." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Category, category.id) is None
    assert post(client, f"/ascn8/manage/categories/{category.id}/delete").status_code == 404


def test_organiser_adds_and_renames_countries_and_organisations(app, client, make, auth):
    from ascn.events.models import Country

    make.event()
    auth.login(make.user(role="organiser", locale="ms").email)
    form = {
        "code": "unhabitat",
        "name_en": "UN-Habitat",
        "name_ms": "UN-Habitat",
        "country_group": "organisation",
        "sort_order": "",
    }
    assert post(client, "/ascn8/manage/countries/new", form).status_code == 302
    page = post(client, "/ascn8/manage/countries/new", {**form, "code": "UNHABITAT"}).get_data(as_text=True)
    assert "Kod ini telah digunakan" in page
    page = post(client, "/ascn8/manage/countries/new", {**form, "code": "U1"}).get_data(as_text=True)
    assert "Sila gunakan 2 hingga 10 huruf" in page
    page = post(
        client, "/ascn8/manage/countries/new", {**form, "code": "XX", "country_group": "planet"}
    ).get_data(as_text=True)
    assert "Pilihan tidak sah." in page
    with app.app_context():
        country = db.session.scalar(select(Country))
        assert (country.code, country.country_group) == ("UNHABITAT", "organisation")
    post(
        client, f"/ascn8/manage/countries/{country.id}", {**form, "name_ms": "Program Penempatan Manusia PBB"}
    )
    page = client.get("/ascn8/manage/countries", headers={"Accept-Language": "ms"}).get_data(as_text=True)
    assert "Program Penempatan Manusia PBB" in page and "Organisasi antarabangsa" in page


def test_admin_sends_a_failed_message_again(app, client, make, auth):
    from ascn.mail import OutboxMessage

    auth.login(make.user(role="admin").email)
    message_id = make.outbox_message("x@example.org", status="failed", error="timeout").id
    page = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "timeout" in page and "Send again" in page
    post(client, f"/admin/outbox/{message_id}/resend")
    from tests.support.web import wait_for

    def status():
        with app.app_context():
            return db.session.get(OutboxMessage, message_id).status

    assert wait_for(lambda: status() == "sent")


def test_a_role_of_another_event_cannot_be_removed_through_this_one(app, client, make, auth):
    ascn8 = make.event()
    wg = make.event(slug="wg1", short_name="WG1")
    staff = make.user(role="staff", event_id=ascn8.id)
    auth.login(make.user(role="organiser", event_id=wg.id).email)
    with app.app_context():
        role_id = db.session.scalar(select(EventRole.id).where(EventRole.user_id == staff.id))
    page = post(client, f"/wg1/manage/team/{role_id}/remove", follow_redirects=True).get_data(as_text=True)
    assert "This role no longer exists." in page
    with app.app_context():
        assert db.session.get(EventRole, role_id) is not None
