"""A delegate on a 390 px phone reads the programme in Malay and saves a session to the
agenda with one tap, without a page reload; on that phone in Malay and on a desktop in
English, a delegate subscribes to their agenda in a calendar. Screenshots go to
test-artifacts/."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM, SETTINGS, log_in, new_page, open_menu, wording
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


@pytest.mark.parametrize("size,locale", SETTINGS)
def test_a_delegate_subscribes_to_their_agenda_in_a_calendar(app, make, live_server, browser, size, locale):  # noqa: F811
    """From My agenda: the calendar app's, Google's and Outlook's buttons all point at the
    delegate's feed, "Copy" puts its address on the clipboard, and the address answers a
    calendar holding the session they saved."""
    world = programme_world(make)
    delegate = make.user(locale=locale)
    saved = world.sessions[1]
    make.programme.save(delegate.id, saved.id)
    say = wording(app, locale)
    context, page = new_page(browser, size, locale)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    log_in(page, live_server, delegate.email)
    open_menu(page, "me")
    page.locator("nav").get_by_role("link", name=say("My agenda")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(say("My agenda"))

    feed = page.get_by_label(say("Calendar address")).input_value()
    path = urlsplit(feed).path
    assert re.fullmatch(r"/ascn8/agenda/feed/\S+", path)
    webcal = page.get_by_role("link", name=say("Subscribe in my calendar app"))
    assert webcal.get_attribute("href") == "webcal:" + feed.split(":", 1)[1]
    google = parse_qs(
        urlsplit(page.get_by_role("link", name=say("Add to Google Calendar")).get_attribute("href")).query
    )
    assert google["cid"] == ["webcal:" + feed.split(":", 1)[1]]
    outlook = parse_qs(
        urlsplit(page.get_by_role("link", name=say("Add to Outlook")).get_attribute("href")).query
    )
    assert outlook["url"] == [feed]

    page.get_by_role("button", name=say("Copy"), exact=True).click()
    expect(page.locator("#feed-address-status")).to_have_text(say("Address copied."))
    assert page.evaluate("navigator.clipboard.readText()") == feed
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / f"agenda-subscribe-{locale}-{size[0]}.png"), full_page=True)

    answer = page.request.get(live_server + path)  # the test server stands for the public address
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    calendar = answer.text().replace("\r\n ", "")  # lines unfolded
    assert "BEGIN:VCALENDAR" in calendar and calendar.count("BEGIN:VEVENT") == 1
    assert f"SUMMARY:{ {'en': saved.title_en, 'ms': saved.title_ms}[locale] }" in calendar
    context.close()
