"""One note's backlinks before the vault's index is built: the notes that may name it, found by
a scan of their bytes, then parsed and resolved as the index does (issue 22).

A cold vault's first index takes tens of seconds at 100k notes; a reader wants the open note's
backlinks at once. Every link that can reach a note names it in its last path component (its
stem, with or without the extension, in any letter case; LINKS.md rules 1-6), or is one of its
aliases (rule 7). So only the notes whose bytes hold one of those names, in the spellings a link
may use, can link to it: those alone are read with the real reader, parser and resolver
(``read_facts``, ``VaultIndex``) against every file of the listing, so ties between files of
one name go where the full index sends them.

What the byte scan may miss, and the full index then adds: notes not stored as UTF-8 (UTF-16,
a legacy code page, mojibake) that name the note in letters outside ASCII; a name percent-encoded
only in part (other than its spaces as ``%20``), or escaped (``\\_``, ``&amp;``); a case variant
outside a letter's own upper and lower forms.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from dataclasses import dataclass
from urllib.parse import quote

from clew.core.index.build import read_facts
from clew.core.index.graph import VaultIndex
from clew.core.index.results import ResolvedLink
from clew.core.links.resolver import file_keys, target_key
from clew.core.notes.parsing import NoteFacts
from clew.core.text.note_text import NoteUnreadable
from clew.core.text.reading import note_bytes, walked_note_bytes
from clew.core.vault.files import Vault, is_note, path_suffix

CheckIn = Callable[[], None]
# How many notes are scanned between two check-ins (a check-in may raise to stop the scan).
CHECK_IN_EVERY = 500
# The most threads a scan reads with (one per core), and the notes that pay for one more: the
# scan runs while the opening makes the tree and the session's files of the listing, in Python
# too, and a second thread's share of the GIL slowed that more than it sped a small scan
# (10k notes: the first backlinks 1.0 s with one thread, 1.5 s with two; 100k: 5.6 s and 3.6 s).
SCAN_THREADS = 2
NOTES_PER_THREAD = 50_000
# An anchor shorter than this (bytes) lets too many notes through; their spelling is then
# confirmed by the full pattern before they are parsed.
_STRONG_ANCHOR = 4


def _case_forms(char: str) -> set[str]:
    """The characters a link may write for ``char`` and still match it by letter case (rule 5)."""
    forms = {char}
    for form in (char.lower(), char.upper(), char.casefold(), char.title()):
        if len(form) == 1:
            forms |= {form, form.lower(), form.upper()}
    return forms


def _invariant(char: str) -> bool:
    """Whether ``char`` matches only itself in any letter case once ASCII is lowered."""
    return char.isascii() or _case_forms(char) == {char}


@dataclass(frozen=True)
class _Spelling:
    """One way a link may spell a name, as searched in a note's bytes with ASCII lowered: the
    longest part of it that has one spelling in any case (``anchor``), and the whole spelling,
    when the anchor is not all of it, as a pattern that allows every letter's case forms."""

    anchor: bytes
    pattern: re.Pattern[bytes] | None

    @classmethod
    def of(cls, text: str) -> "_Spelling":
        runs, run = [], []
        for char in text:
            if _invariant(char):
                run.append(char)
            else:
                runs.append("".join(run))
                run = []
        runs.append("".join(run))
        anchor = max(runs, key=lambda r: len(r.encode("utf-8"))).encode("utf-8").lower()
        if anchor == text.encode("utf-8").lower():
            return cls(anchor, None)
        parts = []
        for char in text:
            forms = sorted({f.encode("utf-8").lower() for f in _case_forms(char)})
            parts.append(re.escape(forms[0]) if len(forms) == 1 else b"(?:" + b"|".join(map(re.escape, forms)) + b")")
        return cls(anchor, re.compile(b"".join(parts)))

    def found_in(self, lowered: bytes) -> bool:
        return self.anchor in lowered and (self.pattern is None or self.pattern.search(lowered) is not None)


def link_spellings(name: str) -> set[str]:
    """The strings a link naming a note by ``name`` (its stem, an alias) holds one of: the name
    as written and case-folded, its spaces as ``%20``, wholly percent-encoded (a Markdown link's
    destination is percent-decoded), each in NFC and NFD (macOS)."""
    name = name.strip()
    if not name:
        return set()
    forms = {name, name.casefold()}
    forms |= {form.replace(" ", "%20") for form in forms}
    forms |= {quote(form, safe="") for form in forms}
    return {unicodedata.normalize(nf, form) for form in forms for nf in ("NFC", "NFD")}


def _shared_part(anchors: list[bytes]) -> bytes:
    """The part every one of ``anchors`` holds (b"" for none) that is likeliest rare in a note:
    one without ASCII letters (a number, CJK: searched without lowering a note's bytes, and
    rarer in prose than a word), else the longest. The number at the end of a name is often
    what its spellings (as written, ``%20``, percent-encoded) share."""
    shortest = min(anchors, key=len)
    shared = {shortest[start : start + size] for size in range(_STRONG_ANCHOR, len(shortest) + 1)
              for start in range(len(shortest) - size + 1)}
    shared = [part for part in shared if all(part in anchor for anchor in anchors)]
    if not shared:
        return b""
    return max(shared, key=lambda part: (_plain(part), len(part), part))


