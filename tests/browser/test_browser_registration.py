"""Registration in headless Chromium: a Thai delegate registers on a phone in Malay with
a photo; a delegate registers, chooses a password from the emailed link and lands on their
home, on a phone in Malay and a desktop in English; an organiser approves from the list on a
desktop; long names in every script keep the phone layout. Screenshots go to test-artifacts/."""

import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ascn.extensions import db
from ascn.mail import OutboxMessage
from ascn.registration.models import Registration
from tests.support.browser import ARTIFACTS, CHROMIUM, SETTINGS, log_in, new_page, open_menu, wording
from tests.support.factories import jpeg
from tests.support.names import NAMES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"),
]
NOW = datetime.now(timezone.utc)


@pytest.fixture
def world(make):
    event = make.event(
        registration_opens_at=NOW - timedelta(days=1), registration_closes_at=NOW + timedelta(days=20)
    )
    category = make.category(event.id, code="delegate", label_en="Delegate", label_ms="Perwakilan")
    thailand = make.country("TH", "Thailand", "Thailand")
    return {"event": event, "category": category, "thailand": thailand}


def test_a_delegate_registers_on_a_phone_in_malay(app, live_server, browser, world, tmp_path):  # noqa: F811
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg((900, 1200), "sienna"))
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ms-MY")
    page = context.new_page()
    page.goto(live_server + "/ascn8/register")
    assert page.locator("html").get_attribute("lang") == "ms"
    page.get_by_label("Nama", exact=True).fill("สมชาย")
    page.get_by_label("Nama keluarga").fill("ใจดีมีสุขสวัสดิ์")
    page.get_by_label("Nama dalam huruf Rumi").fill("Somchai Jaidee")
    page.get_by_label("Negara atau organisasi").select_option(label="Thailand")
    page.get_by_label("Kategori", exact=True).select_option(label="Perwakilan")  # no list starts chosen
    page.get_by_label("E-mel", exact=True).fill("somchai@bma.go.th")
    page.get_by_label("Nombor telefon bimbit").fill("12")
    page.get_by_label("Foto untuk pas").set_input_files(str(photo))
    page.get_by_label("Saya telah membaca notis privasi").check()
    page.get_by_role("button", name="Daftar", exact=True).click()
    expect(page.get_by_text("Nombor telefon bimbit ini tidak sah")).to_be_visible()
    assert page.get_by_label("Nama", exact=True).input_value() == "สมชาย"  # kept
    page.screenshot(path=str(ARTIFACTS / "register-error-ms-phone.png"), full_page=True)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.get_by_label("Nombor telefon bimbit").fill("081 234 5678")
    page.get_by_label("Foto untuk pas").set_input_files(str(photo))  # files are never kept
    page.get_by_label("Saya telah membaca notis privasi").check()
    page.get_by_role("button", name="Daftar", exact=True).click()
    expect(page.get_by_text("Terima kasih: pendaftaran anda telah diterima")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "registered-ms-phone.png"), full_page=True)
    with app.app_context():
        registration = db.session.scalar(select(Registration))
        assert registration.badge_name == "สมชาย ใจดีมีสุขสวัสดิ์" and registration.has_photo
    context.close()


def _register_and_choose_the_password(app, page, base, say, locale, email):
    """Register at ascn8 as Arunee Srisuk, then choose a password from the link in the email
    the registration sent (read from the outbox, in the registrant's language)."""
    page.goto(base + "/ascn8/register")
    page.get_by_label(say("Given name(s)"), exact=True).fill("Arunee")
    page.get_by_label(say("Family name")).fill("Srisuk")
    page.get_by_label(say("Country or organisation")).select_option(label="Thailand")
    page.get_by_label(say("Category"), exact=True).select_option(label=say_category(locale))
    page.get_by_label(say("Email"), exact=True).fill(email)
    page.get_by_label(say("Mobile number")).fill("+66 81 234 5678")
    page.get_by_label(say("I have read the privacy notice and agree to it.")).check()
    page.get_by_role("button", name=say("Register"), exact=True).click()
    expect(page.get_by_text(say("Thank you: your registration has been received"))).to_be_visible()
    with app.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email))
    assert (mail.template, mail.locale) == ("registration_received", locale)
    page.goto(base + re.search(r"https?://\S+?(/account/reset/\S+)", mail.body_text).group(1))
    page.get_by_label(say("New password"), exact=True).fill("chao phraya at dusk")
    page.get_by_label(say("Repeat the new password")).fill("chao phraya at dusk")
    page.get_by_role("button", name=say("Save the new password")).click()
    expect(page.get_by_text(say("Your password has been saved. You are logged in."))).to_be_visible()


