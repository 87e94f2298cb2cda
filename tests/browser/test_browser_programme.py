"""A delegate on a 390 px phone reads the programme in Malay and saves a session to the
agenda with one tap, without a page reload. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM, open_menu
from tests.support.programme import programme_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


def test_save_a_session_by_tap_in_malay_on_a_phone(app, make, live_server, browser):  # noqa: F811
    world = programme_world(make)
    delegate = make.user(locale="ms")
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ms-MY", has_touch=True)
    page = context.new_page()
    page.goto(live_server + "/account/login?next=/ascn8/")
    page.get_by_label("Alamat e-mel").fill(delegate.email)
    page.get_by_label("Kata laluan", exact=True).fill("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/ascn8/")

    open_menu(page)  # on a phone the programme's link is behind "Menu"
    page.get_by_role("link", name="Program", exact=True).first.click()
    page.get_by_role("link", name="8 Sep").click()
    assert page.locator("html").get_attribute("lang") == "ms"
    assert page.get_by_text(world.sessions[0].title_ms).is_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    url_before = page.url
    button = page.locator(f"#session-{world.sessions[0].id} button")
    assert button.inner_text().strip() == "Simpan ke agenda saya"
    button.tap()
    # A locator assertion, not wait_for_function: the page's CSP forbids eval().
    expect(button).to_have_attribute("aria-pressed", "true")
    assert page.url == url_before  # no reload
    assert "Dalam agenda saya" in button.inner_text()
    page.screenshot(path=str(ARTIFACTS / "programme-ms-phone.png"), full_page=True)

    page.get_by_role("link", name="Agenda saya").first.click()
    assert page.get_by_text(world.sessions[0].title_ms).is_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "agenda-ms-phone.png"), full_page=True)
    context.close()
