"""HTML of many badges → one PDF, with everything that is the same for every badge kept
per process: the parsed badge stylesheet, the font configuration (fonts are loaded into
it once), the @font-face subsets already parsed, and the decoded logo and placeholder.

This module needs no app and no database, so that a pool process can render a chunk
from plain data: the HTML, the photo bytes it names, the static folder. QR codes are
drawn here too, from the token in their address, so that workers share that work.
"""

import io
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

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
    return CSS(string=path.read_text(encoding="utf-8"), base_url=static + "/", font_config=_font_config())


@lru_cache(maxsize=64)
def _faces_css(faces: str, static: str):
    """The @font-face rules for one set of scripts: chunks mostly need the same few."""
    from weasyprint import CSS

    css, families = separate_families(faces)
    stack = ", ".join(f'"{family}"' for family in families)
    css += f"\n.badges {{ font-family: {stack}, sans-serif; }}"
    fetcher = _fetcher_class()({}, static)  # fonts come through it, unpacked once
    return CSS(string=css, base_url=static + "/", font_config=_font_config(), url_fetcher=fetcher)


@lru_cache(maxsize=1)
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BadgeFetcher(URLFetcher):
        """Photos from memory; files only from the static folder; nothing from the network."""

        def __init__(self, photos: dict[str, bytes], static: str):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
            self.photos = photos
            self.static = Path(static).resolve()

        def fetch(self, url, headers=None):
            if url.startswith(QR_SCHEME):
                png = qr_png(url.removeprefix(QR_SCHEME))
                return URLFetcherResponse(url, png, {"Content-Type": "image/png"})
            if url.startswith(PHOTO_SCHEME):
                data = self.photos[url.removeprefix(PHOTO_SCHEME)]
                return URLFetcherResponse(url, data, {"Content-Type": "image/jpeg"})
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://").split("?")[0]).resolve()
                if self.static not in path.parents:
                    raise ValueError("outside the static folder")
                if path.suffix == ".woff2":
                    return URLFetcherResponse(url, _unpacked_font(path), {"Content-Type": "font/ttf"})
            return super().fetch(url, headers)

    return BadgeFetcher


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


_FONTS_UNPACKED: dict[Path, bytes] = {}


def _unpacked_font(path: Path) -> bytes:
    """A shipped WOFF2 font as the TrueType font it packs. WeasyPrint would unpack it with
    fontTools in every new process (~0.2 s a font, and a chunk may need ten); RQ runs
    every job in a fresh process, so the unpacked fonts are also kept on local disk,
    keyed by the file's modification time. The disk copy only saves time: without it,
    the font is unpacked again."""
    if path in _FONTS_UNPACKED:
        return _FONTS_UNPACKED[path]
    cache = Path(tempfile.gettempdir()) / f"ascn-badge-fonts-{os.getuid()}"
    kept = cache / f"{path.stem}-{int(path.stat().st_mtime)}.ttf"
    try:
        data = kept.read_bytes()
    except OSError:
        from fontTools.ttLib import woff2

        out = io.BytesIO()
        with path.open("rb") as packed:
            woff2.decompress(packed, out)
        data = out.getvalue()
        try:
            cache.mkdir(mode=0o700, exist_ok=True)
            partial = kept.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(data)
            partial.replace(kept)  # atomic: a process never reads half a font
        except OSError:
            pass
    _FONTS_UNPACKED[path] = data
    return data


def render(html: str, photos: dict[str, bytes], static: str) -> bytes:
    """One PDF of every badge in `html`, where photos are `badge-photo:<key>` and QR codes
    `badge-qr:<token>`."""
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
