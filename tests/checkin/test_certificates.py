"""Certificates of attendance: offered once a door admitted the delegate, a PDF in both
languages with the name in its own script, a QR code of an address on the public site,
and the public page that address opens."""

import io
import os
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from PIL import Image
from pypdf import PdfReader

from ascn import create_app
from ascn.badges.pdf import qr_png
from ascn.bidi import FSI, PDI
from ascn.registration import privacy
from tests.support.pdf import pdf_text
from tests.support.web import Auth, new_client, post

THAI, JAWI = "สมชาย ใจดี", "حسن البلقية"
# 08:30 on Monday 8 September in Kuala Lumpur; 07:30 on Wednesday 10 September there,
# which is still the 9th in UTC.
MONDAY = datetime(2025, 9, 8, 0, 30, tzinfo=timezone.utc)
WEDNESDAY = datetime(2025, 9, 9, 23, 30, tzinfo=timezone.utc)
THURSDAY = datetime(2025, 9, 11, 1, 0, tzinfo=timezone.utc)
_ids = iter(range(1, 10**6))


@pytest.fixture
def meeting(make):
    """ASCN8 (8-12 September 2025), a door and a bus, each with a paired phone."""
    event = make.event()
    category = make.category(event.id)
    thailand = make.country("TH", "Thailand", "Thailand")
    organiser = make.user(role="organiser")
    door = make.checkin.list(event.id)
    visit = make.visits.visit(event.id, seats=5)
    bus = make.checkin.list(event.id, kind="visit", visit_id=visit.id)
    phones = {
        "door": make.checkin.device(door.id, organiser.id),
        "bus": make.checkin.device(bus.id, organiser.id, name="Bus phone"),
    }

    def delegate(**values):
        values.setdefault("status", "approved")
        return make.registration(event.id, thailand.id, category.id, **values)

    return event, phones, delegate, visit


def scanned(client, make, phone, person_id, at, direction="in", outcome="valid"):
    """A scan the phone made offline at `at`, synced now."""
    item = {
        "id": f"s{next(_ids)}",
        "token": make.checkin.token(person_id),
        "direction": direction,
        "at": at.isoformat(),
        "outcome": outcome,
    }
    response = client.post("/ascn8/api/checkin/sync", json={"scans": [item]}, headers=phone.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"][0]


def certificate(client, auth, email, **kwargs):
    auth.login(email)
    return client.get("/ascn8/certificates/certificate.pdf", **kwargs)


def keep(data: bytes, name: str) -> None:
    if os.environ.get("ASCN_KEEP_PDFS"):  # to look at it: pdftoppm -png -r 80
        Path(os.environ["ASCN_KEEP_PDFS"], name).write_bytes(data)


def squeezed(text: str) -> str:
    """Compared without spaces (an extractor adds one where the font changes) nor bidi marks."""
    return "".join(text.split()).replace(FSI, "").replace(PDI, "")


def test_a_delegate_who_attended_downloads_a_certificate_in_both_languages(app, client, auth, make, meeting):
    event, phones, delegate, visit = meeting
    person = delegate(badge_name=THAI, latin_name="Somchai Jaidee", honorific="Dr")
    make.visits.book(visit.id, person.id)
    scanned(client, make, phones["door"], person.id, MONDAY)
    scanned(client, make, phones["door"], person.id, MONDAY.replace(hour=9), direction="out")
    scanned(client, make, phones["door"], person.id, WEDNESDAY)
    scanned(client, make, phones["bus"], person.id, THURSDAY)  # a bus is not the meeting

    auth.login(person.email)
    page = client.get("/ascn8/certificates/").get_data(as_text=True)
    assert "8 September 2025 and 10 September 2025" in page
    response = client.get("/ascn8/certificates/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    keep(response.data, "certificate-thai.pdf")
    text, pages, fonts = pdf_text(response.data)
    flat = squeezed(text)
    assert pages == 1
    assert squeezed(f"Dr {THAI}") in flat and "SomchaiJaidee" in flat
    assert any("notosansthai" in font for font in fonts), fonts
    # Both languages on the one page: the event's name in each, and each language's dates.
    assert squeezed(event.name_ms) in flat and squeezed(event.name_en) in flat
    assert "8September2025dan10September2025" in flat and "8September2025and10September2025" in flat
    assert "11September" not in flat and "9September2025" not in flat
    with app.app_context():
        for language in ("ms", "en"):
            with force_locale(language):
                # The leading language's title is set in capitals.
                assert squeezed(gettext("Certificate of attendance")).casefold() in flat.casefold()
                assert squeezed(gettext("This is to certify that")) in flat


LONG_NAME = ("Yang Berbahagia Dato' Sri Haji Muhammad Nur Iskandar bin Tan Sri Haji Abdul Rahman " * 2)[:160]


@pytest.mark.parametrize(
    "name, font", [(JAWI, "notonaskharabic"), (LONG_NAME, "notosans"), ("陈伟明", "notosanssc")]
)
def test_jawi_chinese_and_very_long_names_are_drawn_whole_from_fonts_that_have_them(
    client, auth, make, meeting, name, font
):
    _event, phones, delegate, _visit = meeting
    person = delegate(badge_name=name)
    scanned(client, make, phones["door"], person.id, MONDAY)
    response = certificate(client, auth, person.email)
    keep(response.data, f"certificate-{font}.pdf")
    text, pages, fonts = pdf_text(response.data)
    assert pages == 1  # nothing pushed onto a second page
    assert squeezed(name) in squeezed(text)
    assert any(font in found for found in fonts), fonts


@pytest.fixture
def published(app, database_url):
    """The test database served under its public address, with no SERVER_NAME that would
    put that address into every link anyway: only PUBLIC_URL can."""
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "another-test-key-that-is-long-enough-5678",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PUBLIC_URL": "https://ascn8.example.org",
            "JOBS_MODE": "thread",
            "MAIL_SERVER": None,
        }
    )


