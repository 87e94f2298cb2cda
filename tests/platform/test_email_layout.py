"""Every email, rendered: an HTML part laid out for a phone (one column of at most 600 px,
inline styles, the event's logo from PUBLIC_URL and its colour), the text part kept, the
secretariat's address in both, and no link whose text ends in punctuation."""

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace as Thing

import pytest
from sqlalchemy import select

from ascn.events.models import Event
from ascn.extensions import db
from ascn.mail import Letter, _write
from ascn.registration.models import Registration

TEMPLATES = sorted(p.name.removesuffix(".subject.txt") for p in Path("templates/email").glob("*.subject.txt"))
CONTACT = "secretariat@ascn8.example.org"
LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
URL = re.compile(r"https?://\S+")
PUNCTUATION = tuple(".,:;!?…")


@pytest.fixture
def world(app, make):
    event = make.event()
    category = make.category(event.id, label_en="Delegate", label_ms="Perwakilan")
    malaysia = make.country()
    make.registration(event.id, malaysia.id, category.id, email="siti@example.org", status="approved")
    digest = make.logo(event.id, primary_colour="#7a1f5c", contact_email=CONTACT)
    return digest


def _context(page: str) -> dict:
    event = db.session.scalars(select(Event)).one()
    at = datetime(2025, 9, 10, 1, 0, tzinfo=timezone.utc)
    slot = Thing(starts_at=at, ends_at=at + timedelta(hours=1))
    session = Thing(title="Opening plenary", starts_at=at, ends_at=slot.ends_at, room=Thing(name="Ballroom"))
    return dict(
        event=event,
        registration=db.session.scalars(select(Registration)).one(),
        user=Thing(full_name="Siti Rahman"),
        reader=Thing(name="Siti Rahman"),
        page=page, link=page, login=page, reset=page, account_link=page, agenda_url=page,
        approved=True, reason="",
        items=[Thing(url=page, session=session, cancelled=False, fields=["room"])],
        visit=Thing(
            title="Putrajaya Wetlands", departs_at=at, returns_at=slot.ends_at, meeting_point="Lobby"
        ),
        booking=Thing(status="confirmed", seat=4),
        change="requested",
        other=Thing(country=Thing(name="Singapore")),
        request=Thing(
            subject="Smart mobility", answer_note="", answer_by=at, slot=slot, room=Thing(name="Room 1")
        ),
    )  # fmt: skip


def _render(app, template: str, **changes):
    # A forged Host: nothing in the message may come from it.
    with app.test_request_context("/", base_url="http://forged.example"):
        page = app.config["PUBLIC_URL"] + "/ascn8/registration"
        context = {**_context(page), **changes}
        message = _write(Letter("siti@example.org", template, "en", context))
        db.session.rollback()
        return message


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_email_reads_on_a_phone_and_carries_the_contact(app, world, template):
    message = _render(app, template)
    html, text = message.body_html, message.body_text
    assert text.strip() and html.strip()
    assert 'name="viewport"' in html and "max-width: 600px" in html and "<style" not in html
    assert f'src="{app.config["PUBLIC_URL"]}/ascn8/logo.png?v={world}"' in html
    assert "forged.example" not in html + text
    assert "#7a1f5c" in html  # the event's colour
    assert CONTACT in html and f"Questions? Write to the secretariat at {CONTACT}" in text
    for link_text in LINK.findall(html):
        words = re.sub(r"<[^>]+>", "", link_text).strip()
        assert words and not words.endswith(PUNCTUATION), (template, words)
    for url in URL.findall(text) + re.findall(r'href="([^"]+)"', html):
        assert not url.endswith(PUNCTUATION), (template, url)


def test_the_registration_reference_shows_when_the_registration_has_one(app, world):
    registration = Thing(
        full_name="Siti Rahman", status="approved", status_reason="", reference="ASCN8-0042", event=None
    )
    message = _render(app, "registration_status", registration=registration)
    assert "Registration reference: ASCN8-0042" in message.body_html
    assert "Registration reference: ASCN8-0042" in message.body_text


def test_an_email_about_no_event_has_no_logo_and_the_site_colour(app, world):
    with app.test_request_context("/"):
        message = _write(
            Letter(
                "siti@example.org",
                "reset_password",
                "en",
                {"link": "https://x.example/r", "user": Thing(full_name="Siti")},
            )
        )
        db.session.rollback()
    assert "logo.png" not in message.body_html and "#0b5d6b" in message.body_html


PAGE_LINK = re.compile(r"<a\b[^>]*>((?:(?!</a>).)*?)</a>", re.S)
LAST_WORDS = re.compile(r"""(?:_\(\s*["']((?:[^"'\\]|\\.)*)["'][^)]*\)\s*\}\}|([^{}<>]+))\s*$""", re.S)


def test_no_link_text_in_any_template_ends_in_punctuation():
    """Pages too: a link's words are read out on their own by screen readers, and a full
    stop or colon inside a link looks like part of the address."""
    found = []
    for path in Path("templates").rglob("*.html"):
        for inner in PAGE_LINK.findall(path.read_text(encoding="utf-8")):
            words = LAST_WORDS.search(re.sub(r"<[^>]+>", "", inner))
            last = words and (words.group(1) or words.group(2) or "").strip()
            if last and last.endswith(PUNCTUATION):
                found.append(f"{path}: {last}")
    assert found == []
