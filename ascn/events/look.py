"""The event's own look: its logo, its two colours, and the secretariat's address that
every email carries.

The colours are refused unless white text on them reaches WCAG AA (4.5:1), since the
site's buttons and header and the emails' button write white on them. They are read as
`#rrggbb` in ASCII hex digits only: Python's `\\d` and `int()` would take other scripts'
digits ("#١٢٣٤٥٦"), which no browser reads as a colour.

The logo is decoded and drawn again by Pillow (`ascn.images`), so no uploaded byte is
served: a PNG keeps its transparency, a JPEG is written again as one. SVG is refused, not
sanitised: it is a document that may carry scripts and outside references, and a bitmap
does for a header, an email and a badge.
"""

import hashlib
import re

from flask_babel import lazy_gettext as _l

from ascn import images
from ascn.errors import ServiceError
from ascn.events.models import Event, EventLogo
from ascn.extensions import db
from ascn.transactions import unit_of_work

MAX_LOGO_BYTES = 2 * 1024 * 1024
LOGO_BOX = (800, 400)  # the header shows it 40 px high, a badge about 15 mm: room for print
MIN_CONTRAST = 4.5
DEFAULT_PRIMARY = "#0b5d6b"  # app.css's --brand, which emails and badges use without a colour of the event's
_HEX = re.compile(r"#[0-9a-fA-F]{6}", re.ASCII)
_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"


def parse_colour(text: str | None, field: str) -> str | None:
    """Rule: a typed colour as '#rrggbb' in lower case, None when left empty (the site's
    own colours), or refused with the reason."""
    text = (text or "").strip()
    if not text:
        return None
    if not _HEX.fullmatch(text):
        raise ServiceError(
            _l("Write the colour as # and six hex digits (0–9, a–f), like #0b5d6b."), field=field
        )
    colour = text.lower()
    ratio = contrast_with_white(colour)
    if ratio < MIN_CONTRAST:
        raise ServiceError(
            _l(
                "White text on %(colour)s has a contrast of %(ratio)s:1; buttons need at least 4.5:1. "
                "Please choose a darker colour.",
                colour=colour,
                ratio=f"{ratio:.2f}",
            ),
            field=field,
        )
    return colour


def contrast_with_white(colour: str) -> float:
    """Rule: the WCAG 2 contrast ratio of white text on `colour` ('#rrggbb')."""
    return 1.05 / (_luminance(colour) + 0.05)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def darker(colour: str, share: float = 0.25) -> str:
    """Rule: the colour mixed with `share` of black (hover states, the menu bar)."""
    r, g, b = (round(int(colour[i : i + 2], 16) * (1 - share)) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def read_logo(stream) -> images.Photo:
    """Rule: the uploaded logo, decoded and drawn again, or refused with the reason."""
    raw = stream.read(MAX_LOGO_BYTES + 1)
    if len(raw) > MAX_LOGO_BYTES:
        raise ServiceError(_l("The logo is larger than 2 MB. Please choose a smaller file."), field="logo")
    head = raw[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise ServiceError(
            _l("SVG logos are not accepted, since they can carry scripts. Please upload a PNG or JPEG."),
            field="logo",
        )
    if not raw.startswith((_PNG, _JPEG)):
        raise ServiceError(_l("The logo must be a PNG or JPEG image."), field="logo")
    try:
        return images.reencode_logo(raw, box=LOGO_BOX)
    except ServiceError:
        raise ServiceError(
            _l(
                "This logo cannot be read. Please upload a PNG or JPEG of at most %(megapixels)s megapixels.",
                megapixels=images.MAX_TRANSPARENT_PIXELS // 1_000_000,
            ),
            field="logo",
        ) from None


@unit_of_work
def save_look(event: Event, primary: str, accent: str, logo=None, drop_logo=False) -> None:
    """Service: the event's colours and its logo (new, kept or dropped). The secretariat's
    address, which the emails also carry, is one of the event's settings."""
    event.primary_colour = parse_colour(primary, "primary_colour")
    event.accent_colour = parse_colour(accent, "accent_colour")
    stored = db.session.get(EventLogo, event.id)
    if logo is not None:
        picture = read_logo(logo)
        stored = stored or EventLogo(event_id=event.id)
        stored.data, stored.content_type = picture.data, picture.content_type
        stored.width, stored.height = picture.width, picture.height
        db.session.add(stored)
        event.logo_digest = hashlib.sha256(picture.data).hexdigest()
    elif drop_logo and stored is not None:
        db.session.delete(stored)
        event.logo_digest = None


def colours_version(event: Event) -> str:
    """Rule: a short name of the event's colours, for the stylesheet's address and ETag."""
    return hashlib.sha256(f"{event.primary_colour}|{event.accent_colour}".encode()).hexdigest()[:16]


def custom_properties(event: Event) -> str:
    """Rule: the CSS custom properties of app.css that the event's colours replace."""
    rules = []
    if event.primary_colour:
        rules += [f"--brand: {event.primary_colour};", f"--brand-dark: {darker(event.primary_colour)};"]
    if event.accent_colour:
        rules.append(f"--accent: {event.accent_colour};")
        # The accent as text on the header: itself where it reads well there, else white.
        primary = event.primary_colour or DEFAULT_PRIMARY
        readable = contrast(event.accent_colour, primary) >= MIN_CONTRAST
        rules.append(f"--accent-on-brand: {event.accent_colour if readable else '#ffffff'};")
    return ":root { " + " ".join(rules) + " }\n"


def logo_of(event: Event) -> EventLogo | None:
    """Query: the stored logo, or None."""
    return db.session.get(EventLogo, event.id) if event.logo_digest else None
