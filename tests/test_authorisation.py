"""Who may reach every route. A route the matrix does not list fails the test, so a new
route cannot ship without a decision about who may use it."""

import pytest

from tests.conftest import post

ROLES = ("anonymous", "delegate", "other_delegate", "focal_point", "staff", "organiser", "admin")
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
ORGANISERS = {"organiser", "admin"}
ADMINS = {"admin"}

# endpoint: (method, path with {placeholders} from the `world` fixture, who may use it)
MATRIX = {
    "main.home": ("GET", "/", EVERYONE),
    "main.set_language": ("POST", "/language", EVERYONE),
    "main.health": ("GET", "/health", EVERYONE),
    "accounts.signup": ("GET", "/account/signup", EVERYONE),
    "accounts.login": ("GET", "/account/login", EVERYONE),
    "accounts.confirm": ("GET", "/account/confirm/not-a-token", EVERYONE),
    "accounts.reset_request": ("GET", "/account/reset", EVERYONE),
    "accounts.reset_password": ("GET", "/account/reset/not-a-token", EVERYONE),
    "accounts.resend_confirmation": ("POST", "/account/confirm/resend", LOGGED_IN),
    "accounts.logout": ("POST", "/account/logout", LOGGED_IN),
    "accounts.change_password": ("GET", "/account/password", LOGGED_IN),
    "accounts.profile": ("GET", "/account/profile", LOGGED_IN),
    "events.edit_event": ("GET", "/manage/event", ORGANISERS),
    "events.categories": ("GET", "/manage/categories", ORGANISERS),
    "events.edit_category": ("GET", "/manage/categories/{category_id}", ORGANISERS),
    "events.delete_category": ("POST", "/manage/categories/{category_id}/delete", ORGANISERS),
    "events.countries": ("GET", "/manage/countries", ORGANISERS),
    "events.edit_country": ("GET", "/manage/countries/{country_id}", ORGANISERS),
    "admin.users": ("GET", "/admin/users", ADMINS),
    "admin.edit_user": ("GET", "/admin/users/{user_id}", ADMINS),
    "admin.invite_user": ("GET", "/admin/users/new", ADMINS),
    "admin.outbox": ("GET", "/admin/outbox", ADMINS),
    "admin.outbox_message": ("GET", "/admin/outbox/{message_id}", ADMINS),
    "admin.resend_message": ("POST", "/admin/outbox/{message_id}/resend", ADMINS),
}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert endpoints - MATRIX.keys() == set(), "add these routes to the authorisation matrix"
    assert MATRIX.keys() - endpoints == set(), "the matrix lists routes that no longer exist"


@pytest.fixture
def world(app, make):
    event = make.event()
    category = make.category(event.id)
    target = make.user(email="target@example.org")
    country = make.country("SG", "Singapore", "Singapura")
    message_id = make.outbox_message("target@example.org").id
    accounts = {
        role: make.user(role="delegate" if role == "other_delegate" else role).email
        for role in ROLES
        if role != "anonymous"
    }
    return {
        "ids": {
            "category_id": category.id,
            "user_id": target.id,
            "message_id": message_id,
            "country_id": country.id,
        },
        "accounts": accounts,
    }


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_access(client, auth, world, endpoint, role):
    method, path, allowed = MATRIX[endpoint]
    path = path.format(**world["ids"])
    if role != "anonymous":
        auth.login(world["accounts"][role])
    response = post(client, path) if method == "POST" else client.get(path)
    refused_to_login = (
        response.status_code == 302
        and "/account/login" in response.headers["Location"]
        and endpoint != "accounts.confirm"
    )
    if role in allowed:
        assert response.status_code not in (401, 403, 404, 500), response.status_code
        assert not refused_to_login or endpoint in ("accounts.logout",)
    elif role == "anonymous":
        assert refused_to_login, (response.status_code, response.headers.get("Location"))
    else:
        assert response.status_code == 403
