"""Logging out, changing or resetting a password ends the session for every copy of its
cookies, not only in the browser that asked."""

from tests.support.web import Auth, post


def _copy_cookies(source, target):
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name, domain="ascn.test")
        if cookie is not None:
            target.set_cookie(name, cookie.value, domain="ascn.test")


def _logged_in(client) -> bool:
    return client.get("/account/profile").status_code == 200


def _login(client, email, remember=False):
    data = {"email": email, "password": "correct horse battery"}
    if remember:
        data["remember"] = "y"
    assert post(client, "/account/login", data).status_code == 302


def test_a_cookie_copied_before_logout_no_longer_logs_in(app, client, make):
    user = make.user()
    _login(client, user.email, remember=True)
    thief = app.test_client()
    _copy_cookies(client, thief)
    remember = client.get_cookie("remember_token", domain="ascn.test").value
    assert _logged_in(thief)
    Auth(client).logout()
    assert not _logged_in(client)
    assert not _logged_in(thief)
    only_remembered = app.test_client()  # the remember-me cookie alone does not bring it back
    only_remembered.set_cookie("remember_token", remember, domain="ascn.test")
    assert not _logged_in(only_remembered)


def test_logout_ends_only_that_browser(app, client, make):
    user = make.user()
    _login(client, user.email)
    other = app.test_client()
    _login(other, user.email)
    Auth(client).logout()
    assert _logged_in(other)


def test_a_password_change_ends_every_other_session(app, client, make):
    user = make.user()
    _login(client, user.email)
    other = app.test_client()
    _login(other, user.email)
    copy = app.test_client()
    _copy_cookies(client, copy)
    response = post(
        client,
        "/account/password",
        {
            "current_password": "correct horse battery",
            "password": "a different long phrase",
            "confirm": "a different long phrase",
        },
        token_from="/account/password",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert _logged_in(client)
    assert not _logged_in(other)
    assert not _logged_in(copy)


def test_a_password_reset_ends_every_session(app, client, make):
    from ascn.accounts import services

    user = make.user()
    _login(client, user.email)
    with app.test_request_context():
        account = services.user_by_email(user.email)
        token = services._serializer(services.RESET_SALT).dumps(
            {"uid": account.id, "h": account.password_hash[-16:]}
        )
    browser = app.test_client()
    response = post(
        browser,
        f"/account/reset/{token}",
        {"password": "a different long phrase", "confirm": "a different long phrase"},
        token_from=f"/account/reset/{token}",
    )
    assert response.status_code == 302
    assert not _logged_in(client)
