"""Registration that guides: required fields marked, the email with the contact details,
dietary options catering can count, a reference number and the secretariat's contact,
a password chosen logs in, and no registration without a published privacy notice."""

import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ascn.errors import ServiceError
from ascn.events import services as event_services
from ascn.events.models import Event
from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import DietaryOption, Registration, RegistrationDietary
from tests.support.registration import form
from tests.support.web import post

EN = {"Accept-Language": "en"}
NOW = datetime.now(timezone.utc)


def _options(make, event_id, *labels):
    from ascn.extensions import db as database

    with make.app.app_context():
        rows = [
            DietaryOption(event_id=event_id, label_en=en, label_ms=ms, sort_order=i)
            for i, (en, ms) in enumerate(labels)
        ]
        database.session.add_all(rows)
        database.session.commit()
        return [row.id for row in rows]


def _register(client, open_event, **changes):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return post(client, "/ascn8/register", form(open_event, **changes), token_from="/ascn8/register")


def test_required_fields_are_marked_and_the_email_sits_with_the_contact_details(client, open_event):
    page = client.get("/ascn8/register", headers=EN).get_data(as_text=True)
    assert "marks a required field" in page
    given = re.search(r"<input[^>]*id=\"given_names\"[^>]*>", page).group(0)
    assert 'aria-required="true"' in given and "required" in given
    family = re.search(r"<input[^>]*id=\"family_name\"[^>]*>", page).group(0)
    assert "aria-required" not in family
    line = re.search(r'<div class="label-line"><label for="given_names">(.*?)</div>', page, re.S).group(1)
    assert line.endswith('</label><span class="required-mark" aria-hidden="true">*</span>')
    contact = page.index("Position and contact")
    assert contact < page.index('id="email"') < page.index("Needs") < page.index("Participation")


def test_a_reference_number_and_the_secretariat_are_in_the_confirmation(app, client, open_event, make, auth):
    _register(client, open_event)
    _register(client, open_event, email="lan@example.vn", given_names="Lan", latin_name="")
    with app.app_context():
        numbers = db.session.scalars(select(Registration.reference_no).order_by(Registration.id)).all()
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "lan@example.vn"))
    assert numbers == [1, 2]
    assert "ASCN8-00002" in mail.body_text and "ASCN8-00002" in mail.body_html
    assert "secretariat@ascn8.example" in mail.body_text and "secretariat@ascn8.example" in mail.body_html
    # A logged-in delegate sees the number on the page and on My registration.
    user = make.user(email="budi@example.go.id")
    auth.login(user.email)
    done = _register(client, open_event, email=user.email, given_names="Budi")
    page = client.get(done.headers["Location"], headers=EN).get_data(as_text=True)
    assert "ASCN8-00003" in page and '<a href="mailto:secretariat@ascn8.example">' in page
    assert "ASCN8-00003" in client.get("/ascn8/registration", headers=EN).get_data(as_text=True)


def test_anonymously_the_page_says_the_same_for_a_known_address(client, open_event):
    first = client.get(_register(client, open_event).headers["Location"], headers=EN).get_data(as_text=True)
    again = client.get(_register(client, open_event).headers["Location"], headers=EN).get_data(as_text=True)
    assert "ASCN8-" not in first and "Your reference number is in the confirmation email." in first
    token = re.compile(r'content="[^"]*"|value="[^"]*"')  # the CSRF token differs by its time
    assert token.sub("", first) == token.sub("", again)


