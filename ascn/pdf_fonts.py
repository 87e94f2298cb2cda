"""The shipped fonts a PDF needs, and no others.

The stylesheets of `ascn.font_scripts` declare over a hundred @font-face subsets (Latin,
Thai, Khmer, Lao, Myanmar, Chinese, Arabic). Browsers fetch only the subsets a page uses; WeasyPrint
loads every declared face, which costs tens of seconds. `font_css(text)` keeps the faces
whose unicode-range covers a character of `text`, with URLs relative to `static/`.

WeasyPrint does not choose among the faces of one family by unicode-range: with the
Latin, Vietnamese and Chinese subsets all called "Noto Sans" / "Noto Sans SC", it draws
a character with another subset's glyph (陈伟明 came out as 陈亮狂, Trần as TrKn), while
the PDF's text layer still reads right. `separate_families` gives every subset file a
family of its own; `document_css(text)` does so and makes the stack of them the font of
the whole document, so every character is drawn from the one subset that has it.

Known limit of the text layer (copy and search), not of the print: WeasyPrint (70) maps
each glyph of a font to one text for the whole PDF, the text of the first cluster it is
drawn in (`weasyprint/draw/text.py`, `font.to_unicode[glyph_id]`), and gives the text of
a cluster drawn as several glyphs to one of them. Khmer, Myanmar and Arabic shaping
reuse glyphs across clusters (vowel parts, subscript consonants, dots), so once several
names share a document, copying one may give other letters: ហ៊ុនសែន reads ហ៊ុនសន and
အောင်ကျော်မင်း reads အောင်ကြကျော်မင်း after other names of the same batch, while the
glyphs drawn are right. Upstream: https://github.com/Kozea/WeasyPrint/issues/2841 (open;
a fix giving each glyph-and-text pair its own glyph id was proposed in pull request
2869). Nothing in ASCN reads names back from a PDF; the registration record, the
spreadsheets and the pages hold the exact text. `tests/scripts/test_scripts_print.py` turns
red when an upgrade fixes it, so that this note is removed.
"""

import re
from bisect import bisect_right
from functools import lru_cache

from ascn.font_scripts import SCRIPTS, STATIC, parse_ranges

_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)
_FAMILY = re.compile(r'font-family:\s*"[^"]+"')
_FILE = re.compile(r'url\("[^"]*/([^"/]+?)-\d00-normal\.woff2"\)')
_RANGE = re.compile(r"unicode-range:\s*([^;]+);")


@lru_cache(maxsize=1)
def _faces() -> list[tuple[str, list[tuple[int, int]]]]:
    faces = []
    for script in SCRIPTS:
        css = (STATIC / script.stylesheet).read_text(encoding="utf-8")
        for block in _FACE.findall(css):
            match = _RANGE.search(block)
            ranges = parse_ranges(match.group(1)) if match else []
            faces.append((block.replace("../fonts/", "fonts/"), ranges))
    return faces


def _covers(ranges: list[tuple[int, int]], code: int) -> bool:
    i = bisect_right(ranges, (code, 0x10FFFF)) - 1
    return i >= 0 and ranges[i][0] <= code <= ranges[i][1]


def font_css(text: str) -> str:
    codes = {ord(c) for c in set(text)}
    keep = [block for block, ranges in _faces() if not ranges or any(_covers(ranges, c) for c in codes)]
    return "\n".join(keep)


def separate_families(faces: str) -> tuple[str, list[str]]:
    """The @font-face rules with one family per subset file, and those families in order."""
    blocks, families = [], []
    for block in _FACE.findall(faces):
        match = _FILE.search(block)
        if match is None:
            blocks.append(block)
            continue
        family = f"ascn {match.group(1)}"
        if family not in families:
            families.append(family)
        blocks.append(_FAMILY.sub(f'font-family: "{family}"', block))
    return "\n".join(blocks), families


def document_css(text: str) -> str:
    """The faces `text` needs, each subset its own family, as the font of every element
    of a document (booklet, manifest)."""
    css, families = separate_families(font_css(text))
    stack = ", ".join(f'"{family}"' for family in families)
    return f"{css}\nhtml, html * {{ font-family: {stack}, sans-serif !important; }}"
