"""The line a link is written on, read from its note when the link is shown.

The index keeps each link's line number, not its text: a whole vault's lines would be a third
of the index's memory, and only the few hundred links a panel or a command shows need them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace

from clew.core.index_answers import ResolvedLink
from clew.core.indexing import text_as_parsed
from clew.core.reading import NoteUnreadable, read_note
from clew.core.stored_graph import Stamp
from clew.core.vault import Vault


def note_lines(vault: Vault, path: str) -> list[str]:
    """The lines of the note at ``path`` as the parser numbered them; none when it cannot be read."""
    try:
        note = read_note(vault.abs_path(path))
    except NoteUnreadable:
        return []
    return [] if note.binary else text_as_parsed(note).split("\n")


class NoteLines:
    """``note_lines`` of a vault's notes, the last ``most`` read kept for as long as the index
    has each note at the (size, mtime) it was read at (``stamp_of``). The panels show a note's
    links again after each change: at 100k notes, reading again the sources of a note's 100
    backlinks took ~10 ms of each change, on the GUI thread."""

    def __init__(self, vault: Vault, stamp_of: Callable[[str], Stamp | None], most: int = 1024) -> None:
        self._vault = vault
        self._stamp_of = stamp_of
        self._most = most
        self._kept: OrderedDict[str, tuple[Stamp, list[str]]] = OrderedDict()

    def __call__(self, path: str) -> list[str]:
        stamp = self._stamp_of(path)
        kept = self._kept.get(path)
        if kept is not None and stamp is not None and kept[0] == stamp:
            self._kept.move_to_end(path)
            return kept[1]
        lines = note_lines(self._vault, path)
        if stamp is not None:
            self._kept[path] = (stamp, lines)
            self._kept.move_to_end(path)
            if len(self._kept) > self._most:
                self._kept.popitem(last=False)
        return lines


def with_context(vault: Vault, links: Iterable[ResolvedLink],
                 lines_of_note: Callable[[str], list[str]] | None = None) -> list[ResolvedLink]:
    """``links`` with ``context`` set to the line each is written on, each source read once
    (by ``lines_of_note``, a ``NoteLines``, when given). A note changed on disk since it was
    indexed gives its new line (the index follows soon)."""
    read = lines_of_note or (lambda path: note_lines(vault, path))
    lines_of: dict[str, list[str]] = {}
    found = []
    for link in links:
        lines = lines_of.get(link.source)
        if lines is None:
            lines = lines_of[link.source] = read(link.source)
        number = link.link.line
        context = lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""
        found.append(replace(link, context=context))
    return found
