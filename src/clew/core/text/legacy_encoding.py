"""Notes whose lines are in two encodings: UTF-8, and text pasted in from a legacy code page.

Each line that is UTF-8 is read as UTF-8; the others are read in one legacy encoding, the one
in which they read most like the UTF-8 lines: the same characters, the same scripts, mostly
lower case. A line or two is too little for charset_normalizer alone ("Строка" in cp1251 reads
as Big5 to it), but the UTF-8 lines around say what language the note is in.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.models import CharsetMatch

# Looked at, besides what charset_normalizer suggests; on a tie, the one listed first wins.
COMMON_LEGACY = (
    "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "koi8_r", "koi8_u", "iso8859_15",
    "mac_roman", "shift_jis", "gb18030", "big5", "euc_kr",
)
# Short Western text reads the same in several code pages; on a tie the most used one wins.
_TIE_WINNER = "cp1252"
# The legacy lines are judged on their first this many bytes (whole lines).
_SAMPLE_BYTES = 4096
# What charset_normalizer's first choice adds to an encoding's fit (``_fit``: up to 2.5).
_SUGGESTED_WEIGHT = 1.0


def best_match(data: bytes) -> CharsetMatch | None:
    """charset_normalizer's best reading of ``data``; None when it finds none."""
    matches = from_bytes(data)
    best = matches.best()
    for match in matches:
        if best is not None and match.encoding == _TIE_WINNER and match.chaos <= best.chaos \
                and match.coherence >= best.coherence:
            best = match
    return None if best is None or best.encoding is None else best


@dataclass(frozen=True)
class MixedText:
    """A note decoded line by line: ``legacy_lines`` of its lines read in ``encoding``."""

    text: str
    encoding: str
    legacy_lines: int


def decode_mixed(data: bytes) -> MixedText | None:
    """``data`` read line by line, or None unless it holds both lines of UTF-8 beyond ASCII and
    lines that are not UTF-8 (then it is in one encoding, or is not text)."""
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    legacy: list[bytes] = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
            legacy.append(line)
    utf8 = "".join(text for text in decoded if text is not None and not text.isascii())
    if not utf8 or not legacy:
        return None
    encoding = _likeliest(legacy, utf8)
    if encoding is None:
        return None
    text = "\n".join(text if text is not None else line.decode(encoding, errors="replace")
                     for text, line in zip(decoded, lines))
    return MixedText(text, encoding, len(legacy))


def _likeliest(legacy: list[bytes], utf8: str) -> str | None:
    """The encoding the ``legacy`` lines read best in, judged against the note's ``utf8`` text."""
    sample = b"\n".join(_first_lines(legacy, _SAMPLE_BYTES))
    suggested = best_match(sample)
    suggested_encoding = suggested.encoding if suggested else None
    seen = set(utf8)
    scripts = {_script(c) for c in seen} - {""}
    best, best_fit = None, -1.0
    for encoding in COMMON_LEGACY + ((suggested_encoding,) if suggested_encoding else ()):
        try:
            text = sample.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        # charset_normalizer's choice counts too: over a few lines it is often right where the
        # UTF-8 lines say little (English around a pasted Russian paragraph).
        fit = _fit(text, seen, scripts) + (_SUGGESTED_WEIGHT if encoding == suggested_encoding else 0.0)
        if fit > best_fit:
            best, best_fit = encoding, fit
    return best


def _first_lines(lines: list[bytes], most: int) -> list[bytes]:
    """The first of ``lines`` that together hold at most ``most`` bytes (at least one line)."""
    taken, size = [], 0
    for line in lines:
        if taken and size + len(line) > most:
            break
        taken.append(line)
        size += len(line) + 1
    return taken


def _fit(text: str, seen: set[str], scripts: set[str]) -> float:
    """How much ``text``'s characters beyond ASCII look like the UTF-8 lines': each one counts
    when it is among theirs, when it is in one of their scripts, and (half) when lower case."""
    wide = [c for c in text if not c.isascii()]
    if not wide:
        return 0.0
    return sum((c in seen) + (_script(c) in scripts) + 0.5 * c.islower() for c in wide) / len(wide)


def _script(character: str) -> str:
    """The script a letter is in, as the first word of its Unicode name ("CYRILLIC"); "" for
    anything else."""
    if not character.isalpha():
        return ""
    return unicodedata.name(character, "").partition(" ")[0]
