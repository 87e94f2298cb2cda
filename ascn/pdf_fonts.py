"""The shipped fonts a PDF needs, and no others.

`static/css/fonts.css` declares over a hundred @font-face subsets (Latin, Thai, Khmer,
Lao, Myanmar, Chinese, ...). Browsers fetch only the subsets a page uses; WeasyPrint
loads every declared face, which costs tens of seconds. `font_css(text)` keeps the faces
whose unicode-range covers a character of `text`, with URLs relative to `static/`.
"""

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)
_RANGE = re.compile(r"unicode-range:\s*([^;]+);")


def _parse(spec: str) -> list[tuple[int, int]]:
    ranges = []
    for part in spec.split(","):
        part = part.strip().removeprefix("U+").removeprefix("u+")
        lo, _, hi = part.partition("-")
        ranges.append((int(lo, 16), int(hi or lo, 16)))
    return sorted(ranges)


@lru_cache(maxsize=1)
def _faces() -> list[tuple[str, list[tuple[int, int]]]]:
    css = (STATIC / "css" / "fonts.css").read_text(encoding="utf-8")
    faces = []
    for block in _FACE.findall(css):
        match = _RANGE.search(block)
        faces.append((block.replace("../fonts/", "fonts/"), _parse(match.group(1)) if match else []))
    return faces


def _covers(ranges: list[tuple[int, int]], code: int) -> bool:
    i = bisect_right(ranges, (code, 0x10FFFF)) - 1
    return i >= 0 and ranges[i][0] <= code <= ranges[i][1]


def font_css(text: str) -> str:
    codes = {ord(c) for c in set(text)}
    keep = [block for block, ranges in _faces() if not ranges or any(_covers(ranges, c) for c in codes)]
    return "\n".join(keep)
