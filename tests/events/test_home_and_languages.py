"""The home page and the reader's language: profile, then cookie, then browser, then Malay."""

from sqlalchemy import select

from ascn.accounts.models import User
from ascn.extensions import db
from tests.support.web import post


def test_home_shows_the_event_in_english(client, make):
    make.event()
    page = client.get("/ascn8/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "8th ASEAN Smart Cities Network Annual Meeting" in page
    assert "Smart and sustainable cities" in page
    assert "Hotel Shangri-La, Kuala Lumpur" in page
    assert "8\u2009–\u200912 September 2025" in page  # day before month (British usage)


def test_home_shows_the_event_in_malay_by_default(client, make):
    make.event()
    page = client.get("/ascn8/", headers={"Accept-Language": ""}).get_data(as_text=True)
    assert '<html lang="ms">' in page
    assert "Mesyuarat Tahunan Rangkaian Bandar Pintar ASEAN Ke-8" in page
    assert "8–12 September 2025" in page
    assert "Log masuk" in page


def test_malay_content_falls_back_to_english_when_empty(client, make):
    make.event(name_ms="", theme_ms="")
    page = client.get("/ascn8/", headers={"Accept-Language": "ms"}).get_data(as_text=True)
    assert "8th ASEAN Smart Cities Network Annual Meeting" in page
    assert "Smart and sustainable cities" in page


def test_accept_language_picks_english(client, make):
    make.event()
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_language_switch_sets_a_cookie_that_wins_over_the_browser(client, make):
    make.event()
    response = post(client, "/language?next=/account/login", {"lang": "en"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    page = client.get("/", headers={"Accept-Language": "ms"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_language_switch_ignores_unknown_languages_and_foreign_next(client, make):
    make.event()
    response = post(client, "/language?next=https://evil.example/", {"lang": "fr"})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]
    assert "ascn_lang" not in response.headers.get("Set-Cookie", "")


def test_profile_language_wins_and_is_saved_by_the_switch(app, client, make, auth):
    make.event()
    user = make.user(locale="ms")
    auth.login(user.email)
    client.set_cookie("ascn_lang", "en", domain="ascn.test")
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ms">' in page  # the profile says Malay
    post(client, "/language", {"lang": "en"})
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.id == user.id)) == "en"
