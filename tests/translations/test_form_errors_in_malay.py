"""Every form answers in Malay: each form the app shows, found by walking every page of
the URL map as a role that can reach it, is posted an over-long, a too-short, an empty
and a wrong-type value in every field; no English message may come back."""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from flask_babel import force_locale
from sqlalchemy import update

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.forms import WTFORMS_MESSAGES, _CatalogueTranslations

ROOT = Path(__file__).resolve().parents[2]
WTFORMS_POT = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
CATALOGUE = ROOT / "translations" / "ms" / "LC_MESSAGES" / "messages.po"
ROLES = ("anonymous", "delegate", "focal_point", "admin")
TEXT_TYPES = {"text", "email", "password", "search", "tel", "url", "textarea", "color"}
TYPED = {"number", "date", "time", "datetime-local", "select"}
# Where a page says what went wrong: field errors and flashed messages.
ERROR_TEXT = re.compile(r'<(p|div|span|li)\b[^>]*class="[^"]*\b(?:error|flash)\b[^"]*"[^>]*>(.*?)</\1>', re.S)
TAG = re.compile(r"<[^>]+>")
VARIANTS = ("long", "short", "empty", "wrong")


def wtforms_messages() -> list[str]:
    with WTFORMS_POT.open("rb") as pot:
        catalog = read_po(pot)
    return [form for message in catalog if message.id for form in _forms(message.id)]


def _forms(msgid) -> tuple:
    return msgid if isinstance(msgid, tuple) else (msgid,)


def test_every_message_wtforms_can_produce_is_in_our_catalogue():
    """A message missing here reaches Malay pages in English."""
    listed = {message._args[0] for message in WTFORMS_MESSAGES}
    with WTFORMS_POT.open("rb") as pot:
        missing = [
            message.id for message in read_po(pot) if message.id and not set(_forms(message.id)) & listed
        ]
    assert not missing, missing


def test_a_count_of_one_finds_the_malay_plural(app):
    """WTForms asks for '…%(max)d character.' when the limit is 1; the catalogue holds the
    plural form only."""
    with app.test_request_context(), force_locale("ms"):
        translations = _CatalogueTranslations()
        one = translations.ngettext(
            "Field cannot be longer than %(max)d character.",
            "Field cannot be longer than %(max)d characters.",
            1,
        )
        malay = translations.gettext("Field cannot be longer than %(max)d characters.")
    assert one == malay


