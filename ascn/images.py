"""Uploaded images, decoded and re-encoded by Pillow, so that no uploaded byte is ever
stored or served as it came: turned upright by their EXIF orientation, every piece of
metadata dropped, flattened to RGB, bounded in size. Badge photos and speaker photos
both come through here, each with its own box.
"""

import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from ascn.errors import ServiceError

MAX_SOURCE_PIXELS = 40_000_000  # a 7,000 × 5,700 camera photo; more is refused unread
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: JPEGs from some phone cameras


@dataclass
class Photo:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


def reencode(
    stream, *, max_bytes: int, box: tuple[int, int], ratio: float | None = None, min_side: int = 1
) -> Photo:
    """The upload as a JPEG inside `box`; cropped to `ratio` (width / height, around the
    upper middle where a face is) when given. Refused with a message for the uploader:
    too large a file, too many pixels, not a JPEG/PNG/WebP, unreadable, or too small."""
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ServiceError(
            _l("The photo is larger than %(size)s MB. Please choose a smaller file.", size=max_bytes >> 20),
            field="photo",
        )
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
            image.draft("RGB", (box[0] * 2, box[1] * 2))  # JPEG: decode at reduced size
            image = _flatten(ImageOps.exif_transpose(image))
    except ServiceError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, on opening
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ServiceError(
            _l("This file is not an image we can read. Please upload a JPEG, PNG or WebP photo."),
            field="photo",
        ) from None
    if min(image.size) < min_side:
        raise ServiceError(
            _l(
                "The photo is too small. Please upload one at least %(side)s pixels wide and high.",
                side=min_side,
            ),
            field="photo",
        )
    if ratio:
        image = ImageOps.fit(
            image, _crop_size(image.size, ratio, box), Image.Resampling.LANCZOS, centering=(0.5, 0.4)
        )
    else:
        image.thumbnail(box, Image.Resampling.LANCZOS)
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


def _crop_size(size: tuple[int, int], ratio: float, box: tuple[int, int]) -> tuple[int, int]:
    """The largest box of `ratio` the source fills, no wider than `box`."""
    width, height = size
    if width / height > ratio:
        width = round(height * ratio)
    else:
        height = round(width / ratio)
    scale = min(1.0, box[0] / width)
    return max(1, round(width * scale)), max(1, round(height * scale))
