"""Where to send a user next: only to a path on this site, never to another host."""

from urllib.parse import urlsplit

from flask import request, url_for


def safe_next(default_endpoint: str = "main.home") -> str:
    target = request.values.get("next") or ""
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc:
        return target
    return url_for(default_endpoint)
