"""The badge desk in headless Chromium, on a phone in Malay and on a desktop in English:
staff find one of two delegates of the same name by their organisation and photo, and
record that the badge was handed over, identity checked, to the right one. Screenshots go
to test-artifacts/."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.badges.models import BadgeHandover
from ascn.extensions import db
from tests.support.browser import ARTIFACTS, CHROMIUM, SETTINGS, log_in, new_page, open_menu, wording

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture
def twins(make, locale):
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
    return people, make.user(role="staff", locale=locale)


@pytest.mark.parametrize("size,locale", SETTINGS)
def test_staff_find_one_of_two_namesakes_and_record_the_handover(
    app, live_server, browser, twins, size, locale
):  # noqa: F811
    people, staff = twins
    say = wording(app, locale)
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = new_page(browser, size, locale)
    log_in(page, live_server, staff.email)
    open_menu(page, "organise")
    page.locator("nav").get_by_role("link", name=say("Badges"), exact=True).click()
    assert page.locator("html").get_attribute("lang") == locale
    page.get_by_label(
        say("Find a delegate: a name in any script, an email, or scan the QR code on their phone")
    ).fill("ahmad ismail")
    page.keyboard.press("Enter")
    rows = page.locator("table.desk-results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has=page.locator("img.desk-thumb"))).to_have_count(1)
    penang = rows.filter(has_text="Majlis Bandaraya Pulau Pinang")
    page.screenshot(path=str(ARTIFACTS / f"desk-namesakes-{locale}-{size[0]}.png"), full_page=True)
    penang.get_by_role("button", name=say("Identity checked: hand over")).click()
    page.wait_for_load_state()
    penang = page.locator("table.desk-results tbody tr").filter(has_text="Majlis Bandaraya Pulau Pinang")
    expect(penang.locator("strong")).to_contain_text(say("Handed over %(when)s", when="").strip())
    expect(penang.locator("form")).to_have_count(0)
    other = page.locator("table.desk-results tbody tr").filter(has_text="Kementerian Perumahan")
    expect(other.get_by_role("button", name=say("Identity checked: hand over"))).to_have_count(1)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / f"desk-handed-over-{locale}-{size[0]}.png"), full_page=True)
    with app.app_context():
        given = db.session.scalars(select(BadgeHandover)).all()
        assert [(h.registration_id, h.actor_id) for h in given] == [
            (people["Majlis Bandaraya Pulau Pinang"].id, staff.id)
        ]
    context.close()
