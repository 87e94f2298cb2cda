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


def test_waiting_for_a_preferred_visit_while_keeping_a_seat_on_a_desktop(app, make, live_server, browser):  # noqa: F811
    """In English at 1280 px: a delegate with a seat on the Wetlands waits for the full
    Command Centre at the same hour; when its seat frees, it is theirs, the Wetlands seat
    is given up, and My agenda shows the Command Centre with its meeting point."""
    from tests.support.visits import cancel_booking

    event = make.event()
    category = make.category(event.id)
    country = make.country()
    mine, theirs = (make.registration(event.id, country.id, category.id, status="approved") for _ in range(2))
    centre = make.visits.visit(event.id, seats=1, title_en="Command Centre", meeting_point_en="Lobby Porch")
    wetlands = make.visits.visit(event.id, seats=5, title_en="Wetlands")
    make.visits.book(centre.id, theirs.id)
    make.visits.book(wetlands.id, mine.id)
    ARTIFACTS.mkdir(exist_ok=True)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server + "/account/login?next=/ascn8/")
    page.get_by_label("Email address").fill(mine.email)
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server + "/ascn8/")
    page.goto(f"{live_server}/ascn8/visits/{centre.id}")
    expect(page.get_by_text("You have a seat on “Wetlands” at the same time.")).to_be_visible()
    page.get_by_role("button", name="Wait for this visit, keep my seat meanwhile").click()
    expect(page.locator(".flash-success")).to_contain_text("you keep your seat on “Wetlands”")
    page.screenshot(path=str(ARTIFACTS / "visit-waiting-keeping-seat-en-desktop.png"), full_page=True)

    cancel_booking(app, centre.id, theirs.id)
    page.reload()
    expect(page.locator(".status-pill")).to_have_text("Your seat: 1")
    page.goto(f"{live_server}/ascn8/agenda")
    expect(page.get_by_text("Site visit: Command Centre")).to_be_visible()
    expect(page.get_by_text("Meeting point: Lobby Porch")).to_be_visible()
    expect(page.get_by_text("Site visit: Wetlands")).to_have_count(0)
    context.close()