def test_the_qr_code_opens_the_public_address_even_when_the_request_forged_its_host(
    published, client, make, meeting
):
    _event, phones, delegate, _visit = meeting
    person = delegate(badge_name=THAI)
    scanned(client, make, phones["door"], person.id, MONDAY)
    browser = new_client(published)
    browser.environ_base["HTTP_HOST"] = "evil.example"
    Auth(browser).login(person.email)
    response = browser.get("/ascn8/certificates/certificate.pdf")
    assert response.status_code == 200
    text, _pages, _fonts = pdf_text(response.data)
    assert "evil.example" not in text
    flat = squeezed(text)
    start = flat.index("https://ascn8.example.org/ascn8/certificates/verify/")
    url = flat[start:].split("Dengan")[0]
    token = url.rsplit("/", 1)[1]
    assert token.split(".")[0] == str(person.id)  # the registration's id, and no personal data
    assert "@" not in token and "Somchai" not in token
    # The code drawn is the code of that address, module for module.
    image = PdfReader(io.BytesIO(response.data)).pages[0].images[0].image.convert("L")
    expected = Image.open(io.BytesIO(qr_png(url))).convert("L")
    assert image.size == expected.size and image.tobytes() == expected.tobytes()
    # And it tells anyone who attended.
    verified = new_client(published).get(url.removeprefix("https://ascn8.example.org"))
    page = verified.get_data(as_text=True)
    assert "Valid certificate" in page and THAI in page and "8 September 2025" in page


def verify_page(client, path, language="en"):
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def token_of(app, registration_id):
    from ascn.checkin.certificates import _signer

    with app.app_context():
        return _signer().sign(str(registration_id)).decode("ascii")


def test_the_public_page_tells_a_genuine_certificate_from_every_other(app, client, make, meeting):
    _event, phones, delegate, _visit = meeting
    person = delegate(badge_name=JAWI, latin_name="Hassan Al-Balqiah")
    scanned(client, make, phones["door"], person.id, MONDAY)
    token = token_of(app, person.id)

    english = verify_page(client, f"/ascn8/certificates/verify/{token}")
    assert "Valid certificate" in english and f"{FSI}{JAWI}{PDI} attended" in english
    assert '<meta name="robots" content="noindex">' in english  # it names a person
    malay = verify_page(client, f"/ascn8/certificates/verify/{token}", "ms")
    # In the reader's language: the event's Malay name (the page's own words come from the catalogue).
    assert '<html lang="ms">' in malay and JAWI in malay and "Mesyuarat Tahunan" in malay

    registration_id, signature = token.split(".")
    other_event = make.event(
        slug="wg1", short_name="WG1", start_date=date(2026, 3, 2), end_date=date(2026, 3, 3)
    )
    stranger = make.registration(other_event.id, person.country_id, make.category(other_event.id).id)
    for forged in (
        f"{registration_id}.{signature[:-2]}xx",  # a signature tampered with
        f"{int(registration_id) + 1}.{signature}",  # another delegate's id under this signature
        make.checkin.token(person.id),  # a badge's token: another salt
        token_of(app, stranger.id),  # genuine, but another event's delegate
        "x" * 500,
    ):
        page = verify_page(client, f"/ascn8/certificates/verify/{forged}")
        assert "Not valid" in page and JAWI not in page
    assert "Not valid" in verify_page(client, f"/wg1/certificates/verify/{token}")  # genuine, other event


