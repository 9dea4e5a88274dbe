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
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy
import wordfreq

from clew.core.text.charmodel import CharModel, fallback_model, language_of, model_for
from clew.core.text.mojibake_signs import CODE_PAGES, can_hold_mojibake, lines_with_signs
from clew.core.text.wordmodel import MAX_WORD, WordModel, word_model

# ftfy repairs encodings only: widths, quotes, ligatures and line breaks are the author's.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=False, replace_lossy_sequences=False, restore_byte_a0=False, remove_control_chars=False, normalization=None, explain=False,
)
# Evidence needed before a note counts as mojibake: complete UTF-8 sequences of everyday
# characters found in it, their share of the complete ones, and of all, complete or short
# (Japanese read as Windows-1254 loses a byte of every hiragana: short ones may be the most).
_MIN_SEQUENCES = 3
_MIN_EVERYDAY = 0.9
_MIN_SHARE = 0.25
# Categories no one writes on purpose: a candidate in one of them is all but ruled out.
_IMPLAUSIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_IMPLAUSIBLE_LOG = -60.0
# Joiners and variation selectors belong after an emoji (So), nowhere else.
_EMOJI_MARKS = "\u200d\ufe0e\ufe0f"
_KEYCAP_BASES = "0123456789#*"
# Legacy character sets whose repertoire says which characters are in everyday use: a
# candidate in more of them is likelier (it decides between punctuation word lists lack).
_EVERYDAY_CODECS = ("gb2312", "big5", "shift_jis", "euc_kr", "cp1251", "cp1252")
# Scripts written with spaces between words are judged a word at a time, by the word's
# frequency; these are not (and would need word segmentation).
_UNSPACED_LANGUAGES = frozenset({"zh", "ja"})
_MAX_WORD_CHOICES = 4096
# Unspaced languages: the weight of a word's log frequency against the characters', and what
# a character no list holds as a word counts for.
_WORDS_WEIGHT = 0.6
_UNKNOWN_WORD_LOG = math.log(1e-9)
# Where reading runs as words pays: Japanese, its kana each a byte short, reads better by the
# characters alone (99.5% against 99.0% in bench/mojibake.py).
_WORD_CONTEXT_LANGUAGES = frozenset({"zh"})
_WORD_WEIGHT = 1.0
_UNKNOWN_WORD = 1e-9
_WORD_EDGE_RE = re.compile(r"\w*\Z")
_WORD_START_RE = re.compile(r"\w*")
# Where the evidence for mojibake is looked for: the first part of a note is enough.
_SNIFF_CHARS = 200_000


@dataclass(frozen=True)
class Repair:
    """Repaired text and what was done: ``restored`` characters decoded back from mojibake,
    ``rebuilt`` of them from guessed lost bytes."""

    text: str
    code_page: str
    restored: int
    rebuilt: int

    def describe(self) -> str:
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


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


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


@dataclass
class _Group:
    """One lead byte and its continuation bytes (or a stray byte), as found in a run. A short
    group lacks continuation bytes; ``options`` are what it may have been."""

    original: str
    options: tuple[str, ...]
    short: bool = False
    decoded: bool = False

    @property
    def guessed(self) -> bool:
        return self.short and self.decoded


@functools.lru_cache(maxsize=4096)
def _candidates(data: bytes, length: int, lost: tuple[int, ...]) -> tuple[str, ...]:
    missing = length - len(data)
    found: list[str] = []
    for places in itertools.combinations(range(1, length), missing):
        for values in itertools.product(lost, repeat=missing):
            rebuilt, taken, inserted = bytearray(), iter(data), iter(values)
            for slot in range(length):
                rebuilt.append(next(inserted) if slot in places else next(taken))
            try:
                char = bytes(rebuilt).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if char not in found:
                found.append(char)
    return tuple(found)


