"""Certificates of attendance in headless Chromium: a delegate the door let in finds the
certificate from their registration on a phone and downloads it; anyone opens the address
of its QR code on a desktop. Both pages in both languages pass the HTML checker and axe.
Screenshots go to test-artifacts/."""

from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LOCALES = {"en": "en-GB", "ms": "ms-MY"}


@pytest.fixture
def attended(app, make):
    """A Jawi name the door admitted on the first morning, and the address of the page
    that verifies the certificate."""
    event = make.event()
    brunei = make.country("BN", "Brunei Darussalam", "Brunei Darussalam")
    person = make.registration(
        event.id,
        brunei.id,
        make.category(event.id).id,
        status="approved",
        honorific="Pehin",
        badge_name="حسن البلقية",
        latin_name="Hassan Al-Balqiah",
    )
    organiser = make.user(role="organiser")
    phone = make.checkin.device(make.checkin.list(event.id).id, organiser.id)
    scan = {
        "id": "first-morning",
        "token": make.checkin.token(person.id),
        "at": datetime(2025, 9, 8, 0, 30, tzinfo=timezone.utc).isoformat(),
        "outcome": "valid",
    }
    sent = app.test_client().post("/ascn8/api/checkin/sync", json={"scans": [scan]}, headers=phone.headers)
    assert sent.status_code == 200
    with app.app_context():
        from ascn.checkin import certificates
        from ascn.extensions import db
        from ascn.registration.models import Registration

        token = certificates.token_for(db.session.get(Registration, person.id))
    return person, f"/ascn8/certificates/verify/{token}"


@pytest.mark.parametrize("language", ["ms", "en"])
def test_a_delegate_downloads_the_certificate_from_a_phone(live_server, browser, attended, language):
    person, _verify = attended
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE, locale=LOCALES[language])
    page = context.new_page()
    log_in(page, live_server, person.email)
    page.goto(f"{live_server}/ascn8/registration")
    page.locator(f'.lang-switch button[value="{language}"]').click()  # the account speaks English
    page.locator('a[href="/ascn8/certificates/"]').click()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator(".status-card")).to_contain_text("8 September 2025")
    download = page.locator('a[href="/ascn8/certificates/certificate.pdf"]')
    expect(download).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sideways
    page.screenshot(path=str(ARTIFACTS / f"certificate-mine-{language}-phone.png"), full_page=True)
    response = page.request.get(live_server + download.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    context.close()


@pytest.mark.parametrize("language", ["ms", "en"])
def test_anyone_verifies_a_certificate_on_a_desktop_or_a_phone(live_server, browser, attended, language):
    _person, verify = attended
    ARTIFACTS.mkdir(exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, locale=LOCALES[language])
        page = context.new_page()
        page.goto(live_server + verify)
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator(".status-card.status-approved")).to_contain_text("حسن البلقية")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(ARTIFACTS / f"certificate-verify-{language}-{name}.png"), full_page=True)
        page.goto(live_server + verify[:-4] + "AAAA")  # a signature tampered with
        expect(page.locator(".status-card.status-rejected")).to_be_visible()
        expect(page.locator(".status-card")).not_to_contain_text("حسن")
        context.close()
