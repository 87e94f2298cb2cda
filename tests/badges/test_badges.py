"""Badges at the desk and on the delegate's page: tokens, serials, reprints, the print
log, scans, and what the PDF holds (its text and its fonts, read back with pypdf)."""

import io

import pytest
from flask import current_app
from pypdf import PdfReader
from sqlalchemy import select

from ascn.badges import cards, design, pdf, printing, tokens
from ascn.badges.models import Badge, BadgePrint
from ascn.badges.pdf import separate_families
from ascn.events.models import Category, Event
from ascn.extensions import db
from ascn.pdf_fonts import font_css
from ascn.registration import accreditation
from ascn.registration.models import Registration
from tests.support.pdf import pdf_text
from tests.support.web import post


@pytest.fixture
def desk(make, auth):
    event = make.event()
    category = make.category(event.id, label_en="Delegate", label_ms="Perwakilan", colour="#0b5d6b")
    country = make.country()
    staff = make.user(role="staff")

    def delegate(**values):
        values.setdefault("status", "approved")
        return make.registration(event.id, country.id, category.id, **values)

    return event, category, country, staff, delegate


def test_a_token_names_the_badge_and_nothing_else(app):
    with app.app_context():
        token = tokens.sign(1234, 2)
        assert tokens.read(token) == (1234, 2)
        assert len(token) <= 30 and "@" not in token
        registration_id, serial, signature = token.split(".")
        assert tokens.read(f"{registration_id}.3.{signature}") is None  # a forged serial
        assert tokens.read(token[:-2]) is None
        assert tokens.read("") is None and tokens.read("x" * 500) is None
        import segno

        assert segno.make(token, error="m").version <= 4