def english_messages() -> re.Pattern:
    """WTForms' messages and every sentence of our catalogue that Malay says otherwise, as
    they would read with any value in their placeholders."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    sentences = [
        message.id
        for message in catalogue
        if isinstance(message.id, str)
        and message.string
        and message.string != message.id
        and len(message.id.split()) >= 3
    ]
    texts = sorted(set(wtforms_messages()) | set(sentences), key=len, reverse=True)
    placeholder = re.compile(r"%\\\([a-z_]+\\\)[sd]|%s|\\\{[a-z_]+\\\}")
    return re.compile("|".join(placeholder.sub(".{1,300}?", re.escape(text)) for text in texts))


class Forms(HTMLParser):
    """The POST forms of a page: action and fields (name, type, value, options)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "fields": []}
            if (a.get("method") or "").lower() == "post":
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "button") and a.get("name"):
            kind = "textarea" if tag == "textarea" else a.get("type", "submit" if tag == "button" else "text")
            self._form["fields"].append(
                {"name": a["name"], "type": kind, "value": a.get("value") or "", "checked": "checked" in a}
            )
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "type": "select", "options": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and a.get("value"):
            self._select["options"].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def fuzzed(fields: list[dict], variant: str) -> dict:
    data: dict[str, list[str]] = {}
    submitted = set()
    for field in fields:
        name, kind = field["name"], field["type"]
        if kind == "hidden":
            value = field["value"]
        elif kind in ("submit", "image"):
            if name in submitted:
                continue
            value = field["value"]
        elif kind in ("checkbox", "radio"):
            if not field["checked"] and (kind == "checkbox" or name in data):
                continue
            value = field["value"]
        elif kind == "file":
            continue
        elif variant == "long":
            value = (
                ("9" * 40) if kind == "number" else ("x" * 5000 + ("@example.org" if kind == "email" else ""))
            )
        elif variant == "short":
            value = "a" if kind in TEXT_TYPES else ""
        elif variant == "empty":
            value = ""
        else:
            value = "not-an-email" if kind == "email" else "abc" if kind in TYPED else "a"
        submitted.add(name)
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def world(app, make):
    event = make.event()
    category = make.category(event.id)
    malaysia = make.country()
    make.delegation(event.id, malaysia.id)
    own = make.registration(
        event.id, malaysia.id, category.id, email="delegate@example.org", status="approved"
    )
    room = make.programme.room(event.id)
    kind = make.programme.session_type(event.id)
    speaker = make.programme.speaker(event.id)
    session = make.programme.session(event.id, kind.id, room_id=room.id, speaker_ids=[speaker.id])
    make.programme.publish()
    visit = make.visits.visit(event.id, accredited_only=False)
    booking = make.visits.book(visit.id, own.id)
    admin = make.user(role="admin")
    accounts = {
        "delegate": own.email,
        "focal_point": make.user(role="focal_point", country_id=malaysia.id).email,
        "admin": admin.email,
    }
    with app.app_context():
        db.session.execute(update(User).values(locale="ms"))
        db.session.commit()
    ids = {
        "event": event.slug,
        "category_id": category.id,
        "country_id": malaysia.id,
        "registration_id": own.id,
        "user_id": admin.id,
        "session_id": session.id,
        "speaker_id": speaker.id,
        "visit_id": visit.id,
        "booking_id": booking.id,
    }
    return {"ids": ids, "accounts": accounts}


def pages(app, ids) -> list[str]:
    """Every page of the URL map that can be filled in from `ids`."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint.endswith("_api"):
            continue
        if re.search(r"\.(pdf|xlsx|csv|ics|json|jpg)\b|<[^>]*\.", rule.rule) or "row_id" in rule.arguments:
            continue
        kinds = ["rooms", "types", "speakers"] if "kind" in rule.arguments else [None]
        if not set(rule.arguments) - {"kind"} <= ids.keys():
            continue
        for kind in kinds:
            values = {**ids, "kind": kind}
            paths.append(
                re.sub(r"<(?:[^:>]*:)?([a-z_]+)>", lambda m, v=values: str(v[m.group(1)]), rule.rule)
            )
    return sorted(set(paths))


def errors_in(response) -> str:
    page = response.get_data(as_text=True)
    return " ".join(html.unescape(TAG.sub(" ", match.group(2))) for match in ERROR_TEXT.finditer(page))


def test_every_form_answers_its_errors_in_malay(app, client, auth, world):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ms"
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "ms")
    english = english_messages()
    remaining = pages(app, world["ids"])
    seen_forms, answers, found = set(), 0, []
    for role in ROLES:
        if role != "anonymous":
            auth.login(world["accounts"][role])
        for path in list(remaining):
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.content_type:
                continue
            parser = Forms()
            parser.feed(response.get_data(as_text=True))
            forms = [
                form
                for form in parser.forms
                if any(f["type"] in TEXT_TYPES | TYPED for f in form["fields"])
                and (form["action"] or path, tuple(f["name"] for f in form["fields"])) not in seen_forms
            ]
            remaining.remove(path)
            for form in forms:
                seen_forms.add((form["action"] or path, tuple(f["name"] for f in form["fields"])))
                for variant in VARIANTS:
                    answer = client.post(
                        form["action"] or path, data=fuzzed(form["fields"], variant), follow_redirects=True
                    )
                    answers += 1
                    said = errors_in(answer)
                    match = english.search(said)
                    if match:
                        found.append(f"{role} {form['action'] or path} ({variant}): {match.group(0)[:120]}")
        if role != "anonymous":
            auth.logout()
    assert len(seen_forms) >= 25 and answers == len(VARIANTS) * len(seen_forms), sorted(
        seen_forms
    )  # 32 forms today
    assert not found, found
