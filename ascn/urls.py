"""Addresses: where to send a user next (only a path on this site), and the absolute
address of a page for an email (only from the configured public URL)."""

from urllib.parse import urlsplit

from flask import current_app, request, url_for


def safe_next(default_endpoint: str = "main.index") -> str:
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc:
        return target
    return url_for(default_endpoint)


def public_url(endpoint: str, **values) -> str:
    """The absolute address of a page for an email (or any text read outside this request):
    built from the configured PUBLIC_URL, never from the request's Host header, so that a
    forged Host cannot put another site's address into a reset or invitation link.

    A page answering a request (the API, the calendar feed's address) may still build
    absolute addresses from that request: in production only TRUSTED_HOSTS reach it.

    An event's page takes the request's event; a job, which has none, passes `event=slug`."""
    current_app.inject_url_defaults(endpoint, values)
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
