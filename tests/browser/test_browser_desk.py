"""The badge desk in headless Chromium, on a phone in Malay: staff find one of two
delegates of the same name by their organisation and photo, and record that the badge
was handed over. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.badges.models import BadgeHandover
from ascn.extensions import db
from tests.support.browser import ARTIFACTS, CHROMIUM, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture
def twins(make):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country()
    people = {}
    for organisation, photo in (("Kementerian Perumahan", True), ("Majlis Bandaraya Pulau Pinang", False)):
        person = make.registration(
            event.id,
            malaysia.id,
            category.id,
            status="approved",
            given_names="Ahmad",
            family_name="Ismail",
            organisation=organisation,
            has_photo=photo,
        )
        if photo:
            make.photo(person.id)
        make.badge_printed(person.id)
        people[organisation] = person
    return people, make.user(role="staff", locale="ms")


def test_staff_find_one_of_two_namesakes_and_record_the_handover(app, live_server, browser, twins):  # noqa: F811
    people, staff = twins
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ms-MY")
    page = context.new_page()
    log_in(page, live_server, staff.email)
    page.goto(f"{live_server}/ascn8/manage/badges/")
    assert page.locator("html").get_attribute("lang") == "ms"
    page.locator("#q").fill("ahmad ismail")
    page.keyboard.press("Enter")
    rows = page.locator("table.desk-results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has=page.locator("img.desk-thumb"))).to_have_count(1)
    penang = rows.filter(has_text="Majlis Bandaraya Pulau Pinang")
    page.screenshot(path=str(ARTIFACTS / "desk-namesakes-ms-390.png"), full_page=True)
    penang.locator("form button").click()
    page.wait_for_load_state()
    penang = page.locator("table.desk-results tbody tr").filter(has_text="Majlis Bandaraya Pulau Pinang")
    expect(penang.locator("strong")).to_be_visible()
    expect(penang.locator("form")).to_have_count(0)
    other = page.locator("table.desk-results tbody tr").filter(has_text="Kementerian Perumahan")
    expect(other.locator("form button")).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "desk-handed-over-ms-390.png"), full_page=True)
    with app.app_context():
        given = db.session.scalars(select(BadgeHandover)).all()
        assert [(h.registration_id, h.actor_id) for h in given] == [
            (people["Majlis Bandaraya Pulau Pinang"].id, staff.id)
        ]
    context.close()
