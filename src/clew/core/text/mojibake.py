"""Mojibake: find UTF-8 text that was read in a legacy code page, and repair it, rebuilding lost bytes.

A note saved as UTF-8, opened as Windows-125x and saved again arrives as Latin-looking garbage
("è¯¾ç¨‹" for "课程"). Encoding it back in that code page gives the original bytes, except the
ones the code page leaves undefined (and soft hyphens, which editors drop): those are gone, so
some characters arrive a byte or two short; they are rebuilt here (ftfy handles the mojibake
no code page explains). Lead bytes always survive, so each short character is a lead byte and fewer continuation
bytes than it announces; the missing ones come from the small set of lost bytes, which leaves a
handful of candidates, and a character model for the script around it picks one.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from clew.core.text.mojibake_signs import CODE_PAGES, can_hold_mojibake, lines_with_signs, may_need_repair
from clew.core.text.run_groups import Group, everyday_weight

# Evidence needed before a note counts as mojibake: complete UTF-8 sequences of everyday
# characters found in it, their share of the complete ones, and of all, complete or short
# (Japanese read as Windows-1254 loses a byte of every hiragana: short ones may be the most).
_MIN_SEQUENCES = 3
_MIN_EVERYDAY = 0.9
_MIN_SHARE = 0.25
# Where the evidence for mojibake is looked for: the first part of a note is enough.
_SNIFF_CHARS = 200_000
# Where a first quick reading looks for it (``repair(guess=False)``): on the 10k bench vault's
# mis-encoded notes (3,000 characters), the same code page in 81 of 83, detection 6.7 -> 3.0 ms.
_QUICK_SNIFF_CHARS = 1000


@dataclass(frozen=True)
class Repair:
    """Repaired text and what was done: ``restored`` characters decoded back from mojibake,
    ``rebuilt`` of them from guessed lost bytes."""

    text: str
    code_page: str
    restored: int
    rebuilt: int
    # False for a quick reading (``repair(guess=False)``): some lost bytes were not chosen by the models.
    complete: bool = True

    def describe(self) -> str:
        if not self.complete:
            return (f"Shown as read quickly: UTF-8 text that had been read as {self.code_page}, being "
                    "repaired; some characters rebuilt from lost bytes may still be wrong. The file itself "
                    "is unchanged.")
        rebuilt = f", {self.rebuilt} of them rebuilt from lost bytes (best guesses)" if self.rebuilt else ""
        return (f"Shown as UTF-8 text that had been read as {self.code_page}; "
                f"{self.restored} characters restored{rebuilt}. The file itself is unchanged.")


def _lead_length(byte: int) -> int:
    if 0xC2 <= byte <= 0xDF:
        return 2
    if 0xE0 <= byte <= 0xEF:
        return 3
    if 0xF0 <= byte <= 0xF4:
        return 4
    return 0


@functools.lru_cache(maxsize=None)
def _byte_of(codec: str) -> dict[str, int]:
    """Each non-ASCII character of ``codec`` -> its byte."""
    found: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            found[bytes([byte]).decode(codec)] = byte
        except UnicodeDecodeError:
            continue
    return found


@functools.lru_cache(maxsize=None)
def lost_bytes(codec: str) -> tuple[int, ...]:
    """Continuation bytes a round trip through ``codec`` loses: undefined there, or an invisible
    format character (the soft hyphen) that editors drop."""
    lost = []
    for byte in range(0x80, 0xC0):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            lost.append(byte)
            continue
        if unicodedata.category(char) == "Cf":
            lost.append(byte)
    return tuple(lost)


@functools.lru_cache(maxsize=4096)
def _candidates(data: bytes, length: int, lost: tuple[int, ...]) -> tuple[str, ...]:
    """The characters the lead byte and continuation bytes ``data``, short of the ``length``
    it announces, may have been: each way of putting ``lost`` bytes back among them that
    decodes, each character once, in the order found (places first, then values)."""
    missing = length - len(data)
    found: dict[str, None] = {}
    for places in itertools.combinations(range(1, length), missing):
        rebuilt = bytearray(length)
        for slot, byte in zip((slot for slot in range(length) if slot not in places), data):
            rebuilt[slot] = byte
        for values in itertools.product(lost, repeat=missing):
            for place, value in zip(places, values):
                rebuilt[place] = value
            try:
                found[rebuilt.decode("utf-8")] = None
            except UnicodeDecodeError:
                continue
    return tuple(found)


def _groups(chars: str, codec: str) -> list[Group]:
    """Split a run of code-page characters into UTF-8 characters, complete or short (with the
    candidates for each short one): a lead byte and the continuation bytes after it, as many as
    it announces at most, or a stray byte. Found by one regular expression over the run's bytes,
    each distinct one judged once (``_group``): a byte at a time in Python, this was half of a
    quick reading's time."""
    return [_group(data, codec) for data in _GROUP_RE.findall(chars.encode(codec))]


