"""The one way a PDF document reaches a file. Every WeasyPrint document (badges, the
programme booklet, bus manifests, and any later one) is given `fetcher(...)` for its
HTML and its stylesheets; it serves the project's own static files and fonts, and what
the document's code makes in memory (badge photos and QR codes), and nothing else: no
other file, no network, no `data:` URL.

A `file:` URL is percent-decoded before its path is resolved and compared with the
static folder: `static/..%2f..%2fetc/passwd` names /etc/passwd, and is refused as such.
"""

import io
import mimetypes
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ascn.pdf_fonts import STATIC

_STATE: dict = {}  # the fetcher class, made once per process
_FONTS_UNPACKED: dict[Path, bytes] = {}

# A document's own resources: URL prefix → (rest of the URL → bytes and content type).
Generated = dict[str, Callable[[str], tuple[bytes, str]]]


class Refused(ValueError):
    """A URL a document may not fetch."""


def static_file(url: str, static: Path = STATIC) -> Path:
    """The file a `file:` URL names inside `static`, or Refused."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise Refused(f"not a local file: {url[:200]}")
    path = Path(unquote(parts.path, errors="strict"))
    if "\0" in str(path) or not path.is_absolute():
        raise Refused(f"not a file path: {url[:200]}")
    resolved = path.resolve()
    if not resolved.is_relative_to(static.resolve()) or not resolved.is_file():
        raise Refused(f"outside the static folder: {url[:200]}")
    return resolved


def fetcher(static: Path | str = STATIC, generated: Generated | None = None, fail_on_errors: bool = False):
    """A WeasyPrint URL fetcher limited to `static` and the `generated` prefixes."""
    return _fetcher_class()(Path(static), generated or {}, fail_on_errors)


def _fetcher_class():
    """Built on first use: WeasyPrint is imported only by the processes that render."""
    if "class" in _STATE:
        return _STATE["class"]
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def __init__(self, static: Path, generated: Generated, fail_on_errors: bool):
            super().__init__(allowed_protocols=set(), fail_on_errors=fail_on_errors)
            self.static = static.resolve()
            self.generated = generated

        def fetch(self, url, headers=None):
            for prefix, make in self.generated.items():
                if url.startswith(prefix):
                    data, content_type = make(url.removeprefix(prefix))
                    return URLFetcherResponse(url, data, {"Content-Type": content_type})
            path = static_file(url, self.static)
            if path.suffix == ".woff2":
                return URLFetcherResponse(url, unpacked_font(path), {"Content-Type": "font/ttf"})
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    _STATE["class"] = StaticFetcher
    return StaticFetcher


def unpacked_font(path: Path) -> bytes:
    """A shipped WOFF2 font as the TrueType font it packs. WeasyPrint would unpack it with
    fontTools in every new process (~0.2 s a font, and a document may need ten); RQ runs
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
