"""Names and numbers of people: the search key, the Latin-letters check, mobile numbers."""

import unicodedata

import phonenumbers
from flask_babel import lazy_gettext as _l

from ascn.bidi import without_controls
from ascn.errors import ServiceError


def fold(text: str) -> str:
    """Lower case without accents, for search: 'Nguyễn Thị Ánh' → 'nguyen thi anh'.
    Marks are dropped only from Latin letters: Thai, Khmer, Lao and Myanmar write vowels
    as combining marks, and a name without them would no longer be found."""
    decomposed = unicodedata.normalize("NFKD", without_controls(text).casefold())
    kept, previous_latin = [], False
    for char in decomposed:
        if unicodedata.combining(char) and previous_latin:
            continue
        kept.append(char)
        if not unicodedata.combining(char):
            previous_latin = "LATIN" in unicodedata.name(char, "") or char.isascii()
    folded = unicodedata.normalize("NFC", "".join(kept))
    return " ".join(folded.replace("đ", "d").replace("ł", "l").replace("ø", "o").split())


def name_key(text: str) -> str:
    """What two spellings of one name share: folded, without punctuation, words in order
    of the alphabet ('Nguyễn Văn An', 'AN, Nguyen Van' → 'an nguyen van'); '' for none."""
    words = "".join(char if char.isalnum() or unicodedata.combining(char) else " " for char in fold(text))
    return " ".join(sorted(words.split()))


def search_text(*parts: str) -> str:
    return " | ".join(fold(part) for part in parts if part)


def is_latin(text: str) -> bool:
    """Only Latin letters (accents allowed), spaces and name punctuation."""
    for char in text:
        if char.isspace() or char in "'’-.,()/":
            continue
        if not char.isalpha() or "LATIN" not in unicodedata.name(char, ""):
            return False
    return True


def normalise_mobile(number: str, region: str | None) -> str:
    """The number in international form (+60123456789), or a refusal. A number without
    a + is read as dialled in the delegate's own country."""
    number = (number or "").strip()
    if not number:
        return ""
    region = region if region and len(region) == 2 else None
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ServiceError(
            _l("This is not a valid mobile number. Write it with the country code, e.g. +60 12-345 6789."),
            field="mobile",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_mobile(number: str) -> str:
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
