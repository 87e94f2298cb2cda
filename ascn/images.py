"""Uploaded images, decoded and re-encoded by Pillow, so that no uploaded byte is ever
stored or served as it came: turned upright by their EXIF orientation, flattened to RGB
in sRGB, bounded in size, and written as a new JPEG of the pixels alone (no comment,
EXIF, XMP or colour profile survives). Badge photos and speaker photos both come through
here, each with its own box.

Memory is bounded before any pixel is decoded (bench/uploads.py measures it): the
header's size is checked first, against what the format's decoder will hold. A baseline
JPEG is decoded already reduced to about the box (libjpeg's scaled decoding), so a 40
megapixel camera photo costs what a 5 megapixel one does. PNG, WebP and progressive
JPEG decode whole, so they are held to fewer pixels; each is reduced before it is
converted, turned or cropped, so that only one full-size copy ever exists.

A truncated file is refused, whatever the format and however it is decoded. Pillow's own
refusal cannot be relied on: `ImageFile.LOAD_TRUNCATED_IMAGES` is one switch for the whole
process, and WeasyPrint turns it on when it is imported (the PDF modules import it), after
which Pillow fills the missing part with grey. So the upload is read through `_Upload`,
which notes when a decoder asks for bytes past the end of the file.
"""

import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from ascn.errors import ServiceError

MAX_SOURCE_PIXELS = 40_000_000  # a 7,300 × 5,500 camera photo, as a baseline JPEG
MAX_DECODED_PIXELS = 12_000_000  # a 4,000 × 3,000 phone photo, decoded whole
MAX_TRANSPARENT_PIXELS = 8_000_000  # reducing with transparency makes a second copy
MAX_WEBP_PIXELS = 5_000_000  # the WebP decoder holds several RGBA copies of the frame
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}  # MPO: JPEGs from some phone cameras
TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.createProfile("sRGB")


class _Upload(io.BytesIO):
    """The uploaded bytes, noting whether anything asked to read on once they were all
    read. Decoders stop at the end of a complete image (JPEG's EOI, PNG's last image
    data and IEND), so only a truncated one does; with LOAD_TRUNCATED_IMAGES on, Pillow then
    quietly pads the image instead of failing."""

    ran_out = False

    def read(self, size: int | None = -1, /) -> bytes:
        data = super().read(size)
        if not data and size is not None and size > 0:
            self.ran_out = True
        return data


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
    upload = _Upload(raw)
    try:
        with Image.open(upload) as source:
            _check_header(source, min_side)
            turn = TURNS.get(source.getexif().get(ExifTags.Base.Orientation, 1))
            profile = source.info.get("icc_profile")
            image = _decoded_near(source, max(box))
        if upload.ran_out:
            raise EOFError("truncated")
        image = _to_srgb(_flatten(image), profile)
        if turn is not None:
            image = image.transpose(turn)
    except ServiceError:
        raise
    except Image.DecompressionBombError:  # Pillow's own guard, on opening
        raise _too_many_pixels(MAX_DECODED_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ServiceError(
            _l("This file is not an image we can read. Please upload a JPEG, PNG or WebP photo."),
            field="photo",
        ) from None
    if ratio:
        image = ImageOps.fit(
            image, _crop_size(image.size, ratio, box), Image.Resampling.LANCZOS, centering=(0.5, 0.4)
        )
    else:
        image.thumbnail(box, Image.Resampling.LANCZOS)
    pixels = Image.new("RGB", image.size)  # a new image: no metadata of the upload comes along
    pixels.paste(image)
    out = io.BytesIO()
    pixels.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return Photo(out.getvalue(), pixels.width, pixels.height)


def _check_header(source: Image.Image, min_side: int) -> None:
    """Everything the header tells, before a pixel is decoded: the format, the number of
    pixels the decoder will hold (a 5 KB PNG may declare 36 million), the size."""
    if source.format not in ACCEPTED_FORMATS:
        raise ServiceError(_l("The photo must be a JPEG, PNG or WebP image."), field="photo")
    limit = _pixel_limit(source)
    if source.width * source.height > limit:
        raise _too_many_pixels(limit)
    if min(source.size) < min_side:
        raise ServiceError(
            _l(
                "The photo is too small. Please upload one at least %(side)s pixels wide and high.",
                side=min_side,
            ),
            field="photo",
        )


def _pixel_limit(source: Image.Image) -> int:
    if source.format == "WEBP":
        return MAX_WEBP_PIXELS
    if source.format in ("JPEG", "MPO") and not source.info.get("progressive"):
        return MAX_SOURCE_PIXELS
    if source.mode in ("RGBA", "LA", "PA") or "transparency" in source.info:
        return MAX_TRANSPARENT_PIXELS
    return MAX_DECODED_PIXELS


def _decoded_near(source: Image.Image, side: int) -> Image.Image:
    """The pixels, no smaller than `side` on the short side (so any crop and any turn
    still fill the box), decoded reduced where the format allows and reduced at once
    otherwise, in the mode they came in."""
    source.draft("RGB", (side, side))  # JPEG: libjpeg decodes at 1/2, 1/4 or 1/8
    source.load()
    image = source
    if image.mode in ("1", "P", "PA", "I", "I;16", "F"):  # no averaging in these modes
        image = image.convert("RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB")
    factor = min(image.size) // side
    if factor >= 2:
        image = image.reduce(factor)
    return image


def _to_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """Colours as they were meant, in sRGB, which is what the stored JPEG (without a
    profile) is read as; a profile that cannot be read is ignored."""
    if not profile:
        return image
    try:
        embedded = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, embedded, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _too_many_pixels(limit: int) -> ServiceError:
    return ServiceError(
        _l(
            "The photo has too many pixels. Please upload a photo under %(megapixels)s megapixels.",
            megapixels=limit // 1_000_000,
        ),
        field="photo",
    )


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes would not survive JPEG."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB") if image.mode != "RGB" else image


def _crop_size(size: tuple[int, int], ratio: float, box: tuple[int, int]) -> tuple[int, int]:
    """The largest box of `ratio` the source fills, no wider than `box`."""
    width, height = size
    if width / height > ratio:
        width = round(height * ratio)
    else:
        height = round(width / ratio)
    scale = min(1.0, box[0] / width)
    return max(1, round(width * scale)), max(1, round(height * scale))


def reencode_logo(raw: bytes, *, box: tuple[int, int]) -> Photo:
    """An event's logo as a new PNG inside `box`, its transparency kept (a logo sits on the
    header's colour); checked and decoded as a photo is. Refused with a ServiceError."""
    upload = _Upload(raw)
    try:
        with Image.open(upload) as source:
            _check_header(source, 1)
            turn = TURNS.get(source.getexif().get(ExifTags.Base.Orientation, 1))
            image = _decoded_near(source, max(box)).convert("RGBA")
        if upload.ran_out:
            raise EOFError("truncated")
    except ServiceError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels(MAX_DECODED_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ServiceError(_l("This file is not an image we can read."), field="logo") from None
    if turn is not None:
        image = image.transpose(turn)
    image.thumbnail(box, Image.Resampling.LANCZOS)
    pixels = Image.new("RGBA", image.size)  # a new image: no metadata of the upload comes along
    pixels.paste(image)
    out = io.BytesIO()
    pixels.save(out, "PNG", optimize=True)
    return Photo(out.getvalue(), pixels.width, pixels.height, "image/png")
