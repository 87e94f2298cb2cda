"""On a 390 px phone, in Malay: a Thai delegate books the last seat of a visit, a second
delegate joins the waiting list, and when the first cancels, the second holds the seat.
Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


def _phone(browser, live_server, email):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ms-MY", has_touch=True)
    page = context.new_page()
    page.goto(live_server + "/account/login?next=/ascn8/")
    page.get_by_label("Alamat e-mel").fill(email)
    page.get_by_label("Kata laluan", exact=True).fill("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/ascn8/")
    return context, page


def test_the_last_seat_and_the_waiting_list_on_a_phone_in_malay(app, make, live_server, browser):  # noqa: F811
    event = make.event()
    category = make.category(event.id)
    thailand = make.country("TH", "Thailand", "Thailand")
    first = make.registration(
        event.id, thailand.id, category.id, status="approved", locale="ms", badge_name="สมชาย ใจดี"
    )
    second = make.registration(event.id, thailand.id, category.id, status="approved", locale="ms")
    make.visits.visit(
        event.id,
        seats=1,
        title_en="Putrajaya Command Centre",
        title_ms="Pusat Kawalan Putrajaya dan Pusat Data Bandar Pintar Perbadanan Putrajaya",
    )
    ARTIFACTS.mkdir(exist_ok=True)

    context, page = _phone(browser, live_server, first.email)
    page.get_by_role("link", name="Lawatan teknikal", exact=True).first.click()
    card = page.locator(".visit-card", has_text="Pusat Kawalan Putrajaya")
    expect(card).to_contain_text("1 tempat duduk lagi")
    card.get_by_role("button", name="Tempah tempat duduk").tap()
    expect(page.locator(".flash-success")).to_have_text("Tempahan berjaya. Nombor tempat duduk anda: 1.")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / "visit-booked-ms-phone.png"), full_page=True)

    other, page2 = _phone(browser, live_server, second.email)
    page2.goto(f"{live_server}/visits")
    page2.get_by_role("button", name="Sertai senarai menunggu").tap()
    expect(page2.locator(".status-pill")).to_have_text("Senarai menunggu: nombor 1")
    page2.screenshot(path=str(ARTIFACTS / "visit-waiting-ms-phone.png"), full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())  # "Lepaskan tempat duduk anda?"
    page.get_by_role("button", name="Batalkan tempat duduk saya").tap()
    expect(page.locator(".flash-success")).to_have_text("Tempat duduk anda telah dibatalkan.")
    page2.reload()
    expect(page2.locator(".status-pill")).to_have_text("Tempat duduk anda: 1")
    context.close()
    other.close()