def _plain(part: bytes) -> bool:
    """Whether ``part`` holds no ASCII letter: lowering a note's bytes leaves it as it is."""
    return part.lower() == part.upper()


class NameScan:
    """Whether a note's bytes hold a spelling of one of ``names``: the cheap test of every note.
    Each name's spellings share a gate, a part all of them hold, looked for first: in the bytes
    as they are when it has no ASCII letter, else in the bytes lowered (a copy of each note)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._spellings: list[_Spelling] = []
        gates: set[bytes] = set()
        for name in dict.fromkeys(names):
            spellings = [_Spelling.of(form) for form in sorted(link_spellings(name))]
            if not spellings:
                continue
            self._spellings += spellings
            anchors = sorted({s.anchor for s in spellings})
            shared = _shared_part(anchors)
            gates |= {shared} if shared else set(anchors)
        # A note holds every part of what it holds: a gate holding another is never needed.
        gates = {g for g in gates if not any(other != g and other in g for other in gates)}
        self._plain_gates = sorted(g for g in gates if _plain(g))
        self._cased_gates = sorted(gates - set(self._plain_gates))

    def holds(self, data: bytes) -> bool:
        plain = any(gate in data for gate in self._plain_gates)
        if not (plain or self._cased_gates):
            return False
        lowered = data.lower()  # ASCII only: the bytes of other characters are left as they are
        if not plain and not any(gate in lowered for gate in self._cased_gates):
            return False
        return any(spelling.found_in(lowered) for spelling in self._spellings)


def names_of(target: str, facts: NoteFacts | None) -> list[str]:
    """The names a link to the note at vault path ``target`` is written with: its file name
    without the note extension (a link with it holds the stem), and its aliases."""
    name = target.rpartition("/")[2]
    suffix = path_suffix(name)
    stem = name[: -len(suffix)] if suffix and is_note(name) else name
    return [stem, *(facts.aliases if facts is not None else ())]


def candidate_notes(vault: Vault, paths: Iterable[str], scan: NameScan, check_in: CheckIn | None = None) -> list[str]:
    """The notes among ``paths`` whose bytes hold a name ``scan`` looks for, sorted. A big vault
    is read by a thread per core: opening and reading a file lets go of the GIL, and at a cold
    start the index's processes share the cores with this scan."""
    notes = [p for p in paths if is_note(p)]
    threads = max(1, min(SCAN_THREADS, os.cpu_count() or 1, 1 + len(notes) // NOTES_PER_THREAD))
    with ThreadPoolExecutor(threads) as pool:
        found = pool.map(partial(_holding, vault, scan=scan, check_in=check_in),
                         [notes[start::threads] for start in range(threads)])
        return sorted(set().union(*found))


def _holding(vault: Vault, notes: list[str], scan: NameScan, check_in: CheckIn | None) -> list[str]:
    root = os.fspath(vault.root) + os.sep
    found = []
    for number, path in enumerate(notes):
        if check_in is not None and number % CHECK_IN_EVERY == 0:
            check_in()
        try:
            try:
                data = walked_note_bytes(root + path)
            except OSError:  # a name spelt otherwise on disk (NFD), or a note that cannot be read
                data = note_bytes(vault.abs_path(path))
        except NoteUnreadable:
            continue  # the full index says what it can of an unreadable note
        if scan.holds(data):
            found.append(path)
    return found


def targeted_backlinks(vault: Vault, paths: Iterable[str], target: str,
                       check_in: CheckIn | None = None) -> list[ResolvedLink]:
    """The backlinks of the note at vault path ``target``, as the index of the vault whose
    files are ``paths`` (every file: notes and attachments) will give them, found without
    reading every note. ``check_in()`` is called now and then and may raise to stop."""
    paths = list(paths)
    own = read_facts(vault, target) if is_note(target) else None
    scan = NameScan(names_of(target, own))
    facts: dict[str, NoteFacts] = {}
    for path in dict.fromkeys([target, *candidate_notes(vault, paths, scan, check_in)]):
        note = own if path == target else read_facts(vault, path)
        if note is not None:
            facts[path] = note
    index = VaultIndex()
    index.build(_named_by_links(paths, facts.values()), facts)
    return index.backlinks(target)


def _named_by_links(paths: list[str], notes: Iterable[NoteFacts]) -> list[str]:
    """The files among ``paths`` that a link of ``notes`` may reach: those with one of the
    links' target keys (``file_keys``, as the index relinks a file added). The resolver's
    answers for these links are the same as with every file; building it on a big vault's
    every path took a third of a second."""
    keys = {target_key(link.target) for note in notes for link in note.links}
    found = []
    for path in paths:
        name = path.rpartition("/")[2].casefold()
        if name in keys or (name.rpartition(".")[0] in keys and keys & file_keys(path)):
            found.append(path)
    return found

