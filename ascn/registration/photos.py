"""Badge photos: whatever is uploaded is decoded and re-encoded by Pillow, so that no
uploaded byte is ever stored or served as it came.

The result is a JPEG at the badge's 3:4 portrait ratio, turned upright by its EXIF
orientation, with EXIF and every other metadata dropped, at most 600 × 800 pixels:
small enough (~60 KB) to keep in the database where every app server sees it.
"""

import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from ascn.errors import ServiceError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000  # a 7,000 × 5,700 camera photo; more is refused unread
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: JPEGs from some phone cameras
BADGE_RATIO = 3 / 4  # width / height
OUTPUT_SIZE = (600, 800)
MIN_SIDE = 200


@dataclass
class Photo:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


def process_photo(stream) -> Photo:
    """Decode, check, orient, crop and re-encode an uploaded photo, or refuse it with a
    message for the person who uploaded it."""
    raw = stream.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ServiceError(_l("The photo is larger than 8 MB. Please choose a smaller file."), field="photo")
    if not raw:
        raise ServiceError(_l("The photo file is empty."), field="photo")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ServiceError(_l("The photo must be a JPEG, PNG or WebP image."), field="photo")
            # The header's size is read before any pixel is decoded: a decompression bomb
            # (a tiny file that unpacks to gigabytes) stops here.
            if image.width * image.height > MAX_SOURCE_PIXELS:
                raise _too_many_pixels()
            image.draft("RGB", (OUTPUT_SIZE[0] * 2, OUTPUT_SIZE[1] * 2))  # JPEG: decode at reduced size
            image = ImageOps.exif_transpose(image)
            image = _flatten(image)
    except ServiceError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, on opening
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ServiceError(
            _l("This file is not an image we can read. Please upload a JPEG, PNG or WebP photo."),
            field="photo",
        ) from None
    if min(image.size) < MIN_SIDE:
        raise ServiceError(
            _l("The photo is too small. Please upload one at least 200 pixels wide and high."), field="photo"
        )
    image = ImageOps.fit(image, _target_size(image.size), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return Photo(out.getvalue(), image.width, image.height)


def _too_many_pixels() -> ServiceError:
    return ServiceError(
        _l("The photo has too many pixels. Please upload a photo under 40 megapixels."), field="photo"
    )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes would not survive JPEG."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _target_size(size: tuple[int, int]) -> tuple[int, int]:
    """The largest 3:4 box the source fills, bounded by OUTPUT_SIZE."""
    width, height = size
    if width / height > BADGE_RATIO:
        width = round(height * BADGE_RATIO)
    else:
        height = round(width / BADGE_RATIO)
    scale = min(1.0, OUTPUT_SIZE[0] / width)
    return max(1, round(width * scale)), max(1, round(height * scale))
