"""Right-to-left names (Jawi) beside left-to-right text (a rule).

A Jawi name in a Latin sentence or list reorders what follows it: "حسن البلقية (BN) 26"
reads with the brackets and the number on the wrong side. Every value a template prints
that holds right-to-left letters has each run of them wrapped in FIRST STRONG ISOLATE ...
POP DIRECTIONAL ISOLATE, the plain-text form of HTML's <bdi>: the name keeps its own
direction and its neighbours keep theirs, on pages, in emails and in PDFs alike, and
the marks are valid inside an attribute where an element is not. Search keys drop them
(`people.fold`). Spreadsheets get no marks: each name is a cell, a paragraph of its own,
and the exported text stays exactly as typed.
"""

import re

FSI, PDI = "\u2068", "\u2069"
CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms.
_LETTER = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL = re.compile(f"[{_LETTER}]")
# A right-to-left run: from such a letter to the last one, through the spaces, joiners
# and punctuation a name holds, never through a Latin letter or a digit.
_RUN = re.compile(f"[{_LETTER}](?:[{_LETTER}\\s'’\\-.\u200c\u200d]*[{_LETTER}])?")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def isolate(text: str) -> str:
    """`text` with each right-to-left run isolated; unchanged without one. A sentence
    that names a Jawi name keeps the direction of its own language."""
    if not has_rtl(text) or FSI in text:
        return text
    return _RUN.sub(lambda run: FSI + run.group(0) + PDI, text)


def finalize(value):
    """Jinja's hook for every printed value: plain strings only (Markup is already HTML
    built by a macro or a widget, whose own values went through here)."""
    if type(value) is str:
        return isolate(value)
    return value


def without_controls(text: str) -> str:
    return text.translate({ord(c): None for c in CONTROLS})
