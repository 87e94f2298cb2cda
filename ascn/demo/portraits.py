"""Badge photos for the demo, drawn on the fly: no face is shipped or invented."""

import colorsys
import hashlib
import io

from PIL import Image, ImageDraw

# Drawn at the size of an upload and re-encoded by the upload path: ~30 ms a photo.
PHOTO_SIZE = (600, 800)


def portrait_png(name: str, size: tuple[int, int] = PHOTO_SIZE) -> bytes:
    """A head-and-shoulders silhouette on a soft vertical gradient, in colours derived
    from the name: every badge looks different and none pretends to be a real face."""
    width, height = size
    digest = hashlib.sha256(name.encode()).digest()
    hue = digest[0] / 255

    def colour(hue_shift: float, lightness: float, saturation: float) -> tuple[int, int, int]:
        return tuple(
            round(c * 255) for c in colorsys.hls_to_rgb((hue + hue_shift) % 1, lightness, saturation)
        )

    top, bottom = colour(0, 0.92, 0.55), colour(0.05, 0.72, 0.45)
    # A palette image: 255 gradient steps and the figure's colour. One byte a pixel makes
    # the PNG three times quicker to write than RGB, and 255 steps show no banding.
    palette = [
        round(a + (b - a) * step / 254) for step in range(255) for a, b in zip(top, bottom, strict=True)
    ]
    palette += colour(0, 0.34 + digest[1] / 255 * 0.10, 0.28)
    figure = 255  # the last palette entry
    column = bytes(round(y * 254 / (height - 1)) for y in range(height))
    image = Image.frombytes("L", (1, height), column).resize(size, Image.Resampling.NEAREST).convert("P")
    image.putpalette(palette)
    draw = ImageDraw.Draw(image)
    head_w = width * (0.34 + digest[2] / 255 * 0.05)
    head_h = head_w * 1.25
    centre, head_top = width / 2, height * 0.17
    shoulders_top = head_top + head_h * 0.9
    shoulders_w = width * (1.0 + digest[3] / 255 * 0.1)
    draw.ellipse(
        (centre - shoulders_w / 2, shoulders_top, centre + shoulders_w / 2, shoulders_top + height * 0.7),
        fill=figure,
    )
    draw.ellipse((centre - head_w / 2, head_top, centre + head_w / 2, head_top + head_h), fill=figure)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()
