"""The quick test run on every note before any repair: can this text hold mojibake at all?

UTF-8 read in a single-byte code page turns each multi-byte character into its lead byte's
character followed by its continuation bytes' (课 -> "è¯¾" in Windows-1252). Whatever the full
test (``mojibake.detect``) or ftfy would repair, each line of it holds such a sequence whole in
one code page, or, for ftfy, one whose continuation byte 0xA0 became a space (which it
restores), or a C1 control character. A line with none of them is left as it is by both (but
for the few spaced sequences set aside below); a note without any is clean, found in one pass
of a regular expression (tens of µs for a 3 KB note) instead of ftfy's look at each line (about
1 ms, and several for Russian text, whose every letter is a lead byte's character in
Windows-1251)."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

# Code pages UTF-8 text is commonly mis-read in, with the name the user knows them by.
CODE_PAGES = (
    ("cp1252", "Windows-1252"), ("cp1254", "Windows-1254"), ("cp1250", "Windows-1250"),
    ("cp1251", "Windows-1251"), ("cp1253", "Windows-1253"), ("cp1257", "Windows-1257"),
    ("latin-1", "Latin-1"), ("mac_roman", "Mac OS Roman"),
)
# The code pages ftfy tries on a line no code page above explains (ftfy.chardata's
# CHARMAP_ENCODINGS, which a test holds these to): written out, because this test runs on every
# note and importing ftfy would cost every process that reads notes ~35 ms, and a clean vault
# never needs it.
FTFY_CODE_PAGES = ("latin-1", "sloppy-windows-1252", "sloppy-windows-1251", "sloppy-windows-1250",
                   "sloppy-windows-1253", "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2", "macroman",
                   "cp437")
# Those and the ones above, each once: ftfy's "sloppy" code pages read as the plain ones, and
# their undefined bytes as C1 controls, signs on their own.
ALL_CODE_PAGES = tuple(dict.fromkeys(codecs.lookup(codec).name for codec in [name for name, _ in CODE_PAGES] + [
    name.removeprefix("sloppy-") for name in FTFY_CODE_PAGES]))


def _class(code_pages: tuple[str, ...], data: bytes) -> str:
    """A regular expression class of the characters ``data``'s bytes are in ``code_pages``."""
    found = set()
    for codec in code_pages:
        for byte in data:
            try:
                found.add(bytes([byte]).decode(codec))
            except UnicodeDecodeError:
                continue
    return "[" + "".join(_ranges(sorted(found))) + "]"


def _ranges(chars: list[str]) -> list[str]:
    """Sorted ``chars`` written for a class, each stretch of three or more consecutive code
    points as a range: a code page's letters are mostly such stretches, and the expression is
    parsed a character at a time."""
    pieces: list[str] = []
    start = 0
    for end in range(1, len(chars) + 1):
        if end == len(chars) or ord(chars[end]) != ord(chars[end - 1]) + 1:
            stretch = chars[start:end]
            pieces.append(re.escape(stretch[0]) + "-" + re.escape(stretch[-1]) if len(stretch) > 2
                          else re.escape("".join(stretch)))
            start = end
    return pieces


def _span(low: int, high: int) -> bytes:
    return bytes(range(low, high + 1))


_LEAD2, _LEAD3, _LEAD4, _FOLLOW = _span(0xC0, 0xDF), _span(0xE0, 0xEF), _span(0xF0, 0xF4), _span(0x80, 0xBF)
# Where ftfy restores a space to 0xA0 (its ALTERED_UTF8_RE): a lead byte 0xE2 or 0xE3, a space
# and a continuation byte; a lead byte 0xE0 to 0xE3, a continuation byte and a space, but for
# 0xE0 and 0xE1 where they are Cyrillic or Greek letters: "а» " ends a Russian quotation, "α» "
# a Greek one (the few characters lost that way, U+0800-U+1FFF with a no-break space in their
# bytes, are left as they are); 0xF0 and three continuation bytes, one of them a space.
_LEAD3_BEFORE_SPACE, _LEAD3_SPACED, _LEAD4_SPACED = b"\xe2\xe3", b"\xe0\xe1\xe2\xe3", b"\xf0"
_ALPHABETS = ("CYRILLIC", "GREEK")
_FOLLOW_SPACED = _span(0x80, 0x84) + _span(0x86, 0x9F) + _span(0xA1, 0xBF)
_SPACE = "[ \xa0]"


