"""Organiser-typed content made safe: formatted descriptions and speaker photos."""

import hashlib
import io
import re
import warnings

import nh3
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps

from ascn.errors import ServiceError

# Formatting an organiser may use in a description or a biography; everything else
# (scripts, styles, event handlers, iframes) is removed when the text is saved.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_HAS_TAG = re.compile(r"<[a-zA-Z/][^>]*>")


def sanitise(text: str | None) -> str:
    """Safe HTML from what the organiser typed. Plain text (no tags) keeps its paragraphs
    and line breaks, so a description typed without any markup still reads well."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _HAS_TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{nh3.clean_text(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


def plain(html: str | None) -> str:
    """The text of sanitised HTML, for calendars, spreadsheets and search."""
    text = re.sub(r"</p>|<br\s*/?>|</li>", "\n", html or "")
    return re.sub(r"\n{3,}", "\n\n", nh3.clean(text, tags=set())).strip().replace("&amp;", "&")


PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 600
PHOTO_MAX_PIXELS = 40_000_000  # larger images are refused, never decoded


def reencode_photo(data: bytes) -> tuple[bytes, str]:
    """A speaker photo as a fresh JPEG at most 600 px a side, EXIF and anything else
    hidden in the file dropped. Returns the bytes and a short version for cache-busting."""
    if len(data) > PHOTO_MAX_BYTES:
        raise ServiceError(_l("The photo is larger than 5 MB. Please send a smaller one."), field="photo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ("JPEG", "PNG", "WEBP"):
                    raise ServiceError(_l("Send the photo as a JPEG, PNG or WebP image."), field="photo")
                if image.width * image.height > PHOTO_MAX_PIXELS:
                    raise ServiceError(_l("The photo has too many pixels."), field="photo")
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
                out = io.BytesIO()
                image.save(out, "JPEG", quality=85, optimize=True)
    except ServiceError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ServiceError(_l("This file is not an image we can read."), field="photo") from None
    encoded = out.getvalue()
    return encoded, hashlib.sha256(encoded).hexdigest()[:12]
