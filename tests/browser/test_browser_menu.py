"""The main menu: on a 390 px phone in Malay a delegate opens "Menu" and reaches their
agenda and "Log out", with JavaScript and without; on a desktop in English the organiser's
many links sit on one line, grouped, "Organise" opening as a drop-down. Screenshots go to
test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


def _delegate(make):
    event = make.event()
    country = make.country()
    return make.registration(event.id, country.id, make.category(event.id).id, status="approved", locale="ms")


def test_a_delegate_reaches_their_agenda_and_log_out_through_the_phone_menu_in_malay(
    make, live_server, browser
):
    person = _delegate(make)
    ARTIFACTS.mkdir(exist_ok=True)
    for javascript in (True, False):
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            locale="ms-MY",
            has_touch=True,
            java_script_enabled=javascript,
        )
        page = context.new_page()
        log_in(page, live_server, person.email)
        nav = page.get_by_role("navigation", name="Menu utama")
        agenda = nav.get_by_role("link", name="Agenda saya")
        expect(agenda).to_be_hidden()
        nav.get_by_text("Menu", exact=True).tap()
        if javascript:
            expect(nav.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
        expect(nav.get_by_role("button", name="Log keluar")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"menu-open-ms-phone{'' if javascript else '-no-js'}.png"))
        agenda.tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("Agenda saya")
        current = nav.get_by_role("link", name="Agenda saya", include_hidden=True)  # the menu closed again
        expect(current).to_have_attribute("aria-current", "page")
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (
            "scrolls sideways"
        )
        nav.get_by_text("Menu", exact=True).tap()
        nav.get_by_role("button", name="Log keluar").tap()
        expect(nav.get_by_role("link", name="Log masuk", include_hidden=True)).to_be_attached()
        context.close()


def test_the_organisers_menu_is_one_grouped_line_on_a_desktop(make, live_server, browser):
    event = make.event()
    organiser = make.user(role="organiser", event_id=event.id)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server, organiser.email)
    nav = page.get_by_role("navigation", name="Main menu")
    links = nav.locator("a:visible, button:visible")
    tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} lines"
    organise = nav.get_by_role("button", name="Organise", exact=True)
    expect(organise).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Registrations")).to_be_hidden()
    organise.click()
    expect(organise).to_have_attribute("aria-expanded", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "menu-organise-en-desktop.png"))
    page.keyboard.press("Escape")  # closes the drop-down, the focus back on its button
    expect(organise).to_have_attribute("aria-expanded", "false")
    organise.click()
    nav.get_by_role("link", name="Registrations").click()
    expect(page).to_have_url(re.compile(r"/ascn8/manage/registrations$"))
    expect(nav.locator(".nav-group.holds-current").get_by_role("button")).to_have_text("Organise")
    context.close()