def say_category(locale):
    return {"ms": "Perwakilan", "en": "Delegate"}[locale]


@pytest.mark.parametrize("size,locale", SETTINGS)
def test_a_delegate_registers_chooses_a_password_and_reaches_their_home(  # noqa: F811
    app, live_server, browser, world, size, locale
):
    say = wording(app, locale)
    email = f"arunee.{locale}@bma.go.th"
    context, page = new_page(browser, size, locale)
    _register_and_choose_the_password(app, page, live_server, say, locale, email)
    open_menu(page, "me")  # logged in: the person's own links, and "Log out"
    expect(page.locator("nav").get_by_role("button", name=say("Log out"))).to_be_visible()
    expect(page).to_have_url(live_server + "/ascn8/")  # the home of the event they registered for
    expect(page.get_by_role("heading", level=1)).to_have_text(say("Welcome, %(name)s", name="Arunee Srisuk"))
    card = page.locator("section.home-card", has=page.get_by_role("heading", name=say("My registration")))
    expect(card.locator(".status-pill")).to_have_text(say("Pending"))
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), "scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / f"registered-home-{locale}-{size[0]}.png"), full_page=True)
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(Registration.email == email))
        assert registration.user.email == email and registration.user.is_confirmed
    context.close()


def test_an_organiser_approves_from_the_list(app, make, live_server, browser, world):  # noqa: F811
    ids = [
        make.registration(world["event"].id, world["thailand"].id, world["category"].id, given_names=name).id
        for name in NAMES
    ]
    organiser = make.user(role="organiser")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, organiser.email)
    page.goto(live_server + "/ascn8/manage/registrations")
    page.locator("input.select-all").check()  # the script ticks every row
    assert page.locator("input[name=ids]:checked").count() == len(NAMES)
    page.get_by_label("Action").select_option("approved")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text(f"{len(NAMES)} registrations changed.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "registrations-desktop.png"), full_page=True)
    with app.app_context():
        assert {db.session.get(Registration, i).status for i in ids} == {"approved"}
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/ascn8/manage/registrations")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "registrations-phone.png"), full_page=True)
    page.goto(live_server + f"/ascn8/manage/registrations/{ids[0]}")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "registration-long-name-phone.png"), full_page=True)
    context.close()


def test_a_focal_point_imports_a_delegation_on_a_phone(app, make, live_server, browser, world, tmp_path):  # noqa: F811
    from openpyxl import Workbook

    def sheet(name, lines):
        book = Workbook()
        book.active.append(["Nama *", "Nama keluarga", "E-mel *", "Kategori *", "Kedudukan protokol"])
        for line in lines:
            book.active.append(line)
        path = tmp_path / name
        book.save(path)
        return str(path)

    make.delegation(world["event"].id, world["thailand"].id, quota=5)
    focal = make.user(role="focal_point", country_id=world["thailand"].id, locale="ms")
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ms-MY")
    page = context.new_page()
    log_in(page, live_server, focal.email)
    page.goto(live_server + "/ascn8/delegation/import")
    bad = sheet("bad.xlsx", [["สมชาย", "ใจดี", "not-an-email", "Perwakilan", "Pegawai kanan"]])
    page.get_by_label("Hamparan (.xlsx)").set_input_files(bad)
    page.locator("main form button[type=submit]").click()  # the preview: nothing saved yet
    expect(page.get_by_text("Alamat e-mel tidak sah.")).to_be_visible()
    expect(page.get_by_text("(สมชาย ใจดี)")).to_be_visible()  # the row's person, named
    expect(page.locator("form.actions button[type=submit]")).to_have_count(0)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "import-errors-ms-phone.png"), full_page=True)
    good = sheet(
        "good.xlsx",
        [
            ["สมชาย", "ใจดี", "somchai@bma.go.th", "Perwakilan", "Pegawai kanan"],
            ["Anong", "Srisuk", "anong@bma.go.th", "delegate", ""],
        ],
    )
    page.goto(live_server + "/ascn8/delegation/import")
    page.get_by_label("Hamparan (.xlsx)").set_input_files(good)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("somchai@bma.go.th")).to_be_visible()
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "import-preview-ms-phone.png"), full_page=True)
    page.locator("form.actions button[type=submit]").click()
    expect(page.get_by_text("2 perwakilan telah ditambah.")).to_be_visible()
    expect(page.get_by_text("2 daripada 5 tempat")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "delegation-ms-phone.png"), full_page=True)
    context.close()
