"""The one way any reader gets a note's text: read, decode, and repair mojibake.

The index, search, the page, embeds, mentions and the lines around links all read notes through
here, so each sees the text the view shows: a mis-encoded note embedded in another, read
without the repair, once showed garbled there and repaired on its own page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from clew.core.text.mojibake import repair_note
from clew.core.text.reading import MAX_NOTE_BYTES, NotePart, NoteText, NoteUnreadable, read_note, read_part

__all__ = ["MAX_NOTE_BYTES", "NotePart", "NoteText", "NoteUnreadable", "note_part", "note_text", "repaired"]


def note_text(path: Path) -> NoteText:
    """The note at ``path`` as text, mojibake repaired (the repair told in its notices). Raises
    NoteUnreadable when the file cannot be read at all."""
    return repaired(read_note(path))


def note_part(path: Path, part: int) -> NotePart:
    """Part ``part`` of a note too big to show whole (``read_part``), as ``note_text`` reads it."""
    piece = read_part(path, part)
    return replace(piece, note=repaired(piece.note))


def repaired(note: NoteText) -> NoteText:
    """``note`` with its mojibake repaired, if it is; as it is otherwise."""
    if note.binary:
        return note
    fixed = repair_note(note.text, note.encoding)
    if fixed is None:
        return note
    return replace(note, text=fixed.text, notices=note.notices + (fixed.describe(),))
