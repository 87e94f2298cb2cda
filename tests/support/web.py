"""Talking to the app as a browser would: a client that asks for English, forms posted
with their CSRF token, logging in, waiting for background work, counting queries."""

import re
import time

from tests.support.factories import Factory


def new_client(app):
    """A browser that asks for English; tests of Malay pages say so in their headers."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url="/") -> str:
    page = client.get(url)
    match = CSRF.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def post(client, url, data=None, token_from=None, **kwargs):
    """POST a form as a browser would: with the CSRF token of the page it came from."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from or "/"))
    return client.post(url, data=data, **kwargs)


PREVIEW_FORM = re.compile(r'<form method="post" action="([^"]+/import/[^"]+)"')
PREVIEWED = re.compile(r'name="previewed"[^>]*value="([^"]+)"')


def confirm(client, preview):
    """Press "Import" on a spreadsheet's preview page, as it was shown."""
    page = preview.get_data(as_text=True)
    action = PREVIEW_FORM.search(page).group(1)
    data = {"previewed": PREVIEWED.search(page).group(1), "csrf_token": CSRF.search(page).group(1)}
    return client.post(action, data=data)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email, password=Factory.PASSWORD):
        response = post(self.client, "/account/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    def logout(self):
        return post(self.client, "/account/logout")


def wait_for(predicate, timeout=15.0):
    """Poll until `predicate()` is true (jobs run in another thread or process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1
