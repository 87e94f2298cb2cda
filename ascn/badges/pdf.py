"""HTML of many badges → one PDF, with everything that is the same for every badge kept
per process: the parsed badge stylesheet, the font configuration (fonts are loaded into
it once), the @font-face subsets already parsed, and the decoded logo and placeholder.

This module needs no app and no database, so that a pool process can render a chunk
from plain data: the HTML, the photo bytes it names, the static folder.
"""

import re
from functools import lru_cache
from pathlib import Path

from ascn.pdf_fonts import font_css

PHOTO_SCHEME = "badge-photo:"
_STATE: dict = {}
_STATIC_CACHE: dict = {}  # decoded images of static files (logo, placeholder), per process
_TAGS = re.compile(r"<[^>]*>")


def _font_config():
    if "fonts" not in _STATE:
        from weasyprint.text.fonts import FontConfiguration

        _STATE["fonts"] = FontConfiguration()
    return _STATE["fonts"]


@lru_cache(maxsize=4)
def _badge_css(static: str):
    from weasyprint import CSS

    path = Path(static) / "css" / "badge.css"
    return CSS(string=path.read_text(encoding="utf-8"), base_url=static + "/", font_config=_font_config())


@lru_cache(maxsize=64)
def _faces_css(faces: str, static: str):
    """The @font-face rules for one set of scripts: chunks mostly need the same few."""
    from weasyprint import CSS

    return CSS(string=faces, base_url=static + "/", font_config=_font_config())


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BadgeFetcher(URLFetcher):
        """Photos from memory; files only from the static folder; nothing from the network."""

        def __init__(self, photos: dict[str, bytes], static: str):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
            self.photos = photos
            self.static = Path(static).resolve()

        def fetch(self, url, headers=None):
            if url.startswith(PHOTO_SCHEME):
                data = self.photos[url.removeprefix(PHOTO_SCHEME)]
                return URLFetcherResponse(url, data, {"Content-Type": "image/jpeg"})
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if self.static not in path.parents:
                    raise ValueError("outside the static folder")
            return super().fetch(url, headers)

    return BadgeFetcher


def render(html: str, photos: dict[str, bytes], static: str) -> bytes:
    """One PDF of every badge in `html`. Photos are named `badge-photo:<key>` in the HTML."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(photos, static)
    text = _TAGS.sub(" ", html)
    stylesheets = [_badge_css(static), _faces_css(font_css(text), static)]
    # Static images are decoded once per process; photos only live for this document.
    cache = dict(_STATIC_CACHE)
    document = HTML(string=html, base_url=static + "/", url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=stylesheets, font_config=_font_config(), cache=cache, optimize_images=False
    )
    for key, value in cache.items():
        if key.startswith("file:"):
            _STATIC_CACHE[key] = value
    return pdf