@dataclass(frozen=True)
class _RunReading:
    """A run of code-page characters read back: how many of its groups were decoded
    (``restored``) and rebuilt from lost bytes (``rebuilt``), whether each has one reading
    (``certain``), and its quick spelling: each group read as its option in the most everyday
    character sets, no model asked, exact where no byte was lost (on the 10k bench vault, 81% of
    a mis-encoded note's links then read as repaired, 70% with each group's first option)."""

    restored: int
    rebuilt: int
    certain: bool
    quick: str


@functools.lru_cache(maxsize=1 << 14)
def _read_run(chars: str, codec: str) -> _RunReading:
    """The run ``chars`` read back from ``codec``. Cached: a note's words come again and again
    (a mis-encoded note of the 10k bench vault holds 130 runs, 17 of them met for the first
    time in the vault), and a quick reading was the groups of every run, counted and spelt."""
    try:
        # Half the runs of a mis-encoded note lost no byte: UTF-8 whole, each character a group decoded.
        whole = chars.encode(codec).decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _RunReading(len(whole), 0, True, whole)
    restored = rebuilt = 0
    certain = True
    spelling = []
    for group in _groups(chars, codec):
        restored += group.decoded
        rebuilt += group.guessed
        if len(group.options) == 1:
            spelling.append(group.options[0])
        else:
            certain = False
            spelling.append(_everyday_option(group.options))
    return _RunReading(restored, rebuilt, certain, "".join(spelling))


@functools.lru_cache(maxsize=1 << 12)
def _everyday_option(options: tuple[str, ...]) -> str:
    """Of several options, the one in the most everyday character sets (the first of those that tie)."""
    return max(options, key=everyday_weight)


@functools.lru_cache(maxsize=1 << 16)
def _group(data: bytes, codec: str) -> Group:
    """The group of the bytes ``data`` (one of ``_GROUP_RE``'s), read in ``codec``."""
    original = data.decode(codec)
    length = _lead_length(data[0])
    if not length:
        return Group(original, (original,))
    if len(data) == length:
        try:
            return Group(original, (data.decode("utf-8"),), decoded=True)
        except UnicodeDecodeError:
            return Group(original, (original,))
    options = _candidates(data, length, lost_bytes(codec))
    return Group(original, options or (original,), short=True, decoded=bool(options))


@functools.lru_cache(maxsize=None)
def _run_re(codec: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(_byte_of(codec)))}]+")


def _runs(text: str, codec: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of non-ASCII characters that ``codec`` has bytes for."""
    return [match.span() for match in _run_re(codec).finditer(text)]


def _evidence(data: bytes, codec: str) -> tuple[int, int, int]:
    """Read back through ``codec`` (``data``: the text as ``_as_bytes`` gives it): how many
    complete multi-byte sequences it holds that decode to characters people write (in an
    everyday character set, or an emoji), how many decode to anything else, and how many short
    ones the lost bytes can complete. Clean text in a legacy code page yields short "sequences"
    (a lead byte after a lead byte) and odd characters; mojibake yields everyday ones."""
    # Each distinct sequence judged once: this runs on a mis-encoded note once per code page
    # that may explain it.
    counts = [0, 0, 0, 0]
    for sequence, times in Counter(_SEQUENCE_RE.findall(data)).items():
        counts[_kind(sequence, codec)] += times
    return counts[_EVERYDAY], counts[_ODD], counts[_FIXABLE]


_EVERYDAY, _ODD, _FIXABLE, _NEITHER = range(4)


@functools.lru_cache(maxsize=1 << 16)
def _kind(data: bytes, codec: str) -> int:
    """What the sequence ``data`` (bytes of ``codec``) counts as for ``_evidence``, read off
    its group: the quick reading after detection finds that group made."""
    group = _group(data, codec)
    if not group.decoded:
        return _NEITHER
    if group.short:
        return _FIXABLE
    char = group.options[0]
    return _EVERYDAY if everyday_weight(char) > 0 or unicodedata.category(char) == "So" else _ODD


def _as_bytes(text: str, codec: str) -> bytes:
    """``text`` in ``codec``, a character it has no byte for as "?": ASCII, like every
    character between two runs (``_runs``), so the UTF-8 sequences found in these bytes are
    those of the runs. One encoding in C, where finding the runs and joining them cost 40 µs
    for each code page tried on a note's first thousand characters."""
    return text.encode(codec, "replace")


# A lead byte and as many continuation bytes after it as it announces at most (``_groups``).
_SEQUENCE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]?|[\xe0-\xef][\x80-\xbf]{0,2}|[\xf0-\xf4][\x80-\xbf]{0,3}")
# Those, or a stray byte (a continuation byte alone, or one that leads nothing): every byte of a
# run (all of 0x80-0xFF) is in one.
_GROUP_RE = re.compile(_SEQUENCE_RE.pattern + rb"|[\x80-\xff]")


