"""The one way any reader gets a note's text: read, decode, and repair mojibake.

The index, search, the page, embeds, mentions and the lines around links all read notes through
here, so each sees the text the view shows: a mis-encoded note embedded in another, read
without the repair, once showed garbled there and repaired on its own page.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from clew.core.text.mojibake_signs import may_need_repair
from clew.core.text.reading import (MAX_NOTE_BYTES, NoteGone, NotePart, NoteText, NoteUnreadable, read_note, read_part,
                                   read_stamped_note)
from clew.core.text.repair_store import KeptRepair, RepairStore, stamp_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from clew.core.text.mojibake import Repair

__all__ = ["MAX_NOTE_BYTES", "NoteGone", "NotePart", "NoteText", "NoteUnreadable", "RepairStore", "note_part",
           "note_text", "repaired"]

def note_text(path: Path, repairs: RepairStore | None = None, *, repair_now: bool = False,
              quick: bool = False) -> NoteText:
    """The note at ``path`` as text, mojibake repaired (the repair told in its notices). Raises
    NoteUnreadable when the file cannot be read at all. With ``repairs`` (the vault's), a note
    that shows a sign of mojibake is repaired once for as long as its size and mtime stay: the
    repair is kept there, and found again by the next window, start, search or index; a note
    changed since its last repair is repaired again only in the lines that changed.

    When ``repairs`` defers (the window's) and ``repair_now`` is not asked (the page asks it),
    a repair that needs the models is left to later: the note comes back read quickly (decoded,
    lost bytes not chosen by the models) and is queued in ``repairs``.

    ``quick`` (the page's first look at a note): a repair not kept yet is not made, and the note
    comes back read quickly, not queued; the page then asks again with ``repair_now``, so that a
    big mis-encoded note shows at once and its repair (most of a second) follows."""
    if repairs is None:
        return repaired(read_note(path))
    # The stamp a repair is kept by, as the file was opened: a clean note, most of a vault,
    # needs none, and a stat of its path before the read cost ~70 ms at 10k notes.
    note, stamp = read_stamped_note(path)
    if note.binary or not may_need_repair(note.text, note.encoding):
        return note
    now = not quick and (repair_now or not repairs.defers)
    if stamp_of(path) != stamp:
        # Changed while it was read (or since): what it holds now is not known, so nothing is kept.
        return _with(note, repair(note.text, repairs.models, guess=now))
    kept, previous = repairs.look_up(path, stamp)
    if kept is None and previous is None:
        # New here: a note moved or renamed (a folder of them, in a window: each queued and
        # repaired again, and a snapshot saved midway) takes the repair it had.
        kept = repairs.kept_elsewhere(stamp, note.text)
        if kept is not None:
            repairs.put(path, stamp, kept, note.text)
    if kept is None:
        fixed = repair(note.text, repairs.models, previous.by_line() if previous else None, guess=now)
        if fixed is not None and not fixed.complete:
            if not quick:
                repairs.queue(path, stamp)
            return _with(note, fixed)
        kept = KeptRepair(fixed.text, fixed.describe()) if fixed else KeptRepair(None, None)
        repairs.put(path, stamp, kept, note.text)
    if kept.text is None:
        return note
    return replace(note, text=kept.text, notices=note.notices + (kept.notice,))


def repair(text: str, models: Path | None = None, known: Mapping[str, str] | None = None,
           guess: bool = True) -> Repair | None:
    """``mojibake.repair``, imported at the first note that shows a sign of mojibake: it imports
    ftfy and wordfreq (~0.1 s), which a process reading a clean vault never needs."""
    from clew.core.text import mojibake

    return mojibake.repair(text, models, known, guess)


def _with(note: NoteText, fixed: Repair | None) -> NoteText:
    """``note`` as ``fixed`` repaired it (a quick reading says so)."""
    if fixed is None:
        return note
    return replace(note, text=fixed.text, notices=note.notices + (fixed.describe(),), read_quickly=not fixed.complete)


def note_part(path: Path, part: int) -> NotePart:
    """Part ``part`` of a note too big to show whole (``read_part``), as ``note_text`` reads it."""
    piece = read_part(path, part)
    return replace(piece, note=repaired(piece.note))


def repaired(note: NoteText, models: Path | None = None) -> NoteText:
    """``note`` with its mojibake repaired, if it is; as it is otherwise (``models``: where the
    repair's models are kept, ``repair``)."""
    if note.binary or not may_need_repair(note.text, note.encoding):
        return note
    return _with(note, repair(note.text, models))