def test_delegates_tick_dietary_options_and_catering_counts_them(app, client, open_event, make, auth):
    halal, vegetarian, _no_beef = _options(
        make,
        open_event["event"].id,
        ("Halal", "Halal"),
        ("Vegetarian", "Vegetarian"),
        ("No beef", "Tiada daging lembu"),
    )
    page = client.get("/ascn8/register", headers=EN).get_data(as_text=True)
    assert 'type="checkbox"' in page and "No beef" in page and "Allergies or other dietary needs" in page
    _register(client, open_event, dietary_option_ids=[halal, vegetarian], dietary="Peanuts (severe)")
    _register(client, open_event, email="lan@example.vn", dietary_option_ids=[str(halal)], dietary="")
    with app.app_context():
        chosen = db.session.scalars(
            select(RegistrationDietary.option_id).order_by(RegistrationDietary.option_id)
        )
        assert list(chosen) == sorted([halal, halal, vegetarian])
        assert (
            db.session.scalar(
                select(Registration.dietary).where(Registration.email == "somchai@example.go.th")
            )
            == "Peanuts (severe)"
        )
    auth.login(make.user(role="staff").email)
    page = client.get("/ascn8/manage/catering", headers=EN).get_data(as_text=True)
    rows = {
        label: numbers
        for label, numbers in re.findall(
            r"<td data-label=\"Dietary option\">([^<]+)</td>\s*<td[^>]*>0</td>\s*<td[^>]*>(\d+)</td>", page
        )
    }
    assert rows == {"Halal": "2", "Vegetarian": "1", "No beef": "0"}  # pending, confirmed
    assert "allergies or other needs: 1." in page
    sheet = load_workbook(io.BytesIO(client.get("/ascn8/manage/registrations/export.xlsx").data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    heading = values[0]
    by_email = {row[heading.index("Email")]: row for row in values[1:]}
    somchai = by_email["somchai@example.go.th"]
    assert somchai[heading.index("Dietary requirements")] == "Halal, Vegetarian"
    assert somchai[heading.index("Allergies or other dietary needs")] == "Peanuts (severe)"
    assert somchai[heading.index("Reference number")] == "ASCN8-00001"


def test_an_option_of_another_event_or_a_retired_one_is_refused(app, client, open_event, make):
    other = make.event(slug="wg1", short_name="WG1")
    [foreign] = _options(make, other.id, ("Kosher", "Kosher"))
    [retired] = _options(make, open_event["event"].id, ("Low salt", "Kurang garam"))
    with app.app_context():
        db.session.get(DietaryOption, retired).retired = True
        db.session.commit()
    page = client.get("/ascn8/register", headers=EN).get_data(as_text=True)
    assert "Low salt" not in page and "Kosher" not in page
    for option_id in (foreign, retired, "abc"):
        page = _register(client, open_event, dietary_option_ids=[option_id]).get_data(as_text=True)
        assert "is not a valid choice for this field" in page
    with app.app_context():
        assert db.session.scalar(select(Registration)) is None


def test_organisers_manage_options_and_one_in_use_is_retired_not_deleted(app, client, open_event, make, auth):
    auth.login(make.user(role="organiser").email)
    url = "/ascn8/manage/catering/options/new"
    page = post(client, url, {"label_en": "", "label_ms": ""}, token_from=url, headers=EN).get_data(
        as_text=True
    )
    assert "Give the option a label in at least one language." in page
    post(client, url, {"label_en": "Halal", "label_ms": "Halal", "sort_order": "2"}, token_from=url)
    post(client, url, {"label_en": "Vegan", "label_ms": "Vegan", "sort_order": "1"}, token_from=url)
    with app.app_context():
        options = db.session.scalars(select(DietaryOption).order_by(DietaryOption.sort_order)).all()
        assert [o.label_en for o in options] == ["Vegan", "Halal"]
        vegan, halal = (o.id for o in options)
    auth.logout()
    _register(client, open_event, dietary_option_ids=[halal])
    auth.login(make.user(role="organiser").email)
    page = post(client, f"/ascn8/manage/catering/options/{halal}/delete", follow_redirects=True, headers=EN)
    assert "retire it instead" in page.get_data(as_text=True)
    edit = f"/ascn8/manage/catering/options/{halal}"
    post(
        client,
        edit,
        {"label_en": "Halal meals", "label_ms": "Makanan halal", "sort_order": "0", "retired": "y"},
        token_from=edit,
    )
    post(client, f"/ascn8/manage/catering/options/{vegan}/delete")
    with app.app_context():
        [kept] = db.session.scalars(select(DietaryOption)).all()
        assert (kept.id, kept.label_en, kept.retired) == (halal, "Halal meals", True)
        assert db.session.scalar(select(RegistrationDietary.option_id)) == halal
    auth.logout()
    assert "Halal meals" not in client.get("/ascn8/register", headers=EN).get_data(as_text=True)


def test_the_delegate_keeps_a_retired_option_they_chose(app, client, open_event, make, auth):
    halal, vegan = _options(make, open_event["event"].id, ("Halal", "Halal"), ("Vegan", "Vegan"))
    user = make.user(email="budi@example.go.id")
    auth.login(user.email)
    _register(client, open_event, email=user.email, dietary_option_ids=[halal], dietary="No nuts")
    mine = client.get("/ascn8/registration", headers=EN).get_data(as_text=True)
    assert re.search(r"<dt>Dietary requirements</dt><dd>Halal</dd>", mine)
    assert re.search(r'<dt>Allergies or other dietary needs</dt><dd class="long">No nuts</dd>', mine)
    with app.app_context():
        db.session.get(DietaryOption, halal).retired = True
        db.session.commit()
    page = client.get("/ascn8/registration/edit", headers=EN).get_data(as_text=True)
    assert re.search(
        rf'<input checked id="dietary_option_ids-0" name="dietary_option_ids" type="checkbox" '
        rf'value="{halal}"',
        page,
    )
    values = form(open_event, email=user.email, dietary_option_ids=[halal, vegan])
    post(client, "/ascn8/registration/edit", values, token_from="/ascn8/registration/edit")
    with app.app_context():
        chosen = db.session.scalars(
            select(RegistrationDietary.option_id).order_by(RegistrationDietary.option_id)
        )
        assert list(chosen) == sorted([halal, vegan])


def test_choosing_the_password_from_the_registration_email_logs_in(app, client, open_event):
    _register(client, open_event)
    with app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.template == "registration_received")
        )
    link = re.search(r"https?://\S+(/account/reset/\S+)", mail.body_text).group(1)
    password = "petronas towers at night"
    response = post(client, link, {"password": password, "confirm": password}, token_from=link)
    assert response.status_code == 302 and response.headers["Location"] == "/ascn8/"  # the event's home
    page = client.get("/ascn8/registration", headers=EN).get_data(as_text=True)
    assert "My registration" in page and "ASCN8-00001" in page


