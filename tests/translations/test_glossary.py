"""The Malay catalogue keeps the glossary's terms (translations/GLOSSARY.md), and every
email opens and closes as official correspondence does, signed by the event's secretariat."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from ascn.events.models import Event
from ascn.extensions import db
from ascn.mail import OutboxMessage, queue_mail

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "translations" / "GLOSSARY.md"
PO = ROOT / "translations" / "ms" / "LC_MESSAGES" / "messages.po"
EMAILS = ROOT / "templates" / "email"

# An English term in a message id asks for its one Malay term in the translation.
TERMS = [
    (r"\bbadges?\b", r"\bpas(nya)?\b"),
    (r"\bfocal points?\b", r"Pegawai Penghubung"),
    (r"\bHeads? of Delegation\b", r"Ketua Delegasi"),
    (r"\bdelegations?\b", r"delegasi"),
    (r"\bdelegates?\b", r"perwakilan"),
    (r"\bsecretariat\b", r"urus setia"),
    (r"\borganisers?\b", r"penganjur"),
    (r"\bsite visits?\b", r"lawatan teknikal"),
    (r"\bwaiting list\b", r"senarai menunggu"),
    (r"\bbatch(es)?\b", r"kelompok"),
    (r"\baccreditation desk\b", r"kaunter akreditasi"),
]


def _translations() -> list[tuple[str, str]]:
    with PO.open("rb") as f:
        catalogue = read_po(f)
    pairs = []
    for message in catalogue:
        if message.id:
            source = message.id if isinstance(message.id, str) else message.id[0]
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            pairs += [(source, string) for string in strings]
    return pairs


def _never_used() -> list[tuple[str, str]]:
    """The rows of the glossary's "Renderings never used" table: (never, instead)."""
    section = GLOSSARY.read_text(encoding="utf-8").split("## Renderings never used", 1)[1]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        heading = cells[0] in ("Never", "") or "---" in cells[0]
        if line.startswith("|") and len(cells) == 2 and not heading:
            rows.append((cells[0], cells[1]))
    return rows


def _uses(text: str, never: str, instead: str) -> bool:
    # A rule whose replacement differs only in case ("pegawai penghubung") is about case.
    if never.lower() == instead.lower():
        return never in text
    return never.lower() in text.lower()


def test_the_glossary_lists_the_renderings_never_used():
    never = [row[0] for row in _never_used()]
    assert {"lencana", "membuka pintu", "memegang tempat", "pekerja latar"} <= set(never)


def test_no_translation_uses_a_rendering_the_glossary_rules_out():
    rules = _never_used()
    found = [
        (never, source, string)
        for source, string in _translations()
        for never, instead in rules
        if _uses(string, never, instead)
    ]
    assert not found, found[:10]


def test_each_english_term_has_one_malay_term():
    found = [
        (english, source, string)
        for source, string in _translations()
        for english, malay in TERMS
        if re.search(english, source, re.I) and not re.search(malay, string, re.I)
    ]
    assert not found, found[:10]


def test_the_checks_catch_a_bad_rendering():
    assert _uses("Cetak lencana", "lencana", "pas")
    assert _uses("Hubungi pegawai penghubung", "pegawai penghubung", "Pegawai Penghubung")
    assert not _uses("Hubungi Pegawai Penghubung", "pegawai penghubung", "Pegawai Penghubung")


def test_every_email_template_closes_with_the_shared_sign_off():
    bodies = [p for p in EMAILS.glob("*.*") if not p.name.startswith("_") and ".subject." not in p.name]
    assert bodies
    for path in bodies:
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".txt":
            assert '{% include "email/_sign_off.txt" %}' in source, path.name
        else:
            assert '{% extends "email/_layout.html" %}' in source, path.name
        assert "The Secretariat" not in source, path.name  # signed in one place only


def _sent(app, locale: str) -> OutboxMessage:
    with app.test_request_context():
        event = db.session.scalars(select(Event)).one()
        user = type("User", (), {"full_name": "Siti Aminah"})
        link = "http://x/1"
        queue_mail(f"{locale}@example.org", "confirm_email", locale, user=user, link=link, event=event)
        db.session.commit()
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.locale == locale)).one()
        db.session.expunge(message)
        return message


@pytest.mark.parametrize(
    "locale, opening, closing, signature",
    [
        ("ms", "Tuan/Puan Siti Aminah,", "Sekian, terima kasih.",
         "Urus Setia Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-8"),
        ("en", "Dear Siti Aminah,", "Yours sincerely,",
         "Secretariat, 8th ASEAN Smart Cities Network Annual Meeting"),
    ],
)  # fmt: skip
def test_an_email_opens_and_closes_as_official_correspondence(app, make, locale, opening, closing, signature):
    make.event()
    message = _sent(app, locale)
    lines = [line for line in message.body_text.splitlines() if line.strip()]
    assert lines[0] == opening
    # Signed, then the secretariat's address to write to (the event's setting).
    assert lines[-3:-1] == [closing, signature] and "secretariat@ascn8.example" in lines[-1]
    assert f"<p>{closing}<br>{signature}</p>" in message.body_html
    assert message.body_html.count(closing) == 1


def test_without_an_event_the_secretariat_signs_alone(app):
    with app.test_request_context():
        user = type("User", (), {"full_name": "Siti Aminah"})
        queue_mail("ms@example.org", "confirm_email", "ms", user=user, link="http://x/1")
        db.session.commit()
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.body_text.rstrip().endswith("Sekian, terima kasih.\n\nUrus Setia")