def _sequences(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(start, end, length announced) of each UTF-8 sequence in ``data``: a lead byte and the
    continuation bytes after it, as many as it announces at most; a stray byte announces 0."""
    start, size = 0, len(data)
    while start < size:
        length = _lead_length(data[start])
        end = start + 1
        while length and end < size and end - start < length and _is_continuation(data[end]):
            end += 1
        yield start, end, length
        start = end


def _groups(chars: str, codec: str) -> list[_Group]:
    """Split a run of code-page characters into UTF-8 characters, complete or short (with the
    candidates for each short one)."""
    data = _bytes_of(chars, codec)
    groups: list[_Group] = []
    for start, end, length in _sequences(data):
        original = chars[start:end]
        if not length:
            groups.append(_Group(original, (original,)))
        elif end - start == length:
            try:
                groups.append(_Group(original, (data[start:end].decode("utf-8"),), decoded=True))
            except UnicodeDecodeError:
                groups.append(_Group(original, (original,)))
        else:
            options = _candidates(data[start:end], length, lost_bytes(codec))
            groups.append(_Group(original, options or (original,), short=True, decoded=bool(options)))
    return groups


@functools.lru_cache(maxsize=None)
def _to_bytes(codec: str) -> dict[int, int]:
    """A ``str.translate`` table: each non-ASCII character of ``codec`` -> its byte."""
    return {ord(char): byte for char, byte in _byte_of(codec).items()}


def _bytes_of(chars: str, codec: str) -> bytes:
    """The bytes of ``chars`` (characters of ``codec``, as ``_runs`` finds them) in ``codec``:
    translated and encoded in C, not looked up a character at a time."""
    return chars.translate(_to_bytes(codec)).encode("latin-1")


@functools.lru_cache(maxsize=None)
def _run_re(codec: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(_byte_of(codec)))}]+")


def _runs(text: str, codec: str) -> list[tuple[int, int]]:
    """(start, end) of each stretch of non-ASCII characters that ``codec`` has bytes for."""
    return [match.span() for match in _run_re(codec).finditer(text)]


def _evidence(text: str, codec: str) -> tuple[int, int, int]:
    """Read back through ``codec``: how many complete multi-byte sequences ``text`` holds that
    decode to characters people write (in an everyday character set, or an emoji), how many
    decode to anything else, and how many short ones the lost bytes can complete. Clean text in
    a legacy code page yields short "sequences" (a lead byte after a lead byte) and odd
    characters; mojibake yields everyday ones."""
    everyday = odd = fixable = 0
    lost = lost_bytes(codec)
    # The sequences ``_groups`` finds, without making a group of each: this runs on every run
    # of a mis-encoded note once per code page that may explain it.
    for start, end in _runs(text, codec):
        data = _bytes_of(text[start:end], codec)
        for at, stop, length in _sequences(data):
            if length and stop - at == length:
                try:
                    char = data[at:stop].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if _everyday(char) > 0 or unicodedata.category(char) == "So":
                    everyday += 1
                else:
                    odd += 1
            elif length and _candidates(data[at:stop], length, lost):
                fixable += 1
    return everyday, odd, fixable


@functools.lru_cache(maxsize=None)
def _pair_re(codec: str) -> re.Pattern[str]:
    """A lead byte's character followed by a continuation byte's, as ``codec`` shows them: the
    mark of UTF-8 read in that code page. Clean notes rarely hold even one such pair."""
    leads = "".join(c for c, b in _byte_of(codec).items() if _lead_length(b))
    continuations = "".join(c for c, b in _byte_of(codec).items() if _is_continuation(b))
    return re.compile(f"[{re.escape(leads)}][{re.escape(continuations)}]")


def detect(text: str) -> tuple[str, str] | None:
    """The (codec, name) of the code page ``text`` was mis-read in, or None for clean text."""
    scored = []
    for codec, name in CODE_PAGES:
        if len(_pair_re(codec).findall(text, 0, _SNIFF_CHARS)) < _MIN_SEQUENCES:
            continue
        everyday, odd, fixable = _evidence(text[:_SNIFF_CHARS], codec)
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


def _context(char: str) -> str:
    """What the model sees of a neighbour: letters as they are, anything else as a word edge."""
    return char if char.isalpha() or unicodedata.category(char).startswith("M") else " "


@functools.lru_cache(maxsize=65536)
def _everyday(char: str) -> float:
    """log(1 + how many everyday character sets hold ``char``)."""
    held = 0
    for codec in _EVERYDAY_CODECS:
        try:
            char.encode(codec)
            held += 1
        except UnicodeEncodeError:
            continue
    return math.log1p(held)


@functools.lru_cache(maxsize=1 << 17)
def _score(model: CharModel, previous: str, char: str) -> float:
    """How likely ``char`` is after ``previous``; kept, as the same pairs come back in every
    candidate spelling and every note."""
    if char in _EMOJI_MARKS:
        if unicodedata.category(previous) != "So" and previous not in _KEYCAP_BASES:
            return _IMPLAUSIBLE_LOG
    elif unicodedata.category(char) in _IMPLAUSIBLE:
        return _IMPLAUSIBLE_LOG
    return model.log_prob(_context(previous), char, fallback_model()) + _everyday(char)


def _unpaired(option: str, brackets: frozenset[str]) -> float:
    """A bracket whose partner kind (opening for a closing one, and back) the line lacks is all
    but ruled out: 、 is not 」, nor 【. ``brackets`` holds the categories seen in the line."""
    partner = {"Pe": "Ps", "Ps": "Pe"}.get(unicodedata.category(option[0]))
    return _IMPLAUSIBLE_LOG if partner and partner not in brackets else 0.0


def _choose_word(groups: list[_Group], prefix: str, suffix: str, model: CharModel,
                 brackets: frozenset[str]) -> str:
    """The likeliest spelling of a word with a few short characters, judged as a whole word by
    its frequency (for scripts that put spaces between words) and by the character model."""
    before, after = prefix[-1:] or " ", suffix[:1] or " "
    # Every spelling, in itertools.product's order (the first of equal scores wins), grown a
    # group at a time with its bigram scores and bracket penalties summed so far, left to right
    # as a sum over the whole word would add them: a 4096-spelling word no longer costs 4096
    # walks along it.
    spellings = [("", before, 0.0, 0.0)]
    for group in groups:
        options = [(option, _unpaired(option, brackets)) for option in group.options]
        grown = []
        for text, last, chain, unpaired in spellings:
            for option, penalty in options:
                extended = chain
                previous = last
                for char in option:
                    extended += _score(model, previous, char)
                    previous = char
                grown.append((text + option, previous, extended, unpaired + penalty))
        spellings = grown
    best_score, best_text = -math.inf, ""
    for text, last, chain, unpaired in spellings:
        frequency = wordfreq.word_frequency(prefix + text + suffix, model.language)
        score = chain + _score(model, last, after) + _WORD_WEIGHT * math.log(frequency + _UNKNOWN_WORD) + unpaired
        if score > best_score:
            best_score, best_text = score, text
    return best_text


def _choose(groups: list[_Group], before: str, after: str, model: CharModel, brackets: frozenset[str]) -> str:
    """The most likely text for a run: Viterbi over each group's options with a bigram model."""
    # best[i] = (score, text) of the best path ending in option i of the current group
    best = [(0.0, "")]
    last_chars = [before]
    for group in groups:
        scored = []
        for option in group.options:
            inner = sum(_score(model, a, b) for a, b in zip(option, option[1:])) if group.guessed else 0.0
            inner += _unpaired(option, brackets) if group.guessed else 0.0
            score, text = max(
                ((s + _score(model, last_chars[i], option[0]) + inner, t) for i, (s, t) in enumerate(best)),
                key=lambda pair: pair[0],
            )
            scored.append((score, text + option))
        best = scored
        last_chars = [option[-1] for option in group.options]
    finals = [(s + _score(model, last_chars[i], after), t) for i, (s, t) in enumerate(best)]
    return max(finals, key=lambda pair: pair[0])[1]


def _choose_words(groups: list[_Group], before: str, after: str, model: CharModel, words: WordModel,
                  brackets: frozenset[str]) -> str:
    """The most likely text for a run in a language written without spaces: read as words end
    to end, each scored by its frequency (a run of characters no word list holds is not a word;
    a single character always is, if only an unknown one), and every character by the bigram
    model. The words and each group's option are found together (dynamic programming over where
    words end and which option the group before ends in), so a candidate wins by the words it
    forms with its neighbours, and a single character's frequency never decides alone. Spellings
    are grown a group at a time while some word starts with them."""
    count = len(groups)
    own = [[(_unpaired(option, brackets) if group.guessed else 0.0)
            + sum(_score(model, a, b) for a, b in zip(option, option[1:])) for option in group.options]
           for group in groups]
    # best[end][option of group end-1] = (score, where its word starts, the word's options, the
    # option of the group before the word); best[0] holds the run's start alone.
    best: list[dict[int, tuple[float, int, tuple[int, ...], int]]] = [{} for _ in range(count + 1)]
    best[0][0] = (0.0, 0, (), 0)
    for start in range(count):
        before_word = [(score, groups[start - 1].options[previous][-1] if start else before, previous)
                       for previous, (score, *_rest) in best[start].items()]
        entering: dict[str, tuple[float, int]] = {}  # a word's first character -> best way in
        spellings: list[tuple[tuple[int, ...], str, float]] = [((), "", 0.0)]
        for end in range(start + 1, min(count, start + MAX_WORD) + 1):
            grown = [(combo + (index,), text + option,
                      inner + own[end - 1][index] + (_score(model, text[-1], option[0]) if text else 0.0))
                     for combo, text, inner in spellings for index, option in enumerate(groups[end - 1].options)]
            spellings = []
            for combo, text, inner in grown:
                word = words.log_prob(text)
                if word is None and end == start + 1:
                    word = _UNKNOWN_WORD_LOG
                if word is not None:
                    if text[0] not in entering:
                        entering[text[0]] = _way_in(before_word, text[0], model)
                    way_in, previous = entering[text[0]]
                    total = way_in + inner + _WORDS_WEIGHT * word + (_score(model, text[-1], after) if end == count else 0.0)
                    if combo[-1] not in best[end] or total > best[end][combo[-1]][0]:
                        best[end][combo[-1]] = (total, start, combo, previous)
                if words.starts_a_word(text):
                    spellings.append((combo, text, inner))
            if not spellings:
                break
    pieces, end = [], count
    option = max(best[end], key=lambda key: best[end][key][0])
    while end:
        _total, start, combo, previous = best[end][option]
        pieces.append("".join(group.options[i] for group, i in zip(groups[start:end], combo)))
        end, option = start, previous
    return "".join(reversed(pieces))


def _way_in(before_word: list[tuple[float, str, int]], first: str, model: CharModel) -> tuple[float, int]:
    """The best (score, option of the group before) to enter a word starting with ``first``
    from ``before_word`` ((score, last character, option) of each way the text before may end);
    the first of equal ones. A loop, not max() over a generator: this runs for every option of
    every group of a Chinese run, against every option of the group before."""
    best_score, best_previous = -math.inf, 0
    found = False
    for score, last, previous in before_word:
        total = score + _score(model, last, first)
        if not found or total > best_score:
            best_score, best_previous, found = total, previous, True
    return best_score, best_previous


def _rebuild(text: str, codec: str, models: Path | None) -> tuple[str, int, int]:
    out: list[str] = []
    restored = rebuilt = 0
    for line in text.split("\n"):
        runs = _runs(line, codec)
        grouped = [_groups(line[start:end], codec) for start, end in runs]
        readable = "".join(g.options[0] for groups in grouped for g in groups if not g.guessed)
        model = model_for(language_of(readable or line), models)
        decoded = [g.options[0] for groups in grouped for g in groups if g.decoded and not g.guessed]
        brackets = frozenset(unicodedata.category(c) for c in "".join(decoded) + line if c not in _byte_of(codec))
        pieces, position = [], 0
        for (start, end), groups in zip(runs, grouped):
            pieces.append(line[position:start])
            before = line[start - 1] if start else " "
            after = line[end] if end < len(line) else " "
            choices = math.prod(len(g.options) for g in groups)
            if model.language not in _UNSPACED_LANGUAGES and 1 < choices <= _MAX_WORD_CHOICES:
                prefix = _WORD_EDGE_RE.search(line, 0, start).group(0)
                suffix = _WORD_START_RE.match(line, end).group(0)
                pieces.append(_choose_word(groups, prefix, suffix, model, brackets))
            elif model.language in _WORD_CONTEXT_LANGUAGES and choices > 1:
                pieces.append(_choose_words(groups, before, after, model, word_model(model.language, models), brackets))
            else:
                pieces.append(_choose(groups, before, after, model, brackets))
            restored += sum(1 for g in groups if g.decoded)
            rebuilt += sum(1 for g in groups if g.guessed)
            position = end
        pieces.append(line[position:])
        out.append("".join(pieces))
    return "\n".join(out), restored, rebuilt


def _changed_characters(before: str, after: str) -> int:
    """Characters of ``after`` that differ from ``before``, counted line by line."""
    changed = 0
    for old, new in zip(before.split("\n"), after.split("\n")):
        if old != new:
            matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
            changed += len(new) - sum(block.size for block in matcher.get_matching_blocks())
    return changed


def repair(text: str, models: Path | None = None) -> Repair | None:
    """The repaired text of a mojibake note, or None when ``text`` shows no mojibake. The
    character and word models are loaded from the folder ``models`` when it holds them, and
    kept there when they are built (``model_file``).

    Text without a sign of it (``can_hold_mojibake``) is clean, found in one quick pass; only
    the rest is looked at closely. When a code page explains the text, every character is
    decoded back from its bytes here, short ones rebuilt; ftfy is not run first there, because
    on text with lost bytes it pairs a short sequence with the next character ("🎉 " became
    "🉠"). Other mojibake (complete sequences, double encodings, C1 controls) is ftfy's, on the
    lines that show a sign of it."""
    if not can_hold_mojibake(text):
        return None
    found = detect(text)
    if found is not None:
        codec, name = found
        repaired, restored, rebuilt = _rebuild(text, codec, models)
        return Repair(repaired, name, restored, rebuilt)
    fixed = _ftfy_lines(text)
    if fixed == text or fixed.count("\n") != text.count("\n"):
        return None
    return Repair(fixed, "another encoding (repaired by ftfy)", _changed_characters(text, fixed), 0)


def _ftfy_lines(text: str) -> str:
    """ftfy's repair of ``text``, run on the lines with a sign of mojibake only: ftfy repairs
    a line at a time, and leaves the others as they are."""
    pieces, position = [], 0
    for start, end in lines_with_signs(text):
        pieces += [text[position:start], ftfy.fix_text(text[start:end], _FTFY)]
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


def may_need_repair(text: str, encoding: str) -> bool:
    """Whether a note as read (``encoding``) shows a sign of mojibake: only those are looked at
    closely, and only their repairs are worth keeping."""
    return encoding in ("utf-8", "utf-8-sig") and not text.isascii() and can_hold_mojibake(text)


def mangle(text: str, codec: str = "cp1254") -> str:
    """What the damage does to ``text``: its UTF-8 bytes read in ``codec``, the bytes ``codec``
    loses dropped. The inverse of ``repair``; tests and benchmarks make their samples with it."""
    lost = set(lost_bytes(codec))
    return bytes(b for b in text.encode("utf-8") if b not in lost).decode(codec)
