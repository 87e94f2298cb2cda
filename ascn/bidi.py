"""Right-to-left names (Jawi) beside left-to-right text (a rule).

A Jawi name in a Latin sentence or list reorders what follows it: "حسن البلقية (BN) 26"
reads with the brackets and the number on the wrong side. Every value a template prints
that holds a right-to-left letter is wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL
ISOLATE, the plain-text form of HTML's <bdi>: the name keeps its own direction and its
neighbours keep theirs, on pages, in emails and in PDFs alike, and it is valid inside an
attribute where an element is not. Search keys drop the two marks (`people.fold`).
"""

import re

FSI, PDI = "\u2068", "\u2069"
CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def isolate(text: str) -> str:
    """`text` as an isolated run when it holds a right-to-left letter, else unchanged."""
    if not has_rtl(text) or (text.startswith(FSI) and text.endswith(PDI)):
        return text
    return FSI + text + PDI


def finalize(value):
    """Jinja's hook for every printed value: plain strings only (Markup is already HTML
    built by a macro or a widget, whose own values went through here)."""
    if type(value) is str:
        return isolate(value)
    return value


def without_controls(text: str) -> str:
    return text.translate({ord(c): None for c in CONTROLS})
