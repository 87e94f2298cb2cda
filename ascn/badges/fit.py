"""How large a badge can print a name (a rule): the name gets the room first, and the
position and organisation line shrinks before the name does.

Text is measured with the advance widths of the shipped Latin fonts (other scripts are
estimated: a Chinese character is one em wide, a combining mark nothing) and wrapped at
spaces as the renderer wraps it, so that a 200-character royal title is set as large as
its box allows instead of falling to the smallest size by its length alone.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from math import ceil

from ascn.font_scripts import LATIN, font_files

PT = 25.4 / 72  # millimetres in a point
SAFETY = 1.06  # kerning, hinting and the estimate for other scripts


@dataclass(frozen=True)
class Box:
    """The block under the photo (mm), and the sizes (pt) each line may take, largest first."""

    width: float
    height: float
    name_sizes: tuple[float, ...]
    role_sizes: tuple[float, ...]
    latin_size: float
    role_gap: float  # mm above the role line


NAME_LINE, ROLE_LINE, LATIN_LINE = 1.15, 1.25, 1.2
# The largest sizes are for names of a few lines: a name of four lines at 16 pt crowds
# the card more than the same name at 13 pt.
MOST_LINES = {1: 2, 2: 3}
A6 = dict(name_sizes=(20, 16, 13, 10.5, 9, 7.5), role_sizes=(8, 7, 6), latin_size=9, role_gap=1.5)
CR80 = dict(name_sizes=(12, 10, 8.5, 7, 6, 5), role_sizes=(5.5, 5, 4.5), latin_size=6, role_gap=0.8)
# (layout, has a photo) → the box: widths as in badge.css; heights stop above the QR
# code, which the box's bottom right corner overlaps (36 mm and 22 mm in badge.css).
BOXES = {
    ("a6", True): Box(93, 33, **A6),
    ("a6", False): Box(93, 81, **A6),
    ("a4", True): Box(93, 33, **A6),
    ("a4", False): Box(93, 81, **A6),
    ("cr80", True): Box(57.6, 21, **CR80),
    ("cr80", False): Box(79.6, 21, **CR80),
}


@lru_cache(maxsize=2)
def _advances(weight: int) -> dict[int, float]:
    """Character → advance width in em, from the Latin files of one weight."""
    from fontTools.ttLib import TTFont

    widths: dict[int, float] = {}
    for path in reversed(font_files(LATIN, weight)):  # the first file wins
        font = TTFont(path)
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths.update({code: metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()})
    return widths


def width_em(text: str, weight: int) -> float:
    advances = _advances(weight)
    total = 0.0
    for char in text:
        code = ord(char)
        if code in advances:
            total += advances[code]
        elif unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1.0
        else:
            total += 0.62
    return total * SAFETY


def lines(text: str, size: float, width: float, weight: int) -> int:
    """Lines `text` takes at `size` pt in a `width` mm column, wrapped at spaces (a word
    wider than the column breaks anywhere, as `overflow-wrap: anywhere` does)."""
    if not text:
        return 0
    column = width / (size * PT)  # in em
    space = width_em(" ", weight)
    count, used = 1, 0.0
    for word in text.split():
        word_width = width_em(word, weight)
        if used and used + space + word_width <= column:
            used += space + word_width
            continue
        if used:
            count += 1
        count += max(ceil(word_width / column) - 1, 0)
        used = word_width % column if word_width > column else word_width
    return count


@dataclass(frozen=True)
class Fit:
    name_size: int  # the index + 1 of the size in Box.name_sizes: the CSS class bc-size-N
    role_size: int  # likewise, bc-role-N


def fit(layout: str, has_photo: bool, name: str, latin: str, role: str) -> Fit:
    box = BOXES[(layout, has_photo)]
    latin_height = lines(latin, box.latin_size, box.width, 400) * box.latin_size * LATIN_LINE * PT
    for n, name_size in enumerate(box.name_sizes, start=1):
        name_lines = lines(name, name_size, box.width, 700)
        if name_lines > MOST_LINES.get(n, name_lines):
            continue
        name_height = name_lines * name_size * NAME_LINE * PT
        for r, role_size in enumerate(box.role_sizes, start=1):
            role_height = (lines(role, role_size, box.width, 400) * role_size * ROLE_LINE * PT) + (
                box.role_gap if role else 0
            )
            if name_height + latin_height + role_height <= box.height:
                return Fit(n, r)
    return Fit(len(box.name_sizes), len(box.role_sizes))
