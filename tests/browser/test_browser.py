"""A delegate in headless Chromium: sign up, confirm from the outbox, log in, switch to
Malay, log out — on a 390 px phone and on a desktop. Screenshots go to test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.extensions import db
from ascn.mail import OutboxMessage
from tests.support.browser import ARTIFACTS, CHROMIUM, open_menu
from tests.support.names import LONG_NAME, NAMES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


def _confirmation_path(app, email):
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)).first()
    assert message is not None, "no confirmation email in the outbox"
    return re.search(r"https?://[^/\s]+(/account/confirm/\S+)", message.body_text).group(1)


@pytest.mark.parametrize("width,height,label", [(390, 844, "phone"), (1280, 900, "desktop")])
def test_delegate_journey(app, make, live_server, browser, width, height, label):
    make.event()
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    email = f"nguyen.{label}@example.gov.vn"

    page.goto(live_server + "/account/login")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Full name").fill("Nguyễn Thị Minh Khai")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Repeat the new password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Use at least 10 characters.")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("hanoi old quarter 1010")
    page.get_by_label("Repeat the new password").fill("hanoi old quarter 1010")
    page.get_by_role("button", name="Create account").click()
    # ... and nobody is logged in yet
    expect(page.get_by_text(f"We have sent a message to {email}")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"signed-up-{label}.png"), full_page=True)

    page.goto(live_server + _confirmation_path(app, email))
    expect(page.get_by_text("Log in to confirm your email address")).to_be_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("hanoi old quarter 1010")
    page.keyboard.press("Enter")  # the form submits from the keyboard
    page.wait_for_url(live_server + "/account/profile")
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()
    page.goto(live_server + "/")
    open_menu(page)  # on a phone the person's links are behind "Menu"
    # The menu's own links are titled with the person's name (a heading on a phone, the
    # drop-down's button on a desktop), so whoever is logged in shows.
    expect(page.locator("nav").get_by_text("Nguyễn Thị Minh Khai").locator("visible=true")).to_have_count(1)

    page.get_by_role("button", name="Bahasa Melayu").click()
    expect(page.locator("html")).to_have_attribute("lang", "ms")
    open_menu(page, "me")
    expect(page.get_by_role("button", name="Log keluar")).to_be_visible()
    expect(page.get_by_text("Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-8").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"home-ms-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways"

    page.get_by_role("button", name="Log keluar").click()
    open_menu(page)
    expect(page.get_by_role("link", name="Log masuk").first).to_be_visible()
    context.close()


def test_every_control_is_reachable_by_keyboard(make, live_server, browser):
    make.event()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server + "/account/login")
    seen = []
    for _ in range(20):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                "document.activeElement.getAttribute('name') || document.activeElement.textContent.trim()"
            )
        )
    assert "email" in seen and "password" in seen and "remember" in seen
    assert any(text in seen for text in ("Skip to content", "Langkau ke kandungan"))
    context.close()


@pytest.mark.parametrize("path", ["/", "/account/profile", "/admin/users"])
def test_long_and_non_latin_names_keep_the_phone_layout(make, live_server, browser, path):
    make.event()
    for name in NAMES[1:]:
        make.user(full_name=name)
    admin = make.user(role="admin", full_name=LONG_NAME)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server + "/account/login")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/")
    page.goto(live_server + path)
    open_menu(page)  # the long name is in the menu too: open, it must not widen the page
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    if path == "/admin/users":
        for name in NAMES:
            assert page.get_by_text(name, exact=True).first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "accounts-names-phone.png"), full_page=True)
    context.close()
