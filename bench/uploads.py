"""What an uploaded photo costs in memory: the largest photo each format may be, and the
bombs (a few kilobytes that declare hundreds of megapixels) that must be refused.

    .venv/bin/python bench/uploads.py

Each case runs in a fresh Python process, which reports how far its resident memory
rose above what it held just before re-encoding (Linux's peak resident size, VmHWM,
restarted through /proc/self/clear_refs): what one upload costs a worker. The
reference, measured in the same run, is a 600 × 800 photo, the size of a badge photo.
A case over the limit fails the run.
"""

import io
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw  # noqa: E402

from ascn import images  # noqa: E402
from ascn.registration import photos  # noqa: E402

LIMIT_MB = 100


def _photo(size: tuple[int, int]) -> Image.Image:
    """A picture with edges and gradients (a flat one would make the codecs' work trivial)."""
    small = Image.linear_gradient("L").resize((256, 256)).convert("RGB")
    draw = ImageDraw.Draw(small)
    for n in range(0, 256, 16):
        draw.ellipse((n // 2, n // 3, 255 - n // 4, 255 - n // 5), outline=(n, 255 - n, 128))
    return small.resize(size, Image.Resampling.BILINEAR)


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _largest(pixels: int, ratio=4 / 3) -> tuple[int, int]:
    height = int((pixels / ratio) ** 0.5)
    return int(height * ratio), height


def cases() -> list[tuple[str, bytes]]:
    jpeg = _largest(images.MAX_SOURCE_PIXELS)
    decoded = _largest(images.MAX_DECODED_PIXELS)
    webp = _largest(images.MAX_WEBP_PIXELS)
    transparent = _largest(images.MAX_TRANSPARENT_PIXELS)
    return [
        ("reference: 600 × 800 JPEG", _save(_photo((600, 800)), "JPEG", quality=90)),
        (f"largest JPEG {jpeg[0]} × {jpeg[1]}", _save(_photo(jpeg), "JPEG", quality=60)),
        (
            f"largest progressive JPEG {decoded[0]} × {decoded[1]}",
            _save(_photo(decoded), "JPEG", progressive=True),
        ),
        (f"largest PNG {decoded[0]} × {decoded[1]}", _save(_photo(decoded), "PNG", compress_level=1)),
        (f"largest WebP {webp[0]} × {webp[1]}", _save(_photo(webp), "WEBP", quality=60)),
        (
            f"largest transparent PNG {transparent[0]} × {transparent[1]}",
            _save(_photo(transparent).convert("RGBA"), "PNG", compress_level=1),
        ),
        (
            f"largest palette PNG {decoded[0]} × {decoded[1]}",
            _save(_photo(decoded).convert("P", palette=Image.Palette.ADAPTIVE), "PNG"),
        ),
        ("bomb: 1-bit PNG 6000 × 6000 (was 450 MB)", _save(Image.new("1", (6000, 6000)), "PNG")),
        ("bomb: WebP 16000 × 16000", _save(Image.new("L", (16000, 16000)), "WEBP", quality=1)),
        ("bomb: PNG 30000 × 30000", _save(Image.new("1", (30000, 30000)), "PNG")),
        ("bomb: progressive JPEG 8000 × 5000", _save(Image.new("L", (8000, 5000)), "JPEG", progressive=True)),
    ]


def measure(path: str) -> None:
    """In the child: re-encode the file as a badge photo; print the peak rise in MB."""
    data = Path(path).read_bytes()
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak restarts from here
    before = _status_kb("VmRSS")
    try:
        photos.process_photo(io.BytesIO(data))
        outcome = "accepted"
    except images.ServiceError:
        outcome = "refused"
    print(f"{max(0, _status_kb('VmHWM') - before) / 1024:.1f} {outcome}")


def _status_kb(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/self/status")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="ascn-bench-") as folder:
        for n, (label, data) in enumerate(cases()):
            path = Path(folder) / f"{n}.bin"
            path.write_bytes(data)
            child = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], capture_output=True, text=True, check=True
            )
            peak, outcome = child.stdout.split()
            results.append((label, len(data), float(peak), outcome))
    reference = max(results[0][2], 0.1)
    print(f"badge photo box {photos.OUTPUT_SIZE[0]} × {photos.OUTPUT_SIZE[1]}; limit {LIMIT_MB} MB a case")
    print(f"{'case':46} {'file':>9} {'peak MB':>8} {'x ref':>6}  outcome")
    print("─" * 82)
    for label, size, peak, outcome in results:
        print(f"{label:46} {size / 1024:7.0f} K {peak:8.1f} {peak / reference:6.1f}  {outcome}")
    over = [label for label, _, peak, _ in results if peak > LIMIT_MB]
    if over:
        print(f"\nover {LIMIT_MB} MB: {', '.join(over)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
