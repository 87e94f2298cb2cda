"""Errors keep the headers their status requires (a 405 says which methods are allowed),
and under /api/ every error is JSON, whatever the client accepts."""

import pytest


@pytest.mark.parametrize(
    "path,allowed",
    [("/", {"GET", "HEAD", "OPTIONS"}), ("/ascn8/api/programme", {"GET", "HEAD", "OPTIONS"})],
)
def test_a_405_says_which_methods_are_allowed(client, path, allowed):
    response = client.delete(path)
    assert response.status_code == 405
    assert {method.strip() for method in response.headers["Allow"].split(",")} == allowed


def test_a_405_page_is_html_in_the_readers_language(client):
    response = client.put("/", headers={"Accept-Language": "ms"})
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "Allow" in response.headers


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("get", "/ascn8/api/nothing-here", 404),
        ("get", "/ascn8/api/programme/nothing-here", 404),
        ("post", "/ascn8/api/programme/sessions", 405),
        ("patch", "/ascn8/api/programme/openapi.json", 405),
    ],
)
def test_every_error_under_the_api_is_json(client, method, path, status):
    response = getattr(client, method)(path, headers={"Accept": "text/html"})
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert set(response.json) >= {"error", "message"}
