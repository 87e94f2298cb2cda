"""Sign-up, confirmation, log-in, password reset and change, profile, rate limits."""

import re

from sqlalchemy import func, select

from ascn.accounts.models import User
from ascn.extensions import db
from ascn.mail import OutboxMessage
from tests.support.factories import Factory
from tests.support.web import post

GOOD = "kuala lumpur skyline 2025"


def _users(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def _mail(app, email):
    with app.app_context():
        return db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
        ).all()


def _link(message, path):
    match = re.search(r"https?://[^\s]+" + re.escape(path) + r"[^\s]+", message.body_text)
    assert match, message.body_text
    return match.group(0).split("ascn.test", 1)[1]


def signup(client, email="siti@example.gov.my", password=GOOD, name="Siti Aminah binti Ali", lang="en"):
    return post(
        client,
        "/account/signup",
        {
            "full_name": name,
            "email": email,
            "password": password,
            "confirm": password,
        },
        headers={"Accept-Language": lang},
    )


def test_sign_up_confirm_and_log_in(app, client):
    response = signup(client, email="Siti@Example.gov.my", lang="ms")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "siti@example.gov.my"))
        assert user.role == "delegate" and user.locale == "ms" and user.email_confirmed_at is None
        assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    [message] = _mail(app, "siti@example.gov.my")
    assert message.locale == "ms" and message.subject == "Sahkan alamat e-mel anda"
    confirm = _link(message, "/account/confirm/")
    assert "/account/login" in client.get(confirm).headers["Location"]  # the link and the password
    response = post(
        client, f"/account/login?next={confirm}", {"email": "siti@example.gov.my", "password": GOOD}
    )
    assert response.status_code == 302 and response.headers["Location"] == confirm
    client.get(confirm)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "siti@example.gov.my"))
        assert user.email_confirmed_at is not None
    assert "Siti Aminah binti Ali" in client.get("/").get_data(as_text=True)


def test_confirmation_mail_is_sent_by_the_job_after_the_commit(app, client):
    from ascn import jobs
    from tests.support.web import wait_for

    signup(client)
    with app.app_context():
        jobs.drain()
    assert wait_for(lambda: _mail(app, "siti@example.gov.my")[0].status == "sent")


def test_password_policy_lists_every_problem_and_saves_nothing(app, client):
    page = signup(client, password="siti").get_data(as_text=True)
    assert "Use at least 10 characters." in page
    assert "too easy to guess" in page
    page = signup(client, password="sitiaminah1234").get_data(as_text=True)
    assert "Do not use your name or email address" in page
    page = signup(client, password="password123").get_data(as_text=True)
    assert "too easy to guess" in page
    assert _users(app) == 0


def test_password_policy_in_malay(app, client):
    page = signup(client, password="abc", lang="ms").get_data(as_text=True)
    assert "sekurang-kurangnya 10 aksara." in page


def test_passwords_must_match(app, client):
    page = post(
        client,
        "/account/signup",
        {"full_name": "A B", "email": "a@example.org", "password": GOOD, "confirm": GOOD + "x"},
    ).get_data(as_text=True)
    assert "The two passwords are not the same." in page
    assert _users(app) == 0