def test_staff_print_a_badge_at_the_desk(client, auth, desk, app):
    event, category, country, staff, delegate = desk
    person = delegate(
        given_names="Somchai", family_name="Jaidee", badge_name="สมชาย ใจดี", latin_name="Somchai Jaidee"
    )
    auth.login(staff.email)
    page = client.get("/ascn8/manage/badges/?q=somchai")
    assert "สมชาย ใจดี" in page.get_data(as_text=True)
    page = client.get(f"/ascn8/manage/badges/registrations/{person.id}").get_data(as_text=True)
    assert "Print the badge" in page and "สมชาย ใจดี" in page
    response = post(client, f"/ascn8/manage/badges/registrations/{person.id}/print", {"serial": "1"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, pages, fonts = pdf_text(response.data)
    assert pages == 1
    assert "สมชาย ใจดี" in text and "Somchai Jaidee" in text and "DELEGATE / PERWAKILAN" in text
    assert any("notosansthai" in f for f in fonts), fonts
    with app.app_context():
        entry = db.session.scalar(select(BadgePrint))
        assert (entry.serial, entry.reason, entry.actor_id) == (1, "first", staff.id)


def test_a_reprint_raises_the_serial_and_revokes_the_old_badge(client, auth, desk, app):
    event, category, country, staff, delegate = desk
    person = delegate()
    auth.login(staff.email)
    post(client, f"/ascn8/manage/badges/registrations/{person.id}/print", {"serial": "1"})
    with app.app_context():
        old = tokens.sign(person.id, 1)
    # Printing again without a reason is refused: a reprint says why.
    response = post(
        client,
        f"/ascn8/manage/badges/registrations/{person.id}/print",
        {"serial": "1"},
        follow_redirects=True,
    )
    assert "choose why it is reprinted" in response.get_data(as_text=True)
    response = post(
        client,
        f"/ascn8/manage/badges/registrations/{person.id}/print",
        {"serial": "1", "reason": "lost", "note": "Lost in the hall"},
    )
    assert response.mimetype == "application/pdf"
    with app.app_context():
        assert db.session.get(Badge, person.id).serial == 2
        log = db.session.scalars(select(BadgePrint).order_by(BadgePrint.id)).all()
        assert [(e.serial, e.reason, e.note) for e in log] == [
            (1, "first", ""),
            (2, "lost", "Lost in the hall"),
        ]
        new = tokens.sign(person.id, 2)
    assert "Revoked" in client.get("/ascn8/manage/badges/scan", query_string={"token": old}).get_data(
        as_text=True
    )
    assert "Valid badge" in client.get("/ascn8/manage/badges/scan", query_string={"token": new}).get_data(
        as_text=True
    )
    # A second reprint from a page that still shows number 1 raises nothing.
    response = post(
        client,
        f"/ascn8/manage/badges/registrations/{person.id}/print",
        {"serial": "1", "reason": "lost"},
        follow_redirects=True,
    )
    assert "just been reprinted by someone else" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Badge, person.id).serial == 2


@pytest.mark.parametrize("status", ["pending", "rejected", "cancelled"])
def test_only_approved_registrations_get_a_badge(client, auth, desk, app, status):
    event, category, country, staff, delegate = desk
    person = delegate(status=status)
    auth.login(staff.email)
    response = post(
        client,
        f"/ascn8/manage/badges/registrations/{person.id}/print",
        {"serial": "1", "reason": "lost"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Only approved registrations get a badge" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(BadgePrint)) is None
        assert printing.scan(_event(), tokens.sign(person.id, 1)).state == "invalid"


def _event():
    return db.session.scalar(select(Event))


def test_a_rejected_delegates_badge_scans_invalid(client, auth, desk, app):
    event, category, country, staff, delegate = desk
    person = delegate()
    with app.test_request_context():
        token = tokens.sign(person.id, 1)
        assert printing.scan(_event(), token).state == "valid"
        registration = db.session.get(Registration, person.id)
        accreditation.set_status(registration, "rejected", None, "Withdrawn by the ministry")
        db.session.commit()
        assert printing.scan(_event(), token).state == "invalid"
        assert printing.scan(_event(), "garbage").state == "invalid"


def test_scanning_a_delegates_qr_at_the_desk_opens_their_badge(client, auth, desk, app):
    event, category, country, staff, delegate = desk
    person = delegate()
    with app.app_context():
        token = tokens.sign(person.id, 1)
    auth.login(staff.email)
    response = client.get("/ascn8/manage/badges/", query_string={"q": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/registrations/{person.id}"
    )


def test_names_of_every_script_and_length_fit_one_page(app, desk):
    event, category, country, staff, delegate = desk
    names = {
        "th": "สมชาย ใจดีมาก",
        "km": "សុខ សុភា",
        "lo": "ສົມພອນ ວົງສາ",
        "my": "အောင်ကျော်မင်း",
        "zh": "陈伟明",
        "vi": "Nguyễn Thị Thu Hằng",
        "mixed": "Lê Văn 陈 สมชาย",
        "long": ("Abdul Rahman bin Haji Mohamed Yusof Al-Haj " * 4)[:160],  # the longest stored
    }
    very_long = ("Nguyễn Thị Thu Hằng Abdul Rahman bin Haji Mohamed Yusof " * 6)[:300]
    people = [delegate(badge_name=name, given_names="G", family_name="F") for name in names.values()]
    with app.test_request_context():
        registrations = cards.load(_event(), [p.id for p in people])
        badge_cards, photos = cards.build(registrations, "ms", for_pdf=True)
        with db.session.no_autoflush:  # 300 characters: more than a registration stores
            longest = db.session.get(Registration, people[-1].id)
            longest.badge_name = very_long
            data = cards.render_one(_event(), longest, "ms")
        db.session.rollback()
        everything = pdf.render(cards.html(_event(), badge_cards, "ms"), photos, current_app.static_folder)
    text, pages, fonts = pdf_text(everything)
    assert pages == len(names)  # nothing overflowed onto a page of its own
    # Compared without spaces: a text extractor adds one where the font changes mid-word.
    for name in ("陈伟明", "Nguyễn Thị Thu Hằng", "สมชาย ใจดีมาก", "Lê Văn 陈 สมชาย"):
        assert "".join(name.split()) in "".join(text.split())
    for family in ("thai", "khmer", "lao", "myanmar", "sc", "vietnamese", "latin"):
        family = f"notosans{family}"
        assert any(family in f for f in fonts), (family, fonts)
    long_text, long_pages, _ = pdf_text(data)
    assert long_pages == 1
    squeezed = "".join(long_text.split())
    assert "".join(very_long.split()) in squeezed  # every character is there, none cut
    assert "".join(names["long"].split()) in "".join(text.split())


def test_a_badge_without_photo_gets_the_placeholder_and_labels_in_malay(app, desk):
    event, category, country, staff, delegate = desk
    person = delegate(has_photo=False)
    with app.test_request_context():
        registration = db.session.get(Registration, person.id)
        badge_cards, photos = cards.build([registration], "ms", for_pdf=True)
        assert badge_cards[0].photo_src == cards.PLACEHOLDER and photos == {}
        text, pages, _ = pdf_text(cards.render_one(_event(), registration, "ms"))
    assert pages == 1 and "PERWAKILAN" in text and "Malaysia" in text


def test_the_delegate_sees_their_own_badge_once_approved(client, auth, desk, make):
    event, category, country, staff, delegate = desk
    pending = delegate(status="pending")
    auth.login(pending.email)
    response = client.get("/ascn8/registration/badge")
    assert response.status_code == 302 and response.headers["Location"].endswith("/ascn8/registration")
    auth.logout()
    person = delegate(badge_name="Nguyễn Văn An", has_photo=True)
    make.photo(person.id)
    auth.login(person.email)
    assert "See my badge" in client.get("/ascn8/registration").get_data(as_text=True)
    page = client.get("/ascn8/registration/badge").get_data(as_text=True)
    assert "Nguyễn Văn An" in page and f"/ascn8/registration/{person.id}/photo.jpg" in page
    response = client.get("/ascn8/registration/badge.pdf")
    assert response.mimetype == "application/pdf"
    text, pages, _ = pdf_text(response.data)
    assert "Nguyễn Văn An" in text and pages == 1
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages[0].images) >= 2  # the photo and the QR code


def test_every_font_subset_is_its_own_family_for_weasyprint():
    """WeasyPrint draws a character from the wrong subset when several subsets share a
    family name: each must be its own family in the stack."""
    css, families = separate_families(font_css("Trần Văn Hùng 陈伟明 สมชาย"))
    assert {"ascn noto-sans-latin", "ascn noto-sans-vietnamese", "ascn noto-sans-thai-thai"} <= set(families)
    assert sum(f.startswith("ascn noto-sans-sc-") for f in families) >= 2
    assert '"Noto Sans"' not in css and '"Noto Sans SC"' not in css


def test_layouts_give_their_page_sizes_and_four_a6_badges_per_a4_sheet(app, desk, make):
    event, category, country, staff, delegate = desk
    card_category = make.category(event.id, label_en="Media", label_ms="Media")
    people = [delegate() for _ in range(5)] + [
        make.registration(event.id, country.id, card_category.id, status="approved")
    ]
    with app.test_request_context():
        values = {"colour": "#0b5d6b", "show_photo": True, "show_country": True}
        design.save(db.session.get(Category, category.id), {**values, "layout": "a4"})
        design.save(
            db.session.get(Category, card_category.id), {**values, "layout": "cr80", "colour": "#f2c14e"}
        )
        registrations = cards.load(_event(), [p.id for p in people])
        badge_cards, photos = cards.build(registrations, "en", for_pdf=True)
        data = pdf.render(cards.html(_event(), badge_cards, "en"), photos, current_app.static_folder)
    reader = PdfReader(io.BytesIO(data))
    sizes = [
        (round(float(p.mediabox.width) / 72 * 25.4, 1), round(float(p.mediabox.height) / 72 * 25.4, 1))
        for p in reader.pages
    ]
    assert sizes == [(210.0, 297.0), (210.0, 297.0), (85.6, 54.0)]  # 4 + 1 on A4 sheets, then the card
    assert reader.pages[0].extract_text().count("DELEGATE / PERWAKILAN") == 4
    assert badge_cards[-1].ink == "dark"  # dark text on a light yellow band


def test_an_organiser_saves_a_template_and_previews_it(client, auth, desk, make, app):
    event, category, country, staff, delegate = desk
    delegate(badge_name="Aung Kyaw")
    auth.login(make.user(role="organiser").email)
    url = f"/ascn8/manage/badge-templates/{category.id}"
    assert "Aung Kyaw" in client.get(url).get_data(as_text=True)  # a real delegate on the preview
    values = {"layout": "cr80", "colour": "#123456", "label_en": "Guest", "label_ms": "Tetamu"}
    response = post(client, url, {**values, "show_photo": "y", "show_country": "y"}, token_from=url)
    assert response.status_code == 302
    fragment = client.get(f"{url}/preview?layout=a4&colour=%23abcdef&show_logo=y").get_data(as_text=True)
    assert 'class="sheet a4"' in fragment and "GUEST / TETAMU" in fragment and "#abcdef" in fragment
    reader = PdfReader(io.BytesIO(client.get(f"{url}/preview.pdf").data))  # the saved template
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4, 1) == 85.6
    assert "GUEST / TETAMU" in page.extract_text()
    response = post(client, url, {"layout": "a5", "colour": "red"}, token_from=url)
    assert "Enter a colour like #0b5d6b." in response.get_data(as_text=True)


def test_the_desk_search_costs_the_same_queries_for_3_or_15_delegates(client, auth, desk, count_queries):
    event, category, country, staff, delegate = desk
    auth.login(staff.email)
    counts = []
    for _ in range(2):
        for n in range(3 if not counts else 12):
            delegate(given_names="Siti", family_name=f"Aminah{n}", badge_name=f"Siti Aminah {n}")
        with count_queries() as counter:
            page = client.get("/ascn8/manage/badges/?q=siti")
        assert page.status_code == 200
        counts.append(counter.count)
    assert page.get_data(as_text=True).count("Siti Aminah") == 15
    assert counts[0] == counts[1]