# A lead byte and a continuation byte: the mark of UTF-8 read in a code page. Clean notes
# rarely hold even one such pair.
_PAIR_RE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
# The bytes a sequence starts with (``_SEQUENCE_RE``).
_LEAD_BYTES = bytes(range(0xC2, 0xF5))


def detect(text: str) -> tuple[str, str] | None:
    """The (codec, name) of the code page ``text`` was mis-read in, or None for clean text."""
    sniffed = text[:_SNIFF_CHARS]
    pages = []
    for codec, name in CODE_PAGES:
        data = _as_bytes(sniffed, codec)
        if len(_PAIR_RE.findall(data)) >= _MIN_SEQUENCES:
            pages.append((len(data) - len(data.translate(None, _LEAD_BYTES)), codec, name, data))
    # A code page's score (sequences, each led by a lead byte) is at most its lead bytes: taken
    # from the most, one with fewer than the best score so far can neither win nor tie, and its
    # evidence is not looked at (on the 10k bench vault's mis-encoded notes, 345 of 432).
    pages.sort(key=itemgetter(0), reverse=True)
    scored: list[tuple[int, int, str, str]] = []
    for leads, codec, name, data in pages:
        if scored and leads < max(score for score, *_ in scored):
            continue
        everyday, odd, fixable = _evidence(data, codec)
        # Sequences that lost a byte count too (a short note of emoji loses one in most of them),
        # as long as one sequence came through whole.
        if everyday and everyday + fixable >= _MIN_SEQUENCES and everyday >= _MIN_EVERYDAY * (everyday + odd) \
                and everyday >= _MIN_SHARE * (everyday + odd + fixable):
            scored.append((everyday + fixable, len(lost_bytes(codec)), codec, name))
    if not scored:
        return None
    # On a tie the text reads the same in both: the code page that loses more bytes offers every
    # candidate the other does, and the user is told it could have been either.
    scored.sort(reverse=True)
    tied = [name for score, _lost, _codec, name in scored if score == scored[0][0]]
    name = tied[0] + (f" (or {', '.join(tied[1:])}, which read the same here)" if len(tied) > 1 else "")
    return scored[0][2], name


def _rebuild(text: str, codec: str, models: Path | None, known: Mapping[str, str],
             guess: bool) -> tuple[str, int, int, bool]:
    """``text`` decoded back from ``codec`` a line at a time; also whether every character a
    lost byte left short was chosen by the models (or taken from ``known``)."""
    if not guess and not known:
        return _quick_rebuild(text, codec)
    out: list[str] = []
    restored = rebuilt = 0
    complete = True
    for line in text.split("\n"):
        runs = _runs(line, codec)
        if not runs:  # nothing to decode: no model is loaded for it
            out.append(line)
            continue
        readings = [_read_run(line[start:end], codec) for start, end in runs]
        restored += sum(reading.restored for reading in readings)
        rebuilt += sum(reading.rebuilt for reading in readings)
        certain = all(reading.certain for reading in readings)
        if line in known:
            out.append(known[line])
        elif not guess or certain:
            complete = complete and certain
            out.append(_spelt(line, runs, [reading.quick for reading in readings]))
        else:
            out.append(_chosen(line, runs, [_groups(line[start:end], codec) for start, end in runs], codec, models))
    return "\n".join(out), restored, rebuilt, complete


def _quick_rebuild(text: str, codec: str) -> tuple[str, int, int, bool]:
    """``_rebuild`` where no line is known and no model is asked: every run is its quick
    spelling, so the runs are replaced in the whole text at once, not searched, cut and joined
    again line by line (17 -> 8 ms for the 10k bench vault's 83 mis-encoded notes)."""
    readings: list[_RunReading] = []

    def spelt(run: re.Match[str]) -> str:
        reading = _read_run(run[0], codec)
        readings.append(reading)
        return reading.quick

    repaired = _run_re(codec).sub(spelt, text)
    return (repaired, sum(reading.restored for reading in readings), sum(reading.rebuilt for reading in readings),
            all(reading.certain for reading in readings))


def _spelt(line: str, runs: list[tuple[int, int]], spellings: list[str]) -> str:
    """``line`` with each run ``line[start:end]`` of ``runs`` replaced by its spelling."""
    pieces, position = [], 0
    for (start, end), spelling in zip(runs, spellings):
        pieces += [line[position:start], spelling]
        position = end
    pieces.append(line[position:])
    return "".join(pieces)


