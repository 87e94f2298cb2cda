"""Addresses: where to send a user next (only a path on this site), and the absolute
address of a page for an email (only from the configured public URL)."""

import re
from urllib.parse import urlsplit

from flask import current_app, request, url_for

# A line break cannot go in a Location header (Werkzeug raises: a 500), and a browser
# drops a tab or a line break from an address it follows.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def local_path(target, under: str = "/") -> str | None:
    """`target` when it is a path on this site starting with `under`, fit for a Location
    header; None for anything else (another site's address, a control character)."""
    if not isinstance(target, str) or not target.startswith(under) or _CONTROL.search(target):
        return None
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return None
    return target


def safe_next(default_endpoint: str = "main.index") -> str:
    return local_path(request.values.get("next")) or url_for(default_endpoint)


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