def test_a_certificate_no_longer_verifies_once_its_registration_is_cancelled_or_purged(
    app, client, auth, make, meeting
):
    event, phones, delegate, _visit = meeting
    cancelled, purged = delegate(), delegate()
    for person in (cancelled, purged):
        scanned(client, make, phones["door"], person.id, MONDAY)
    auth.login(cancelled.email)
    assert post(client, "/ascn8/registration/cancel").status_code == 302
    assert "Not valid" in verify_page(client, f"/ascn8/certificates/verify/{token_of(app, cancelled.id)}")
    page = client.get("/ascn8/certificates/").get_data(as_text=True)
    assert "once your registration is approved" in page
    purged_token = token_of(app, purged.id)
    assert "Valid certificate" in verify_page(client, f"/ascn8/certificates/verify/{purged_token}")
    with app.test_request_context():
        from ascn.events.models import Event
        from ascn.extensions import db

        privacy.purge(db.session.get(Event, event.id), date(2026, 1, 1), dry_run=False)
    assert "Not valid" in verify_page(client, f"/ascn8/certificates/verify/{purged_token}")


@pytest.mark.parametrize(
    "status, scanned_in, message",
    [
        ("approved", False, "once you have been checked in at the door"),
        ("pending", True, "once your registration is approved"),
        ("rejected", False, "once your registration is approved"),
    ],
)
def test_a_delegate_who_has_not_attended_is_told_why_and_gets_no_pdf(
    client, auth, make, meeting, status, scanned_in, message
):
    _event, phones, delegate, _visit = meeting
    person = delegate(status=status)
    if scanned_in:  # turned away at the door: a failed scan attends nothing
        assert (
            scanned(client, make, phones["door"], person.id, MONDAY, outcome="not_approved")["admitted"]
            is False
        )
    auth.login(person.email)
    page = client.get("/ascn8/certificates/").get_data(as_text=True)
    assert message in page and "Download my certificate" not in page
    response = client.get("/ascn8/certificates/certificate.pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith("/ascn8/certificates/")
    assert message in client.get("/ascn8/certificates/").get_data(as_text=True)


def test_a_delegate_only_ever_gets_their_own_certificate(client, auth, make, meeting):
    _event, phones, delegate, _visit = meeting
    attended, absent = delegate(badge_name="Siti Aminah"), delegate(badge_name="Nguyen Van An")
    scanned(client, make, phones["door"], attended.id, MONDAY)
    response = certificate(client, auth, absent.email)
    assert response.status_code == 302
    page = client.get("/ascn8/certificates/").get_data(as_text=True)
    assert "Siti Aminah" not in page and "checked in at the door" in page
    # No address names a registration: the query string is not read either.
    assert client.get(f"/ascn8/certificates/certificate.pdf?registration={attended.id}").status_code == 302


def test_an_account_without_a_registration_is_told_so(client, auth, make, meeting):
    auth.login(make.user().email)
    assert "You have not registered for this event." in client.get("/ascn8/certificates/").get_data(
        as_text=True
    )


def test_an_approved_delegate_finds_the_certificate_from_their_registration(client, auth, make, meeting):
    _event, _phones, delegate, _visit = meeting
    auth.login(delegate().email)
    assert 'href="/ascn8/certificates/"' in client.get("/ascn8/registration").get_data(as_text=True)


def test_the_public_page_refuses_a_flood_of_guesses(client, make, meeting):
    for n in range(30):
        assert client.get(f"/ascn8/certificates/verify/{n}.guess").status_code == 200
    response = client.get("/ascn8/certificates/verify/31.guess")
    assert response.status_code == 429