def _in_alphabet(char: str) -> bool:
    return unicodedata.name(char, "").split(" ")[0] in _ALPHABETS


def _shapes(codec: str) -> tuple[list[str], list[str], list[str]]:
    """The sequences ``codec`` shows UTF-8 as, 2, 3 and 4 characters long, as patterns."""
    def of(data: bytes) -> str:
        return _class((codec,), data)

    lead2, lead3, lead4, follow = of(_LEAD2), of(_LEAD3), of(_LEAD4), of(_FOLLOW)
    lead3_spaced = of(bytes(b for b in _LEAD3_SPACED if b >= 0xE2 or not _in_alphabet(bytes([b]).decode(codec))))
    lead3_before_space, lead4_spaced, follow_spaced = of(_LEAD3_BEFORE_SPACE), of(_LEAD4_SPACED), of(_FOLLOW_SPACED)
    # A class repeated is written once with a count: each class written costs its compiling.
    return (
        [lead2 + follow],
        [lead3 + follow + "{2}", lead3_before_space + _SPACE + follow_spaced, lead3_spaced + follow_spaced + _SPACE],
        [lead4 + follow + "{3}", lead4_spaced + _SPACE + follow_spaced + "{2}",
         lead4_spaced + follow_spaced + _SPACE + follow_spaced, lead4_spaced + follow_spaced + "{2}" + _SPACE],
    )


@functools.lru_cache(maxsize=1)
def _signs() -> re.Pattern[str]:
    """A lead byte's character and its continuation bytes', as one code page shows them (for
    ftfy, a space may stand for one continuation byte); a C1 control; U+FFFD. The pass stops at
    a continuation byte's character in any code page, and only there checks the characters
    around for a sequence in one of them: clean text holds far fewer of those than of lead
    bytes' characters (every Russian letter is one in Windows-1251)."""
    by_length: tuple[list[str], list[str], list[str]] = ([], [], [])
    for codec in ALL_CODE_PAGES:
        for found, shapes in zip(by_length, _shapes(codec)):
            found += [shape for shape in shapes if shape not in found]
    first = _class(ALL_CODE_PAGES, _FOLLOW)[:-1] + "\\ufffdÂÃ]"
    more = _class(ALL_CODE_PAGES, _FOLLOW)[:-1] + " \xa0]"
    two, three, four = ("|".join(shapes) for shapes in by_length)
    # Each shape written once: a sequence of three may end at the first character or one on,
    # one of four one or two on. Compiled at a process's first note that is not ASCII: written
    # out twice, 513 classes took 38 ms; now 197, and 15 ms.
    return re.compile(
        f"{first}(?:(?<=[\\x80-\\x9f\\ufffd])|(?<=[ÂÃ]){_SPACE}|(?<={two})|{more}?(?<={three})"
        f"|{more}{{1,2}}(?<={four}))"
    )


def may_need_repair(text: str, encoding: str) -> bool:
    """Whether a note as read (``encoding``) shows a sign of mojibake: only those are looked at
    closely, and only their repairs are worth keeping."""
    return encoding in ("utf-8", "utf-8-sig") and not text.isascii() and can_hold_mojibake(text)


def can_hold_mojibake(text: str) -> bool:
    """Whether ``text`` holds a sign of mojibake; without one, no repair would change it."""
    return _signs().search(text) is not None


def lines_with_signs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` holding a sign of mojibake, its line end included."""
    lines: list[tuple[int, int]] = []
    for found in _signs().finditer(text):
        start = text.rfind("\n", 0, found.start()) + 1
        if lines and start < lines[-1][1]:
            continue
        end = text.find("\n", found.start())
        lines.append((start, len(text) if end < 0 else end + 1))
    return lines
