"""Every message with a count agrees with it: "1 registration changed", never
"1 registrations changed"."""

import html
import re
from pathlib import Path

import pytest

from tests.support.web import post

ROOT = Path(__file__).resolve().parents[2]
# A number of things ("%(count)s delegates") in a message asked for by gettext, which
# cannot choose between singular and plural.
COUNTED = re.compile(
    r"""\b_l?\(\s*(["'])(?:(?!\1).)*%\((count|total|quota|seats|free|used|done|num)\)s\s+[a-z]""", re.S
)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_no_counted_message_is_asked_for_without_its_number():
    """A count passed to gettext cannot choose between singular and plural."""
    sources = [
        path
        for pattern in ("ascn/**/*.py", "templates/**/*.html", "templates/**/*.txt")
        for path in ROOT.glob(pattern)
    ]

    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:80]}"
        for path in sources
        for match in COUNTED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


@pytest.fixture
def event(make):
    return make.event()


def test_one_registration_changed_in_bulk(client, auth, make, event):
    category = make.category(event.id)
    country = make.country()
    person = make.registration(event.id, country.id, category.id)
    auth.login(make.user(role="organiser").email)
    post(
        client,
        "/ascn8/manage/registrations/decide",
        {"ids": [person.id], "action": "approved", "reason": "", "category_id": "0"},
        token_from="/ascn8/manage/registrations",
    )
    page = text(client.get("/ascn8/manage/registrations"))
    assert "1 registration changed." in page and "1 registrations" not in page


def test_a_delegation_of_one_place_says_place(client, auth, make, event):
    country = make.country()
    make.delegation(event.id, country.id, quota=1, head_quota=1)
    auth.login(make.user(role="focal_point", country_id=country.id).email)
    page = text(client.get("/ascn8/delegation"))
    assert "0 of 1 place" in page and "of 1 places" not in page


def test_a_visit_of_one_seat_says_seat(client, auth, make, event):
    visit = make.visits.visit(event.id, seats=1)
    auth.login(make.user(role="organiser").email)
    page = text(client.get(f"/ascn8/manage/visits/{visit.id}"))
    assert "0 of 1 seat booked" in page and "1 seats" not in page
