"""Organiser-typed content made safe: formatted descriptions and speaker photos."""

import hashlib
import io
import re

import nh3

from ascn.images import reencode

# Formatting an organiser may use in a description or a biography; everything else
# (scripts, styles, event handlers, iframes, images) is removed when the text is saved.
# The rich-text editor (Trix, static/js/rich-text.js) writes blocks as div, struck text as
# del and code as pre, and its one heading as h1; the page has its own h1, so the
# editor's heading is kept one level below the session's title, as h3.
ALLOWED_TAGS = {
    "p", "div", "br", "strong", "b", "em", "i", "u", "del", "ul", "ol", "li", "a",
    "h3", "h4", "blockquote", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_EDITOR_HEADING = re.compile(r"<(/?)h1\b[^>]*>", re.IGNORECASE)


def sanitise(text: str | None) -> str:
    """Safe HTML from what the organiser typed. Plain text (no tags) keeps its paragraphs
    and line breaks, so a description typed without any markup still reads well."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{nh3.clean_text(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    text = _EDITOR_HEADING.sub(r"<\1h3>", text)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain(html: str | None) -> str:
    """The text of sanitised HTML, for calendars, spreadsheets and search."""
    text = re.sub(r"</p>|</div>|<br\s*/?>|</li>|</h[34]>|</pre>|</blockquote>", "\n", html or "")
    return re.sub(r"\n{3,}", "\n\n", nh3.clean(text, tags=set())).strip().replace("&amp;", "&")


PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_BOX = (600, 600)


def reencode_photo(data: bytes) -> tuple[bytes, str]:
    """A speaker photo as a fresh JPEG at most 600 px a side, through the same checks as
    badge photos. Returns the bytes and a short version for cache-busting."""
    photo = reencode(io.BytesIO(data), max_bytes=PHOTO_MAX_BYTES, box=PHOTO_BOX)
    return photo.data, hashlib.sha256(photo.data).hexdigest()[:12]
