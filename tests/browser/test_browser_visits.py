"""On a 390 px phone, in Malay: a Thai delegate books the last seat of a visit, a second
delegate joins the waiting list, and when the first cancels, the second holds the seat. On
that phone in Malay and on a desktop in English: a delegate books a visit, waits for a preferred
one at the same hour keeping the seat, and is promoted with the old seat released.
Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM, SETTINGS, log_in, new_page, open_menu, wording

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


@pytest.mark.parametrize("size,locale", SETTINGS)
def test_a_delegate_books_waits_for_a_preferred_visit_keeping_the_seat_and_is_promoted(  # noqa: F811
    app, make, live_server, browser, size, locale
):
    """A delegate books the Wetlands, waits for the full Command Centre at the same hour
    keeping that seat; when the Command Centre's seat frees, it is theirs, the Wetlands seat
    is given up, and their pages (the visit, the list, My agenda, their home) say so."""
    from tests.support.visits import bookings

    say = wording(app, locale)
    event = make.event()
    category = make.category(event.id)
    country = make.country()
    mine, theirs = (
        make.registration(event.id, country.id, category.id, status="approved", locale=locale)
        for _ in range(2)
    )
    titles = {"en": ("Command Centre", "Wetlands"), "ms": ("Pusat Kawalan", "Tanah Lembap")}[locale]
    centre = make.visits.visit(
        event.id,
        seats=1,
        title_en="Command Centre",
        title_ms="Pusat Kawalan",
        meeting_point_en="Lobby Porch",
        meeting_point_ms="Serambi Lobi",
    )
    wetlands = make.visits.visit(event.id, seats=5, title_en="Wetlands", title_ms="Tanah Lembap")
    make.visits.book(centre.id, theirs.id)
    ARTIFACTS.mkdir(exist_ok=True)

    context, page = new_page(browser, size, locale)
    log_in(page, live_server, mine.email)
    open_menu(page, "me")
    page.locator("nav").get_by_role("link", name=say("Site visits"), exact=True).first.click()
    page.locator(".visit-card", has_text=titles[1]).get_by_role("button", name=say("Book a seat")).click()
    expect(page.locator(".flash-success")).to_have_text(say("Booked: seat %(seat)s is yours.", seat=1))
    page.goto(f"{live_server}/ascn8/visits")  # back to the list, where the full visit is
    page.locator(".visit-card").get_by_role("link", name=titles[0]).click()
    expect(
        page.get_by_text(say("You have a seat on “%(kept)s” at the same time.", kept=titles[1]))
    ).to_be_visible()
    page.get_by_role("button", name=say("Wait for this visit, keep my seat meanwhile")).click()
    expect(page.locator(".flash-success")).to_contain_text(
        say(
            "You are number %(position)s on the waiting list, and you keep your seat on “%(kept)s” "
            "until a seat here is yours.",
            position=1,
            kept=titles[1],
        )
    )
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    page.screenshot(
        path=str(ARTIFACTS / f"visit-waiting-keeping-seat-{locale}-{size[0]}.png"), full_page=True
    )

    # The other delegate gives up the Command Centre's seat, on their own screen.
    other, theirs_page = new_page(browser, size, locale)
    log_in(theirs_page, live_server, theirs.email)
    theirs_page.goto(f"{live_server}/ascn8/visits/{centre.id}")
    theirs_page.once("dialog", lambda dialog: dialog.accept())
    theirs_page.get_by_role("button", name=say("Cancel my seat")).click()
    expect(theirs_page.locator(".flash-success")).to_be_visible()
    other.close()
    page.reload()
    expect(page.locator(".status-pill")).to_have_text(say("Your seat: %(seat)s", seat=1))
    page.goto(f"{live_server}/ascn8/visits")
    expect(page.locator(".visit-card", has_text=titles[1]).locator(".status-pill")).to_have_count(0)
    expect(page.locator(".visit-card", has_text=titles[1])).to_contain_text(
        say("You have a seat on “%(kept)s” at the same time.", kept=titles[0])
    )
    page.goto(f"{live_server}/ascn8/agenda")
    expect(page.get_by_text(say("Site visit: %(title)s", title=titles[0]))).to_be_visible()
    expect(
        page.get_by_text(say("Meeting point:") + " " + {"en": "Lobby Porch", "ms": "Serambi Lobi"}[locale])
    ).to_be_visible()
    expect(page.get_by_text(say("Site visit: %(title)s", title=titles[1]))).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / f"visit-promoted-agenda-{locale}-{size[0]}.png"), full_page=True)
    page.goto(f"{live_server}/ascn8/")  # their home lists the one visit they hold a seat on
    held = page.locator("section[aria-labelledby=home-visits] li")
    expect(held).to_have_count(1)
    expect(held).to_contain_text(titles[0])
    expect(held.locator(".status-pill")).to_have_text(say("Your seat: %(seat)s", seat=1))
    with app.app_context():
        assert (mine.id, "confirmed", 1) in bookings(app, centre.id)
        assert [b for b in bookings(app, wetlands.id) if b[0] == mine.id and b[1] == "confirmed"] == []
    context.close()
