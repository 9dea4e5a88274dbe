"""Natural sort key for file and folder names: case-insensitive, numbers by value, accents second."""

from __future__ import annotations

import re
import unicodedata

# Any Unicode decimal digit run ("2", "10", "٣", "１２").
_DIGITS = re.compile(r"\d+")
# Starts an encoded number. Below every printable character, so digits sort before letters.
_NUMBER_MARK = "\x01"
# The generic combining diacritics only: stripping them puts "é" with "e" and "ё" with "е".
# Combining marks of other scripts (Indic vowel signs, …) carry letters and are kept.
_DIACRITICS = re.compile("[\u0300-\u036f]")
# Sorts after every real character: "г" + _AFTER puts "ґ" after all words in "г", before "д".
_AFTER = "\U0010ffff"
# Letters that NFKD splits into base + mark but that their languages sort as letters of their own:
# Russian й, Ukrainian ї, Belarusian ў. They are put back together before marks are stripped.
_OWN_LETTER_SEQUENCES = (("и\u0306", "й"), ("і\u0308", "ї"), ("у\u0306", "ў"))
# Letters with no decomposition whose code points sit far from where readers look for them:
# each goes right after its base letter (Ukrainian ґ є і ї, Belarusian ў, Latin ø ł đ æ œ ħ ı).
_PLACED_AFTER_BASE = {
    "ґ": "г" + _AFTER,
    "є": "е" + _AFTER,
    "і": "и" + _AFTER,
    "ї": "и" + _AFTER * 2,
    "ў": "у" + _AFTER,
    "ø": "o" + _AFTER,
    "ł": "l" + _AFTER,
    "đ": "d" + _AFTER,
    "æ": "a" + _AFTER,
    "œ": "o" + _AFTER * 2,
    "ħ": "h" + _AFTER,
    "ı": "i" + _AFTER,
}
# A search is much cheaper than str.translate with a dict, and most names hold none of these.
_PLACED_LETTER = re.compile("[" + "".join(_PLACED_AFTER_BASE) + "]")


def natural_key(name: str) -> tuple[str, str, str, str]:
    """A key that sorts names as a reader expects: "note 2" before "note 10", case ignored,
    "é" with "e" and "ё" with "е", digits before letters, Latin before Cyrillic before CJK
    (CJK by code point, which follows the radical-and-stroke order of the Unicode tables).

    Names equal at that level are ordered by their accents, then lowercase before uppercase,
    then by the exact string, so the order is total and the same on every run.
    """
    composed = unicodedata.normalize("NFC", name)
    folded = composed.casefold()
    with_accents = _DIGITS.sub(_encode_number, folded)
    base = folded if folded.isascii() else _base_letters(folded)
    without_accents = with_accents if base == folded else _DIGITS.sub(_encode_number, base)
    return (without_accents, with_accents, composed.swapcase(), name)


def _base_letters(folded: str) -> str:
    """The letters without accents or compatibility variants ("ﬁ" -> "fi", "ё" -> "е")."""
    base = unicodedata.normalize("NFKD", folded)
    if "\u0306" in base or "\u0308" in base:
        for sequence, letter in _OWN_LETTER_SEQUENCES:
            base = base.replace(sequence, letter)
    base = _DIACRITICS.sub("", base)
    if _PLACED_LETTER.search(base):
        base = _PLACED_LETTER.sub(lambda match: _PLACED_AFTER_BASE[match.group()], base)
    return base


def _encode_number(match: re.Match[str]) -> str:
    """A digit run as mark + length + digits without leading zeros: plain string comparison
    then orders numbers by value, at any length and in any script."""
    digits = match.group()
    if not digits.isascii():
        digits = "".join(str(unicodedata.decimal(d)) for d in digits)
    digits = digits.lstrip("0")
    return _NUMBER_MARK + chr(0x20 + len(digits)) + digits
