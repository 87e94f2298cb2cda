"""A delegate in headless Chromium: sign up, confirm from the outbox, log in, switch to
Malay, log out — on a 390 px phone and on a desktop. Screenshots go to test-artifacts/."""

import re
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from ascn.extensions import db
from ascn.mail import OutboxMessage

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


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
    assert page.get_by_text("Use at least 10 characters.").is_visible()
    page.get_by_label("New password", exact=True).fill("hanoi old quarter 1010")
    page.get_by_label("Repeat the new password").fill("hanoi old quarter 1010")
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_text(f"We have sent a message to {email}").is_visible()  # and nobody is logged in yet
    page.screenshot(path=str(ARTIFACTS / f"signed-up-{label}.png"), full_page=True)

    page.goto(live_server + _confirmation_path(app, email))
    assert page.get_by_text("Log in to confirm your email address").is_visible()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill("hanoi old quarter 1010")
    page.keyboard.press("Enter")  # the form submits from the keyboard
    page.wait_for_url(live_server + "/account/profile")
    assert page.get_by_text("your email address is confirmed").is_visible()
    page.goto(live_server + "/")
    assert page.get_by_text("Nguyễn Thị Minh Khai").first.is_visible()

    page.get_by_role("button", name="Bahasa Melayu").click()
    assert page.locator("html").get_attribute("lang") == "ms"
    assert page.get_by_role("button", name="Log keluar").is_visible()
    assert page.get_by_text("Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-8").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"home-ms-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways"

    page.get_by_role("button", name="Log keluar").click()
    assert page.get_by_role("link", name="Log masuk").first.is_visible()
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


LONG_NAME = "Yang Berbahagia Dato' Sri Haji Muhammad Nur Iskandar bin Tan Sri Haji Abdul Rahman"
NAMES = [LONG_NAME, "สมชาย ใจดีมีสุขสวัสดิ์", "陈伟明", "សុខ ពិសិដ្ឋ", "ສົມພອນ ແກ້ວມະນີ", "အောင်ကျော်ဦး"]


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
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    if path == "/admin/users":
        for name in NAMES:
            assert page.get_by_text(name, exact=True).first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "accounts-names-phone.png"), full_page=True)
    context.close()