def test_second_sign_up_with_the_same_email_answers_the_same_and_explains_by_email(app, client, make):
    make.user(email="siti@example.gov.my")
    response = signup(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    assert _users(app) == 1
    [message] = _mail(app, "siti@example.gov.my")
    assert message.template == "account_exists" and "/account/reset" in message.body_text


def test_form_keeps_what_was_typed(client):
    page = signup(client, password="short").get_data(as_text=True)
    assert 'value="Siti Aminah binti Ali"' in page and 'value="siti@example.gov.my"' in page
    assert 'value="short"' not in page  # passwords are never echoed


def test_wrong_password_and_unknown_email_get_the_same_message(client, make):
    user = make.user()
    wrong = post(client, "/account/login", {"email": user.email, "password": "not the password"})
    unknown = post(client, "/account/login", {"email": "nobody@example.org", "password": "whatever12"})
    assert wrong.status_code == unknown.status_code == 200
    for page in (wrong, unknown):
        assert "Wrong email address or password." in page.get_data(as_text=True)


def test_disabled_account_cannot_log_in(client, make):
    user = make.user(active=False)
    page = post(client, "/account/login", {"email": user.email, "password": Factory.PASSWORD})
    assert "This account has been disabled" in page.get_data(as_text=True)


def test_login_redirects_only_to_this_site(client, make):
    user = make.user()
    response = post(
        client, "/account/login?next=//evil.example/x", {"email": user.email, "password": Factory.PASSWORD}
    )
    assert response.headers["Location"] == "/"
    post(client, "/account/logout")
    response = post(
        client, "/account/login?next=/account/profile", {"email": user.email, "password": Factory.PASSWORD}
    )
    assert response.headers["Location"] == "/account/profile"


def test_logout_needs_a_post(client, make, auth):
    auth.login(make.user().email)
    assert client.get("/account/logout").status_code == 405
    auth.logout()
    assert client.get("/account/profile").status_code == 302


def test_password_reset_works_once(app, client, make):
    user = make.user(email="lim@example.sg", full_name="Lim Wei Ling")
    post(client, "/account/reset", {"email": "LIM@example.sg"})
    [message] = _mail(app, "lim@example.sg")
    link = _link(message, "/account/reset/")
    new = "marina bay at dusk"
    response = post(client, link, {"password": new, "confirm": new}, token_from=link)
    assert response.status_code == 302
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "already been used" in page
    assert post(client, "/account/login", {"email": user.email, "password": new}).status_code == 302


def test_password_reset_link_expires(app, client, make):
    make.user(email="lim@example.sg")
    post(client, "/account/reset", {"email": "lim@example.sg"})
    link = _link(_mail(app, "lim@example.sg")[0], "/account/reset/")
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    try:
        page = client.get(link, follow_redirects=True).get_data(as_text=True)
    finally:
        app.config["RESET_TOKEN_MAX_AGE"] = 3600
    assert "expired" in page


def test_password_reset_for_unknown_email_says_the_same_and_sends_nothing(app, client):
    page = post(client, "/account/reset", {"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account exists for nobody@example.org" in page.get_data(as_text=True)
    assert _mail(app, "nobody@example.org") == []


def test_forged_reset_and_confirm_tokens_are_refused(client):
    assert "not valid" in client.get("/account/reset/abc.def", follow_redirects=True).get_data(as_text=True)
    response = client.get("/account/confirm/abc.def")
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)


def test_change_password_logs_out_other_browsers(app, make):
    user = make.user()
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    for c in (first, second):
        post(c, "/account/login", {"email": user.email, "password": Factory.PASSWORD})
    new = "a brand new passphrase"
    response = post(
        first, "/account/password", {"current_password": Factory.PASSWORD, "password": new, "confirm": new}
    )
    assert response.status_code == 302
    assert first.get("/account/profile").status_code == 200
    assert second.get("/account/profile").status_code == 302  # sent to the login page


def test_change_password_checks_the_current_one(client, make, auth):
    auth.login(make.user().email)
    new = "a brand new passphrase"
    page = post(
        client, "/account/password", {"current_password": "wrong one!!", "password": new, "confirm": new}
    ).get_data(as_text=True)
    assert "Your current password is not correct." in page


def test_profile_saves_name_and_language(app, client, make, auth):
    user = make.user(locale="en")
    auth.login(user.email)
    response = post(
        client,
        "/account/profile",
        {"full_name": "  Nguyễn   Thị Minh Khai ", "locale": "ms"},
        follow_redirects=True,
    )
    assert '<html lang="ms">' in response.get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert (saved.full_name, saved.locale) == ("Nguyễn Thị Minh Khai", "ms")


def test_profile_refuses_an_unknown_language(app, client, make, auth):
    user = make.user(locale="en")
    auth.login(user.email)
    page = post(client, "/account/profile", {"full_name": "X Y", "locale": "fr"}).get_data(as_text=True)
    assert "Not a valid choice." in page
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"


def test_resend_confirmation(app, client, make, auth):
    user = make.user(confirmed=False)
    auth.login(user.email)
    post(client, "/account/confirm/resend")
    assert len(_mail(app, user.email)) == 1


def test_login_is_rate_limited(client, make):
    user = make.user()
    codes = [
        post(client, "/account/login", {"email": user.email, "password": "wrong password"}).status_code
        for _ in range(11)
    ]
    assert codes[:10] == [200] * 10 and codes[10] == 429
    page = post(client, "/account/login", {"email": user.email, "password": Factory.PASSWORD})
    assert page.status_code == 429 and "Please wait a minute" in page.get_data(as_text=True)


def test_reset_requests_are_rate_limited(client):
    codes = [post(client, "/account/reset", {"email": "x@example.org"}).status_code for _ in range(6)]
    assert codes[-1] == 429 and 429 not in codes[:5]


def test_rate_limit_counts_per_account_so_a_shared_address_still_works(client, make):
    blocked, colleague = make.user(), make.user()
    for _ in range(11):
        post(client, "/account/login", {"email": blocked.email, "password": "wrong password"})
    response = post(client, "/account/login", {"email": colleague.email, "password": Factory.PASSWORD})
    assert response.status_code == 302  # same address, another account: not blocked


def test_login_never_redirects_to_an_address_with_a_line_break(client, make):
    """A Location header cannot carry one: it was a 500."""
    user = make.user()
    response = post(
        client,
        "/account/login?next=/account/profile%0d%0aSet-Cookie:%20x=1",
        {"email": user.email, "password": Factory.PASSWORD},
    )
    assert response.headers["Location"] == "/"
