"""The one way any reader gets a note's text: read, decode, and repair mojibake.

The index, search, the page, embeds, mentions and the lines around links all read notes through
here, so each sees the text the view shows: a mis-encoded note embedded in another, read
without the repair, once showed garbled there and repaired on its own page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

from clew.core.text.mojibake import may_need_repair, repair_note
from clew.core.text.reading import MAX_NOTE_BYTES, NotePart, NoteText, NoteUnreadable, read_note, read_part
from clew.core.text.repair_store import KeptRepair, RepairStore, stamp_of

__all__ = ["MAX_NOTE_BYTES", "NotePart", "NoteText", "NoteUnreadable", "RepairStore", "RepairedNotes", "note_part",
           "note_text", "repaired"]


def note_text(path: Path, repairs: RepairStore | None = None) -> NoteText:
    """The note at ``path`` as text, mojibake repaired (the repair told in its notices). Raises
    NoteUnreadable when the file cannot be read at all. With ``repairs`` (the vault's), a note
    that shows a sign of mojibake is repaired once for as long as its size and mtime stay: the
    repair is kept there, and found again by the next window, start, search or index."""
    if repairs is None:
        return repaired(read_note(path))
    stamp = stamp_of(path)
    note = read_note(path)
    if note.binary or not may_need_repair(note.text, note.encoding):
        return note
    if stamp is None or stamp_of(path) != stamp:
        return repaired(note, repairs.models)  # changed while it was read: what it holds now is not known
    kept = repairs.get(path, stamp)
    if kept is None:
        fixed = repair_note(note.text, note.encoding, repairs.models)
        kept = KeptRepair(fixed.text, fixed.describe()) if fixed else KeptRepair(None, None)
        repairs.put(path, stamp, kept)
    if kept.text is None:
        return note
    return replace(note, text=kept.text, notices=note.notices + (kept.notice,))


def note_part(path: Path, part: int) -> NotePart:
    """Part ``part`` of a note too big to show whole (``read_part``), as ``note_text`` reads it."""
    piece = read_part(path, part)
    return replace(piece, note=repaired(piece.note))


def repaired(note: NoteText, models: Path | None = None) -> NoteText:
    """``note`` with its mojibake repaired, if it is; as it is otherwise (``models``: where the
    repair's models are kept, ``repair_note``)."""
    if note.binary:
        return note
    fixed = repair_note(note.text, note.encoding, models)
    if fixed is None:
        return note
    return replace(note, text=fixed.text, notices=note.notices + (fixed.describe(),))


class RepairedNotes:
    """``note_text`` for a reader that reads the same notes again and again (each search for
    unlinked mentions reads every note): the notes that needed a repair are kept repaired, the
    last ``most`` of them, for as long as their size and mtime stay: rebuilding a mis-encoded
    note's lost bytes is slow enough to feel if each search did it again. Safe to share between
    threads."""

    def __init__(self, most: int = 64) -> None:
        self._most = most
        self._kept: OrderedDict[Path, tuple[tuple[int, int], NoteText]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, path: Path) -> NoteText:
        try:
            stat = path.stat()
        except OSError:
            return note_text(path)  # says why it cannot be read
        stamp = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            kept = self._kept.get(path)
            if kept is not None and kept[0] == stamp:
                self._kept.move_to_end(path)
                return kept[1]
        raw = read_note(path)
        note = repaired(raw)
        if note is not raw:
            with self._lock:
                self._kept[path] = (stamp, note)
                self._kept.move_to_end(path)
                while len(self._kept) > self._most:
                    self._kept.popitem(last=False)
        return note
