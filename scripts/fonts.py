"""Write the font stylesheets, static/css/fonts-<script>.css, from the shipped font files.

    python scripts/fonts.py                      # after adding or replacing a font file
    python scripts/fonts.py --naskh /usr/share/fonts/truetype/noto
                                                 # also rebuild the Arabic-script files

Each face's unicode-range is read from its file's character map (fontTools), keeping
only the characters no earlier file in `ascn.font_scripts.SCRIPTS` order draws: a range
can never claim a character its file lacks, and every character has one face. The
Arabic-script files are Noto Naskh Arabic (Debian's fonts-noto-core, OFL) cut to the
Arabic blocks, with every OpenType feature kept (joining forms, ligatures, marks).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fontTools import subset  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from ascn.font_scripts import FONT_STACK, FONTS, LATIN, SCRIPTS, STATIC, font_files  # noqa: E402

WEIGHTS = (400, 700)
ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x200C, 0x200F),
    (0x25CC, 0x25CC),  # joiners and direction marks; the dotted circle
    (0x0020, 0x007E),
    (0x00A0, 0x00A0),  # in the file for a run of Arabic, never claimed by it
)
NASKH = {400: "NotoNaskhArabic-Regular.ttf", 700: "NotoNaskhArabic-Bold.ttf"}


def build_naskh(source: Path) -> None:
    for weight, name in NASKH.items():
        font = TTFont(source / name)
        wanted = [c for c in font.getBestCmap() if any(lo <= c <= hi for lo, hi in ARABIC_BLOCKS)]
        options = subset.Options(layout_features=["*"], name_IDs=["*"], flavor="woff2", hinting=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(FONTS / f"noto-naskh-arabic-arabic-{weight}-normal.woff2")


def unicode_range(codes: set[int]) -> str:
    spans: list[list[int]] = []
    for code in sorted(codes):
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ",".join(f"U+{lo:04X}" if lo == hi else f"U+{lo:04X}-{hi:04X}" for lo, hi in spans)


def face(family: str, weight: int, path: Path, codes: set[int]) -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        "  font-style: normal;\n"
        "  font-display: swap;\n"
        f"  font-weight: {weight};\n"
        f'  src: url("../fonts/{path.name}") format("woff2");\n'
        f"  unicode-range: {unicode_range(codes)};\n"
        "}\n"
    )


def stylesheets() -> dict[Path, str]:
    """Each script's stylesheet (path → text), from the font files."""
    owned = {weight: set() for weight in WEIGHTS}  # characters an earlier file draws
    sheets = {}
    for script in SCRIPTS:
        out = [f"/* {script.family}: written by scripts/fonts.py from the font files. Do not edit. */\n"]
        if script is LATIN:  # linked on every page
            out.append(f":root {{\n  --font-body: {FONT_STACK};\n}}\n")
        for weight in WEIGHTS:
            for path in font_files(script, weight):
                codes = {c for c in TTFont(path).getBestCmap() if c >= script.first} - owned[weight]
                if codes:
                    owned[weight] |= codes
                    out.append(face(script.family, weight, path, codes))
        sheets[STATIC / script.stylesheet] = "\n".join(out)
    return sheets


def write_stylesheets() -> None:
    for path, text in stylesheets().items():
        path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--naskh", type=Path, help="folder holding NotoNaskhArabic-Regular.ttf and -Bold.ttf")
    args = parser.parse_args()
    if args.naskh:
        build_naskh(args.naskh)
    write_stylesheets()


if __name__ == "__main__":
    main()
