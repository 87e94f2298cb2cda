"""The desk tells people apart and records the handover of a printed badge, apart from
printing; a reprint's reason is chosen, never defaulted; the page prints in place."""

import pytest
from sqlalchemy import select

from ascn.accounts.models import User
from ascn.badges import handover
from ascn.badges.models import BadgeHandover
from ascn.errors import ServiceError
from ascn.extensions import db
from tests.support.web import post

EN = {"Accept-Language": "en"}


@pytest.fixture
def desk(make):
    event = make.event()
    category = make.category(event.id, label_en="Delegate", label_ms="Perwakilan")
    country = make.country()
    staff = make.user(role="staff")

    def delegate(**values):
        values.setdefault("status", "approved")
        return make.registration(event.id, country.id, category.id, **values)

    return staff, delegate


def _print(client, registration_id, serial="1", **extra):
    return post(
        client, f"/ascn8/manage/badges/registrations/{registration_id}/print", {"serial": serial, **extra}
    )


def _hand_over(client, registration_id, **kwargs):
    return post(client, f"/ascn8/manage/badges/registrations/{registration_id}/handover", {}, **kwargs)


def test_two_people_of_one_name_are_told_apart_with_their_badge_state(client, auth, desk):
    staff, delegate = desk
    printed = delegate(
        given_names="Ahmad", family_name="Ismail", organisation="Ministry of Housing", has_photo=True
    )
    other = delegate(given_names="Ahmad", family_name="Ismail", organisation="Penang City Council")
    auth.login(staff.email)
    _print(client, printed.id)
    page = client.get("/ascn8/manage/badges/?q=ahmad ismail", headers=EN).get_data(as_text=True)
    assert "Ministry of Housing" in page and "Penang City Council" in page
    assert f"/registration/{printed.id}/photo.jpg" in page  # the thumbnail of the one with a photo
    assert "Number 1 printed" in page and "Not printed yet" in page
    assert page.count("Identity checked: hand over") == 1  # only the printed badge can be given
    _hand_over(client, printed.id)
    page = client.get("/ascn8/manage/badges/?q=ahmad ismail", headers=EN).get_data(as_text=True)
    assert "Handed over" in page and "Identity checked: hand over" not in page
    assert other.id  # still listed, not printed
    assert page.count("Not printed yet") == 1


def test_the_search_with_badges_and_handovers_costs_the_same_queries(client, auth, desk, count_queries, app):
    staff, delegate = desk
    auth.login(staff.email)
    counts = []
    for size in (2, 8):
        for n in range(size):
            person = delegate(given_names="Nurul", family_name=f"Huda{size}{n}")
            _print(client, person.id)
            _hand_over(client, person.id)
        with count_queries() as counter:
            page = client.get("/ascn8/manage/badges/?q=nurul", headers=EN)
        assert page.status_code == 200
        counts.append(counter.count)
    assert page.get_data(as_text=True).count("Handed over") == 10
    assert counts[0] == counts[1]


def test_a_handover_is_recorded_once_with_who_and_when(app, desk):
    staff, delegate = desk
    person = delegate()
    with app.test_request_context(headers=EN):
        actor = db.session.get(User, staff.id)
        with pytest.raises(ServiceError, match="Print the badge before handing it over"):
            handover.hand_over(person.id, actor)
    with app.app_context():
        from ascn.badges import printing

        actor = db.session.get(User, staff.id)
        printing.print_badge(person.id, actor, 1)
        first = handover.hand_over(person.id, actor)
        twin = handover.hand_over(person.id, actor)  # a double click
        rows = db.session.scalars(select(BadgeHandover)).all()
        assert [(r.serial, r.actor_id) for r in rows] == [(1, staff.id)] and twin.id == first.id
        assert rows[0].at is not None
        # A reprint is a new badge: handed over again.
        printing.print_badge(person.id, actor, 1, "lost")
        handover.hand_over(person.id, actor)
        assert sorted(r.serial for r in db.session.scalars(select(BadgeHandover))) == [1, 2]


def test_the_print_log_shows_the_handover_and_a_refusal_changes_nothing(client, auth, desk, app):
    staff, delegate = desk
    person = delegate(status="pending")
    auth.login(staff.email)
    page = _hand_over(client, person.id, follow_redirects=True).get_data(as_text=True)
    assert "Only approved registrations get a badge" in page
    with app.app_context():
        assert db.session.scalar(select(BadgeHandover)) is None
    person = delegate()
    _print(client, person.id)
    page = _hand_over(client, person.id, follow_redirects=True).get_data(as_text=True)
    assert "Badge number 1 handed over" in page
    assert "identity checked" in page  # the banner of the badge page, with who did it
    with app.app_context():
        name = db.session.get(User, staff.id).full_name
    assert name in page


def test_printing_stays_on_the_page_and_a_reprint_reason_starts_empty(client, auth, desk):
    staff, delegate = desk
    person = delegate()
    auth.login(staff.email)
    page = client.get(f"/ascn8/manage/badges/registrations/{person.id}", headers=EN)
    html = page.get_data(as_text=True)
    assert 'target="_blank"' not in html and 'data-print-frame="print-frame"' in html
    assert 'name="print-frame"' in html and "blob:" in page.headers["Content-Security-Policy"]
    response = _print(client, person.id)
    assert response.mimetype == "application/pdf" and response.headers["X-Badge-Serial"] == "1"
    html = client.get(f"/ascn8/manage/badges/registrations/{person.id}", headers=EN).get_data(as_text=True)
    select_html = html[html.index('<select id="reason"') : html.index("</select>")]
    assert '<option value="">Choose…</option>' in select_html and "selected" not in select_html
    assert "First print" not in select_html


def test_the_desk_finds_a_registration_by_its_reference_number(client, auth, desk, app):
    staff, delegate = desk
    person = delegate(given_names="Lim", family_name="Wei Ling")
    with app.app_context():
        from ascn.registration.models import Registration

        db.session.get(Registration, person.id).reference_no = 123
        db.session.commit()
    auth.login(staff.email)
    page = client.get("/ascn8/manage/badges/?q=ascn8-00123", headers=EN).get_data(as_text=True)
    assert "Lim Wei Ling" in page
    page = client.get("/ascn8/manage/badges/?q=ascn8-00124", headers=EN).get_data(as_text=True)
    assert "Lim Wei Ling" not in page
    # Unicode digits ('²', Arabic-Indic) and a number past any id are no reference: a search, not a 500.
    for query in ("ascn8-0012\u00b2", "ascn8-\u0661\u0662\u0663", "ascn8-" + "9" * 40):
        response = client.get("/ascn8/manage/badges/", query_string={"q": query}, headers=EN)
        assert response.status_code == 200 and "Lim Wei Ling" not in response.get_data(as_text=True)


def test_a_handover_is_in_the_delegates_copy_of_their_data(client, auth, desk, make, app):
    staff, delegate = desk
    person = delegate()
    auth.login(staff.email)
    _print(client, person.id)
    _hand_over(client, person.id)
    with app.app_context():
        from ascn.registration.models import Registration

        email = db.session.get(Registration, person.id).email
    auth.logout()
    auth.login(email)
    data = client.get("/ascn8/registration/data.json").get_json(force=True)
    assert [(h["event"], h["serial"]) for h in data["badges_handed_over"]] == [("ASCN8", 1)]