def _chosen(line: str, runs: list[tuple[int, int]], grouped: list[list[Group]], codec: str,
            models: Path | None) -> str:
    """``line`` with each run's spelling chosen by the models of its language."""
    # Imported here: wordfreq and the models (~0.2 s, ~20 MB) serve the full repair only, which
    # the window leaves to its repair child; its quick readings need none of them.
    from clew.core.text.charmodel import language_of, model_for
    from clew.core.text.spelling_choice import choose_spellings

    readable = "".join(g.options[0] for groups in grouped for g in groups if not g.guessed)
    model = model_for(language_of(readable or line), models)
    decoded = [g.options[0] for groups in grouped for g in groups if g.decoded and not g.guessed]
    brackets = frozenset(unicodedata.category(c) for c in "".join(decoded) + line if c not in _byte_of(codec))
    return _spelt(line, runs, choose_spellings(runs, grouped, line, model, models, brackets))


def _changed_characters(before: str, after: str) -> int:
    """Characters of ``after`` that differ from ``before``, counted line by line."""
    changed = 0
    for old, new in zip(before.split("\n"), after.split("\n")):
        if old != new:
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            changed += len(new) - sum(block.size for block in matcher.get_matching_blocks())
    return changed


def repair(text: str, models: Path | None = None, known: Mapping[str, str] | None = None,
           guess: bool = True) -> Repair | None:
    """The repaired text of a mojibake note, or None when ``text`` shows no mojibake. The
    character and word models are loaded from the folder ``models`` when it holds them, and
    kept there when they are built (``model_file``). A line found in ``known`` (source line ->
    its repair, from an earlier repair of the note) is not repaired again. ``guess=False``
    gives a quick reading that loads no model: a character a lost byte left short is then its
    candidate in the most everyday character sets, and the repair says it is not ``complete``.

    Text without a sign of it (``can_hold_mojibake``) is clean, found in one quick pass; only
    the rest is looked at closely. When a code page explains the text, every character is
    decoded back from its bytes here, short ones rebuilt; ftfy is not run first there, because
    on text with lost bytes it pairs a short sequence with the next character ("🎉 " became
    "🉠"). Other mojibake (complete sequences, double encodings, C1 controls) is ftfy's, on the
    lines that show a sign of it."""
    if not can_hold_mojibake(text):
        return None
    # A first quick reading (nothing known of the note) looks for the code page in its first
    # part only, and is never complete: the full repair, later, looks at the whole.
    sniffed = not guess and not known and len(text) > _QUICK_SNIFF_CHARS
    found = detect(text[:_QUICK_SNIFF_CHARS]) if sniffed else None
    if found is None:
        sniffed, found = False, detect(text)
    if found is not None:
        codec, name = found
        repaired, restored, rebuilt, complete = _rebuild(text, codec, models, known or {}, guess)
        return Repair(repaired, name, restored, rebuilt, complete and not sniffed)
    fixed = _ftfy_lines(text)
    if fixed == text or fixed.count("\n") != text.count("\n"):
        return None
    return Repair(fixed, "another encoding (repaired by ftfy)", _changed_characters(text, fixed), 0)


def _ftfy_lines(text: str) -> str:
    """ftfy's repair of ``text``, run on the lines with a sign of mojibake only: ftfy repairs
    a line at a time, and leaves the others as they are."""
    import ftfy  # ~0.1 s and 10 MB, for the mojibake no code page explains: rare

    config = ftfy_config()
    pieces, position = [], 0
    for start, end in lines_with_signs(text):
        pieces += [text[position:start], ftfy.fix_text(text[start:end], config)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def repair_note(text: str, encoding: str, models: Path | None = None) -> Repair | None:
    """``repair`` for a note as read. Only text read as UTF-8 can be mojibake (a legacy encoding
    was decoded as what it is), and ASCII text cannot be: those are skipped at no cost, so the
    index and the search can ask this of every note and see what the view shows."""
    if not may_need_repair(text, encoding):
        return None
    return repair(text, models)


def mangle(text: str, codec: str = "cp1254") -> str:
    """What the damage does to ``text``: its UTF-8 bytes read in ``codec``, the bytes ``codec``
    loses dropped. The inverse of ``repair``; tests and benchmarks make their samples with it."""
    lost = set(lost_bytes(codec))
    return bytes(b for b in text.encode("utf-8") if b not in lost).decode(codec)


@functools.cache
def ftfy_config():
    """ftfy repairs encodings only: widths, quotes, ligatures and line breaks are the author's."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        fix_surrogates=False, replace_lossy_sequences=False, restore_byte_a0=False, remove_control_chars=False,
        normalization=None, explain=False,
    )