def test_registration_cannot_open_without_a_privacy_notice(app, client, make):
    event = make.event(privacy_notice_en="", registration_opens_at=None)
    with app.test_request_context(headers=EN):
        row = db.session.get(Event, event.id)
        values = {name: getattr(row, name) for name in event_services.EVENT_FIELDS}
        values["registration_opens_at"] = datetime(2025, 6, 1, 9, 0)
        with pytest.raises(ServiceError, match="before the privacy notice is written"):
            event_services.update_event(row, **values)
        assert db.session.get(Event, event.id).registration_opens_at is None
    # An event already open whose notice was removed keeps its pages closed.
    with app.app_context():
        row = db.session.get(Event, event.id)
        row.registration_opens_at, row.registration_closes_at = NOW - timedelta(days=1), None
        db.session.commit()
        assert row.registration_state() == "not_yet"
    page = client.get("/ascn8/register", headers=EN).get_data(as_text=True)
    assert "Registration has not opened yet." in page and 'name="given_names"' not in page


def test_organisers_set_the_secretariat_email_in_the_event_settings(app, client, make, auth):
    make.event()
    auth.login(make.user(role="organiser").email)
    page = client.get("/ascn8/manage/event", headers=EN).get_data(as_text=True)
    assert "Secretariat&#39;s email address" in page or "Secretariat's email address" in page
    with app.app_context():
        row = db.session.scalar(select(Event))
        values = {name: getattr(row, name) for name in event_services.EVENT_FIELDS}
    with app.test_request_context():
        row = db.session.scalar(select(Event))
        event_services.update_event(
            row, **{**values, "registration_opens_at": None, "contact_email": " Desk@ASCN8.example "}
        )
        assert db.session.scalar(select(Event)).contact_email == "desk@ascn8.example"


def test_dietary_choices_are_in_the_persons_data_and_go_with_the_purge(app, client, open_event, make, auth):
    from ascn.registration import privacy

    [halal] = _options(make, open_event["event"].id, ("Halal", "Halal"))
    user = make.user(email="budi@example.go.id")
    auth.login(user.email)
    _register(client, open_event, email=user.email, dietary_option_ids=[halal])
    data = client.get("/ascn8/registration/data.json").get_json(force=True)
    assert data["registrations"][0]["dietary_options"] == ["Halal"]
    with app.test_request_context():
        privacy.purge(
            db.session.get(Event, open_event["event"].id), (NOW + timedelta(days=400)).date(), False
        )
    with app.app_context():
        assert db.session.scalar(select(RegistrationDietary)) is None
        assert db.session.get(DietaryOption, halal) is not None  # the organisers' list stays


def test_a_password_link_with_another_sites_address_to_go_to_ends_on_this_site(app, client, open_event):
    _register(client, open_event)
    with app.app_context():
        mail = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.template == "registration_received")
        )
    link = re.search(r"https?://\S+(/account/reset/[^?\s]+)", mail.body_text).group(1)
    forged = link + "?next=//evil.example/ascn8/"
    password = "petronas towers at night"
    response = post(client, forged, {"password": password, "confirm": password}, token_from=forged)
    assert response.status_code == 302 and response.headers["Location"] == "/"
