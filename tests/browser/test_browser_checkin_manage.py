"""The organisers' check-in pages in headless Chromium, in English and Malay at 390 px and
1280 px: the index, a list's form and page, a pairing code, a door's and a bus's live
attendance, the conflicts and a delegate's history; and the door's figures following a
scan without a reload. Screenshots go to test-artifacts/."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from ascn.db import utcnow
from tests.support.browser import ARTIFACTS, CHROMIUM, log_in
from tests.support.checkin_manage import offline_scan, running_today, scan

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]


@pytest.fixture
def world(make):
    event = running_today(make)
    delegate = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    heads = make.category(event.id, code="heads", label_en="Head of Delegation", label_ms="Ketua Delegasi")
    thailand = make.country("TH", "Thailand", "Thailand")
    brunei = make.country("BN", "Brunei Darussalam", "Brunei Darussalam")
    organisers = {
        "en": make.user(role="organiser", event_id=event.id, locale="en", full_name="Nur Aisyah"),
        "ms": make.user(role="organiser", event_id=event.id, locale="ms", full_name="Ahmad Faiz"),
    }
    staff = make.user(role="staff", event_id=event.id, full_name="Lim Wei Ming")
    people = [
        make.registration(
            event.id,
            country.id,
            category.id,
            status="approved",
            badge_name=name,
            has_photo=True,
            mobile=mobile,
        )
        for name, country, category, mobile in (
            ("สมชาย ใจดี", thailand, delegate, "+66812345678"),
            ("Pengiran Muda Abdul Qawi", brunei, heads, "+6738123456"),
            ("ڤڠيرن انق", brunei, delegate, ""),
            ("Siti Nurhaliza binti Tarudin", thailand, delegate, "+60123456789"),
        )
    ]
    for person in people:
        make.photo(person.id)
    door = make.checkin.list(
        event.id, staff_ids=[staff.id], name_en="Main entrance", name_ms="Pintu masuk utama"
    )
    phone = make.checkin.device(door.id, organisers["en"].id, name="Entrance, Aisyah's phone")
    second = make.checkin.device(door.id, organisers["en"].id, name="Entrance, second phone")
    visit = make.visits.visit(
        event.id, seats=2, title_en="Putrajaya Wetlands", title_ms="Taman Wetland Putrajaya"
    )
    for person in people[:3]:
        make.visits.book(visit.id, person.id)
    bus = make.checkin.list(
        event.id, kind="visit", visit_id=visit.id, name_en="Wetlands bus", name_ms="Bas Wetland"
    )
    bus_phone = make.checkin.device(bus.id, organisers["en"].id, name="Bus phone")

    client = make.app.test_client()
    tokens = [make.checkin.token(person.id) for person in people]
    scan(client, phone, tokens[0])
    scan(client, phone, tokens[1])
    scan(client, bus_phone, tokens[0])
    offline_scan(client, phone, tokens[2], utcnow() - timedelta(minutes=3))
    offline_scan(client, second, tokens[2], utcnow() - timedelta(minutes=2))  # a double entry
    return {
        "organisers": organisers,
        "door": door,
        "bus": bus,
        "phone": phone,
        "people": people,
        "tokens": tokens,
        "client": client,
    }


VIEWS = [(390, "ms"), (1280, "en"), (390, "en"), (1280, "ms")]


@pytest.mark.parametrize(("width", "language"), VIEWS)
def test_every_page_at_phone_and_desktop_width_in_both_languages(
    live_server, browser, world, width, language
):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="ms-MY" if language == "ms" else "en-GB"
    )
    page = context.new_page()
    log_in(page, live_server, world["organisers"][language].email)
    door, bus, person = world["door"].id, world["bus"].id, world["people"][0].id
    base = f"{live_server}/ascn8/manage/checkin"
    pages = {
        "index": f"{base}/",
        "new-list": f"{base}/lists/new",
        "edit-list": f"{base}/lists/{door}/edit",
        "list": f"{base}/lists/{door}",
        "door": f"{base}/lists/{door}/attendance",
        "bus": f"{base}/lists/{bus}/attendance",
        "conflicts": f"{base}/conflicts",
        "person": f"{base}/people/{person}",
    }
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (
            f"{name} scrolls"
        )
        page.screenshot(path=str(ARTIFACTS / f"checkin-{name}-{language}-{width}.png"), full_page=True)

    page.goto(pages["list"])
    page.locator("#name").fill(f"Hall B phone {width} {language}")
    page.locator("#pair button[type=submit]").click()
    expect(page.locator(".pairing-code")).to_have_text(re.compile(r"^[A-Z0-9]{4} [A-Z0-9]{4}$"))
    expect(page.locator("img.pairing-qr")).to_be_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "pairing scrolls"
    page.screenshot(path=str(ARTIFACTS / f"checkin-pairing-{language}-{width}.png"), full_page=True)
    context.close()


def test_the_door_and_the_bus_follow_scans_without_a_reload(live_server, browser, world, make):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="en-GB")
    page = context.new_page()
    log_in(page, live_server, world["organisers"]["en"].email)
    page.goto(f"{live_server}/ascn8/manage/checkin/lists/{world['door'].id}/attendance")
    inside = page.locator('[data-live="inside"]')
    expect(inside).to_have_text("3")
    scan(world["client"], world["phone"], world["tokens"][3])
    expect(inside).to_have_text("4", timeout=15_000)
    expect(page.locator("#by-country")).to_contain_text("Thailand")
    expect(page.locator("[data-live-status]")).to_contain_text("Updated at")

    bus_phone = make.checkin.device(world["bus"].id, world["organisers"]["en"].id, name="Second bus phone")
    page.goto(f"{live_server}/ascn8/manage/checkin/lists/{world['bus'].id}/attendance")
    waiting = page.locator("#not-boarded")
    expect(waiting).to_contain_text("Pengiran Muda Abdul Qawi")
    scan(world["client"], bus_phone, world["tokens"][1])
    expect(page.locator("#on-board")).to_contain_text("Pengiran Muda Abdul Qawi", timeout=15_000)
    expect(waiting.locator("tr.empty")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "checkin-bus-live-en-390.png"), full_page=True)
    context.close()
