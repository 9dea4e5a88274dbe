"""The line a link is written on, read from its note when the link is shown.

The index keeps each link's line number, not its text: a whole vault's lines would be a third
of the index's memory, and only the few hundred links a panel or a command shows need them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from clew.core.index import ResolvedLink
from clew.core.indexing import text_as_parsed
from clew.core.reading import NoteUnreadable, read_note
from clew.core.vault import Vault


def note_lines(vault: Vault, path: str) -> list[str]:
    """The lines of the note at ``path`` as the parser numbered them; none when it cannot be read."""
    try:
        note = read_note(vault.abs_path(path))
    except NoteUnreadable:
        return []
    return [] if note.binary else text_as_parsed(note).split("\n")


def with_context(vault: Vault, links: Iterable[ResolvedLink]) -> list[ResolvedLink]:
    """``links`` with ``context`` set to the line each is written on, each source read once. A
    note changed on disk since it was indexed gives its new line (the index follows soon)."""
    lines_of: dict[str, list[str]] = {}
    found = []
    for link in links:
        lines = lines_of.get(link.source)
        if lines is None:
            lines = lines_of[link.source] = note_lines(vault, link.source)
        number = link.link.line
        context = lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""
        found.append(replace(link, context=context))
    return found
