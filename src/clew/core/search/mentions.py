"""Unlinked mentions: where a note's title or an alias appears as plain text in other notes, unlinked.

Case-insensitive. A name written in Chinese or Japanese is found as a substring (those scripts do
not separate words by spaces); any other name only as a whole word, where a Chinese or Japanese
character next to it also counts as a word boundary ("用Obsidian写").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from clew.core.index.graph import VaultIndex
from clew.core.notes.parsing import plain_prose
from clew.core.text.note_text import NoteText, NoteUnreadable, note_text
from clew.core.vault.disk_names import nfc

# Han, kana, CJK symbols (々〆〇), compatibility ideographs, half-width katakana.
_CJK = "\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_CJK_RE = re.compile(f"[{_CJK}]")
# A letter or digit that is not CJK: what may not touch a whole-word match.
_WORD_OUTSIDE_CJK = rf"[^\W{_CJK}]"
_MIN_TERM_CHARS = 2

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Mention:
    """``term`` found at ``column`` (0-based) of ``line`` (1-based) of note ``source``."""

    source: str
    line: int
    column: int
    term: str
    context: str


def _term_pattern(term: str) -> str:
    return r"\s+".join(re.escape(word) for word in term.split())


def mention_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for all ``terms``, longest first so "Kyoto Station" wins over "Kyoto". Only
    the names are case-insensitive: IGNORECASE over the word-boundary classes, which span most
    of Unicode, makes a pattern slow to compile, and one is compiled per note opened."""
    unique = {nfc(t).strip().casefold(): nfc(t).strip() for t in terms if len(t.strip()) >= _MIN_TERM_CHARS}
    if not unique:
        return None
    ordered = sorted(unique.values(), key=len, reverse=True)
    words = "|".join(_term_pattern(t) for t in ordered if not _CJK_RE.search(t))
    cjk = "|".join(_term_pattern(t) for t in ordered if _CJK_RE.search(t))
    parts = [rf"(?<!{_WORD_OUTSIDE_CJK})(?i:{words})(?!{_WORD_OUTSIDE_CJK})" if words else "",
             f"(?i:{cjk})" if cjk else ""]
    return re.compile("|".join(p for p in parts if p))


def mention_terms(index: VaultIndex, path: str) -> list[str]:
    """The names a note goes by: its file name (no extension), its title, its aliases; each
    once, ignoring case, as they are matched ("atomic notes" and "Atomic notes" are one)."""
    known = index.names(path)
    names = [PurePosixPath(path).stem]
    if known is not None:
        names += [known.title, *known.aliases]
    by_folded: dict[str, str] = {}
    for name in names:
        name = (name or "").strip()
        if name:
            by_folded.setdefault(name.casefold(), name)
    return list(by_folded.values())


def find_mentions(text: str, source: str, pattern: re.Pattern[str]) -> list[Mention]:
    """The places in ``text`` where ``pattern`` matches plain prose (not links, code, comments)."""
    text = nfc(text)
    prose = plain_prose(text)
    lines = text.split("\n")
    found: list[Mention] = []
    for number, line in enumerate(prose.split("\n"), 1):
        # One copy of the line for all its mentions: a 200 KB line may hold thousands.
        context = None
        for m in pattern.finditer(line):
            context = lines[number - 1].rstrip("\r") if context is None else context
            found.append(Mention(source, number, m.start(), m.group(0), context))
    return found


def mention_sources(notes: Iterable[str], path: str, holding: Container[str] | None = None) -> list[str]:
    """The notes to search for mentions of ``path``, of all the vault's ``notes``: every other
    note, those that link to it too (a note may link once and mention the name again,
    unlinked); with ``holding``, only those in it. A big vault's list takes a while to make:
    done in the search's worker, not when the note is opened."""
    return [n for n in notes if n != path and (holding is None or n in holding)]


def unlinked_mentions(root: Path, sources: list[str], terms: list[str],
                      progress: Progress | None = None, read: Callable[[Path], NoteText] = note_text) -> list[Mention]:
    """Search the notes ``sources`` (vault paths under ``root``) for ``terms``, each read by
    ``read`` (``note_text`` with the vault's repair store: a note the index repaired is not
    repaired again, nor its repair's models loaded). Runs in a worker: plain
    data in; ``progress(done, total)`` may raise to stop."""
    pattern = mention_pattern(terms)
    if pattern is None:
        return []
    found: list[Mention] = []
    for done, source in enumerate(sources, 1):
        try:
            note = read(root.joinpath(*PurePosixPath(source).parts))
        except NoteUnreadable:
            continue
        if not note.binary:
            found += find_mentions(note.text, source, pattern)
        if progress:
            progress(done, len(sources))
    return found
