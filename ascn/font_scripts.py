"""The writing systems ASCN ships fonts for, in the order of the font stack (a rule).

Each script has one stylesheet, `static/css/fonts-<key>.css`, written by
`scripts/fonts.py` from the font files themselves: a face's unicode-range lists exactly
the characters its file draws that no earlier file in this order draws, so that every
character has one face, and no face claims a character it lacks. Pages link only the
stylesheets of the scripts they show (`ascn.page_fonts`); PDFs load only the faces their
text needs (`ascn.pdf_fonts`).
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
FONTS = STATIC / "fonts"
CSS = STATIC / "css"


@dataclass(frozen=True)
class Script:
    key: str  # names the stylesheet, fonts-<key>.css
    family: str  # the CSS family name of its faces
    stems: tuple[str, ...]  # its font files, noto-...-<weight>-normal.woff2, first one first
    first: int = 0x20  # the lowest character its faces may claim

    @property
    def stylesheet(self) -> str:
        return f"css/fonts-{self.key}.css"


# Latin comes first: it is on every page, and most other files repeat ASCII. Arabic
# comes last, so that the joiners Khmer and Myanmar use stay in their own fonts.
SCRIPTS = (
    Script("latin", "Noto Sans", ("noto-sans-latin", "noto-sans-latin-ext", "noto-sans-vietnamese")),
    Script("thai", "Noto Sans Thai", ("noto-sans-thai-thai",)),
    Script("khmer", "Noto Sans Khmer", ("noto-sans-khmer-khmer",)),
    Script("lao", "Noto Sans Lao", ("noto-sans-lao-lao",)),
    Script("myanmar", "Noto Sans Myanmar", ("noto-sans-myanmar-myanmar",)),
    # From the CJK radicals on: the arrows and ticks the pages use are not worth the
    # Chinese stylesheet (90 KB); they come from the system's fonts.
    Script("chinese", "Noto Sans SC", ("noto-sans-sc-*",), first=0x2E80),
    Script("arabic", "Noto Naskh Arabic", ("noto-naskh-arabic-arabic",)),
)
LATIN = SCRIPTS[0]
FONT_STACK = ", ".join(f'"{s.family}"' for s in SCRIPTS) + ", system-ui, sans-serif"

_FILE_NUMBER = re.compile(r"noto-sans-sc-(\d+)-")


def font_files(script: Script, weight: int) -> list[Path]:
    """The script's files of one weight, in the order they own characters."""
    files = []
    for stem in script.stems:
        found = sorted(FONTS.glob(f"{stem}-{weight}-normal.woff2"))
        if "*" in stem:  # the numbered Chinese chunks, by number
            found.sort(key=lambda p: int(_FILE_NUMBER.search(p.name).group(1)))
        files.extend(found)
    return files


_RANGE = re.compile(r"unicode-range:\s*([^;]+);")


def parse_ranges(spec: str) -> list[tuple[int, int]]:
    ranges = []
    for part in spec.split(","):
        part = part.strip().removeprefix("U+").removeprefix("u+")
        lo, _, hi = part.partition("-")
        ranges.append((int(lo, 16), int(hi or lo, 16)))
    return sorted(ranges)


@lru_cache(maxsize=1)
def coverage() -> tuple[tuple[int, int, str], ...]:
    """(first, last, script key) for every range any shipped face claims, sorted."""
    spans = []
    for script in SCRIPTS:
        css = (STATIC / script.stylesheet).read_text(encoding="utf-8")
        for spec in _RANGE.findall(css):
            spans.extend((lo, hi, script.key) for lo, hi in parse_ranges(spec))
    return tuple(sorted(spans))


@lru_cache(maxsize=1)
def _firsts() -> tuple[int, ...]:
    """The first code point of each span, to bisect: built once, not on every page."""
    return tuple(span[0] for span in coverage())


def scripts_in(text: str) -> list[Script]:
    """The scripts whose faces draw a character of `text`, in stack order; Latin always."""
    spans, firsts = coverage(), _firsts()
    keys = {LATIN.key}
    for char in set(text):
        code = ord(char)
        if code < 0x250:  # Latin, and the markup itself
            continue
        i = bisect_right(firsts, code) - 1
        if i >= 0 and spans[i][0] <= code <= spans[i][1]:
            keys.add(spans[i][2])
    return [s for s in SCRIPTS if s.key in keys]
