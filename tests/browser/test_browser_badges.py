"""Badges in headless Chromium: the live preview follows the template form as it is
edited (in Malay), and a batch's progress bar fills and offers the PDF, also after a
reload. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from tests.support.browser import ARTIFACTS, CHROMIUM, log_in, open_menu

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture
def world(make):
    event = make.event()
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    people = [
        make.registration(
            event.id, thailand.id, category.id, status="approved", badge_name=name, has_photo=True
        )
        for name in ("สมชาย ใจดี", "Nguyễn Thị Thu Hằng", "陈伟明")
    ]
    for person in people:
        make.photo(person.id)
    return {"category": category, "organiser": make.user(role="organiser", locale="ms"), "people": people}


def test_the_template_preview_follows_the_form(app, live_server, browser, world):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ms-MY")
    page = context.new_page()
    log_in(page, live_server, world["organiser"].email)
    page.goto(f"{live_server}/manage/badge-templates/{world['category'].id}")
    assert page.locator("html").get_attribute("lang") == "ms"
    preview = page.locator("#badge-preview")
    expect(preview.locator(".sheet.a6")).to_have_count(1)
    expect(preview.locator(".bc-name")).to_have_text("สมชาย ใจดี")
    expect(preview.locator(".bc-band")).to_have_text("DELEGATE / PERWAKILAN")
    page.get_by_label("Susun atur helaian").select_option("cr80")
    page.get_by_label("Label kategori pada pas dalam bahasa Inggeris").fill("Delegate")
    page.get_by_label("Label kategori pada pas dalam bahasa Melayu").fill("Perwakilan Rasmi")
    page.locator("#colour").evaluate(
        "el => { el.value = '#8b1a1a'; el.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    expect(preview.locator(".sheet.cr80")).to_have_count(1)
    expect(preview.locator(".bc-band")).to_have_text("DELEGATE / PERWAKILAN RASMI")
    expect(preview.locator(".bc-band")).to_have_css("background-color", "rgb(139, 26, 26)")
    page.screenshot(path=str(ARTIFACTS / "badge-template-preview.png"), full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Templat pas telah disimpan.")).to_be_visible()
    context.close()


def test_a_batch_progress_bar_fills_and_offers_the_pdf(app, live_server, browser, world, make):  # noqa: F811
    staff = make.user(role="staff")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server, staff.email)
    page.goto(f"{live_server}/manage/badges/batches")
    page.get_by_label("Which badges").select_option("all")
    page.get_by_label("Order").select_option("name")
    page.get_by_role("button", name="Start the batch").click()
    bar = page.locator("#batch-bar")
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible(timeout=60_000)
    assert (
        bar.get_attribute("max") == "3" and page.evaluate("document.getElementById('batch-bar').value") == 3
    )
    expect(page.locator("#batch-count")).to_have_text("Done: 3 of 3 badges.")
    page.reload()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    href = page.get_by_role("link", name="Download the PDF").get_attribute("href")
    response = page.request.get(live_server + href)
    assert response.headers["content-type"] == "application/pdf"
    page.screenshot(path=str(ARTIFACTS / "badge-batch-done.png"), full_page=True)
    context.close()


def test_the_desk_finds_a_delegate_by_a_thai_name_in_malay(app, live_server, browser, world, make):  # noqa: F811
    staff = make.user(role="staff", locale="ms")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ms-MY")
    page = context.new_page()
    log_in(page, live_server, staff.email)
    open_menu(page, "organise")  # the desk's link is in the menu's "Organise" drop-down
    page.get_by_role("link", name="Pas akreditasi").first.click()
    page.get_by_label("Cari perwakilan").fill("สมชาย")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="สมชาย ใจดี").click()
    expect(page.get_by_role("button", name="Cetak pas")).to_be_visible()
    badge = page.locator(".badge-preview")
    expect(badge.locator(".bc-name")).to_have_text("สมชาย ใจดี")
    expect(badge.locator(".bc-band")).to_have_css(
        "background-color", "rgb(31, 78, 121)"
    )  # the category's colour
    assert badge.locator("img.bc-photo").evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=str(ARTIFACTS / "badge-desk.png"), full_page=True)
    context.close()


def test_a_delegate_sees_their_badge_whole_on_a_phone(app, live_server, browser, world):  # noqa: F811
    """The A6 card is about 400 px wide: on a 390 px phone it is drawn smaller, so the
    QR code can be shown at the desk without scrolling sideways."""
    person = world["people"][2]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ms-MY", has_touch=True)
    page = context.new_page()
    log_in(page, live_server, person.email)
    page.goto(f"{live_server}/registration/badge")
    expect(page.locator(".badge-preview .bc-name")).to_have_text("陈伟明")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    box = page.locator(".badge-preview img.bc-qr").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(ARTIFACTS / "badge-mine-phone.png"), full_page=True)
    context.close()
