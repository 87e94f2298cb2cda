"""'My agenda' in a calendar: one tap to subscribe (webcal, Google, Outlook), the address
still there to copy, and a new address only after an explicit confirmation."""

import html
import re
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from ascn.extensions import db
from ascn.programme.models import AgendaFeed
from tests.support.web import post

HREF = re.compile(r'href="([^"]+)"')


def _token(app, user_id):
    with app.app_context():
        return db.session.scalar(select(AgendaFeed.token).where(AgendaFeed.user_id == user_id))


def _agenda(client):
    return html.unescape(client.get("/ascn8/agenda").get_data(as_text=True))


def test_the_agenda_offers_the_feed_as_buttons(app, client, auth, make):
    make.event()
    user = make.user()
    auth.login(user.email)
    page = _agenda(client)
    feed = f"http://ascn.test/ascn8/agenda/feed/{_token(app, user.id)}.ics"
    links = HREF.findall(page)
    webcal = "webcal://" + feed.removeprefix("http://")
    assert webcal in links
    google = next(link for link in links if link.startswith("https://calendar.google.com/"))
    assert parse_qs(urlsplit(google).query) == {"cid": [webcal]}
    outlook = next(
        link for link in links if link.startswith("https://outlook.live.com/calendar/0/addfromweb")
    )
    assert parse_qs(urlsplit(outlook).query) == {"url": [feed], "name": ["My agenda · ASCN8"]}
    assert f'value="{feed}"' in page  # still there to select and copy without JavaScript


def test_a_new_address_needs_the_confirmation(app, client, auth, make):
    make.event()
    user = make.user()
    auth.login(user.email)
    _agenda(client)
    before = _token(app, user.id)
    assert client.get("/ascn8/agenda/feed/reset").status_code == 405
    refused = post(client, "/ascn8/agenda/feed/reset", token_from="/ascn8/agenda", follow_redirects=True)
    assert "has not been changed" in refused.get_data(as_text=True)
    assert _token(app, user.id) == before
    post(client, "/ascn8/agenda/feed/reset", {"confirm": "yes"}, token_from="/ascn8/agenda")
    assert _token(app, user.id) not in (before, None)
    assert client.get(f"/ascn8/agenda/feed/{before}.ics").status_code == 404


def test_the_feed_address_is_the_public_one_whatever_host_the_page_came_by(
    app, client, auth, make, monkeypatch
):
    """Google and Outlook fetch the address for months: it must be the installation's own."""
    make.event()
    user = make.user()
    auth.login(user.email)
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://meetings.example.org")
    links = HREF.findall(_agenda(client))
    feed = f"https://meetings.example.org/ascn8/agenda/feed/{_token(app, user.id)}.ics"
    assert "webcal://" + feed.removeprefix("https://") in links
    assert not [link for link in links if "ascn.test/ascn8/agenda/feed" in link]
