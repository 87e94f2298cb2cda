"""A NUL character in any query string or form never reaches the database: PostgreSQL
refuses it in text, which answered 500 on every search box that did not drop it itself."""

import pytest

from tests.support.web import post

SEARCHES = [
    "/admin/users?q=giv%00en",
    "/admin/outbox?q=giv%00en",
    "/ascn8/manage/registrations?q=giv%00en",
    "/ascn8/manage/badges/?q=giv%00en",
]


@pytest.mark.parametrize("url", SEARCHES)
def test_every_search_box_drops_a_nul(client, make, auth, url):
    auth.login(make.user(role="admin").email)
    make.event()
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "\x00" not in page


def test_a_nul_typed_into_a_form_is_dropped_before_it_is_stored(app, client, make, auth):
    user = make.user()
    auth.login(user.email)
    response = post(
        client,
        "/account/profile",
        {"full_name": "Siti\x00 Aminah", "locale": "en"},
        token_from="/account/profile",
    )
    assert response.status_code == 302
    from ascn.accounts.models import User
    from ascn.extensions import db

    with app.app_context():
        assert db.session.get(User, user.id).full_name == "Siti Aminah"
