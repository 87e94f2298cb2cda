"""HTML of many badges → one PDF, with everything that is the same for every badge kept
per process: the parsed badge stylesheet, the font configuration (fonts are loaded into
it once), the @font-face subsets already parsed, and the decoded logo and placeholder.

This module needs no app and no database, so that a pool process can render a chunk
from plain data: the HTML, the photo bytes it names, the static folder. QR codes are
drawn here too, from the token in their address, so that workers share that work.
"""

import io
import re
from functools import lru_cache
from pathlib import Path

from ascn import pdf_fetcher
from ascn.pdf_fonts import font_css, separate_families

PHOTO_SCHEME = "badge-photo:"
QR_SCHEME = "badge-qr:"
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
    return CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=static + "/",
        font_config=_font_config(),
        url_fetcher=pdf_fetcher.fetcher(static, fail_on_errors=True),
    )


@lru_cache(maxsize=64)
def _faces_css(faces: str, static: str):
    """The @font-face rules for one set of scripts: chunks mostly need the same few."""
    from weasyprint import CSS

    css, families = separate_families(faces)
    stack = ", ".join(f'"{family}"' for family in families)
    css += f"\n.badges {{ font-family: {stack}, sans-serif; }}"
    fetcher = pdf_fetcher.fetcher(static, fail_on_errors=True)  # fonts come through it, unpacked once
    return CSS(string=css, base_url=static + "/", font_config=_font_config(), url_fetcher=fetcher)


def _fetcher(photos: dict[str, bytes], static: str):
    """Static files, and the photos and QR codes of this document from memory."""
    return pdf_fetcher.fetcher(
        static,
        {
            QR_SCHEME: lambda token: (qr_png(token), "image/png"),
            PHOTO_SCHEME: lambda key: (photos[key], _image_type(photos[key])),
        },
        fail_on_errors=True,
    )


def _image_type(data: bytes) -> str:
    """Photos are JPEGs; the event's logo is a PNG (it keeps its transparency)."""
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"


def qr_png(token: str) -> bytes:
    """The QR code as a PNG of one pixel per module, in greyscale: WeasyPrint embeds a
    greyscale PNG as it is, where it would convert and re-encode segno's 1-bit one, and
    drawing it as an SVG path costs more still. `image-rendering: pixelated` keeps the
    modules' edges sharp at any size. Made here, in the process that renders the chunk,
    so that the work is shared among the workers."""
    import segno
    from PIL import Image

    matrix = segno.make(token, error="m", micro=False).matrix
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    out = io.BytesIO()
    Image.frombytes("L", (len(matrix[0]), len(matrix)), pixels).save(out, "PNG")
    return out.getvalue()


def render(html: str, photos: dict[str, bytes], static: str) -> bytes:
    """One PDF of every badge in `html`, where photos are `badge-photo:<key>` and QR codes
    `badge-qr:<token>`."""
    from weasyprint import HTML

    fetcher = _fetcher(photos, static)
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
