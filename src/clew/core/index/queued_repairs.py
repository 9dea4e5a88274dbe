"""Notes the window read quickly and queued for repair (``RepairStore.queue``): repaired, and
their facts taken into an index.

The window's cold index does not wait for the repair of mis-encoded notes (a tenth of a second
each, with the models to load): it indexes them from a quick reading, and repairs them once
the window has caught up with the disk, in a child (``offload/repair_child``). The command line takes in whatever
a window left queued before it answers (``finish_queued``), so its answers hold every repair.
A note stays queued until the index has its repaired facts and the snapshot holding them is
saved: a window closed meanwhile leaves the rest to the next start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from clew.core.index.bulk_read import GatheredFacts, Progress, gather_facts
from clew.core.index.graph import VaultIndex
from clew.core.text.note_text import NoteUnreadable
from clew.core.text.repair_store import Stamp, stamp_of
from clew.core.vault.files import Vault, VaultFile

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueuedNote:
    """A note queued for repair: its vault ``path`` and the ``stamp`` it was read quickly at."""

    path: str
    stamp: Stamp


def queued_notes(vault: Vault) -> list[QueuedNote]:
    """The notes of ``vault`` still queued, still as they were read quickly; the others
    (changed since, gone) are unqueued: whoever reads them again reads them afresh."""
    found = []
    for absolute, stamp in vault.repairs.queued():
        path = vault.rel_path(absolute)
        if path is not None and stamp_of(absolute) == stamp:
            found.append(QueuedNote(path, stamp))
        else:
            vault.repairs.unqueue(absolute, stamp)
    return found


def repair_queued(vault: Vault, progress: Progress | None = None) -> list[QueuedNote]:
    """Repair every note queued in ``vault`` and keep the repairs in its store (a note repaired
    meanwhile by the page is found kept); the notes repaired. Runs in a child process."""
    notes = queued_notes(vault)
    repaired = []
    for done, note in enumerate(notes, 1):
        try:
            vault.note_text(note.path, repair_now=True)
        except NoteUnreadable:
            continue
        except Exception:  # noqa: BLE001 (a fault of the repair on one note must not stop the others')
            _log.exception("repairing %s failed; it stays as read quickly", note.path)
            continue
        repaired.append(note)
        if progress is not None:
            progress(done, len(notes))
    return repaired


def unqueue(vault: Vault, notes: list[QueuedNote]) -> None:
    """``notes`` are taken in: by the index and by the snapshot kept of it."""
    for note in notes:
        vault.repairs.unqueue(vault.abs_path(note.path), note.stamp)


def finish_queued(vault: Vault, index: VaultIndex, gathered: GatheredFacts, read) -> list[QueuedNote]:
    """Repair the notes a window left queued and set their facts in ``index`` (and among
    ``gathered``'s fresh ones, for the store), reading with ``read`` (``build.read_facts``) on
    every core when there are many; the notes taken in, to ``unqueue`` once kept."""
    notes = [note for note in queued_notes(vault) if index.has_facts(note.path)]
    if not notes:
        return []
    again = gather_facts(vault, [VaultFile(note.path, *note.stamp) for note in notes], read)
    for file, facts in again.fresh:
        index.set_note(file.path, facts)
    paths = {file.path for file, _facts in again.fresh}
    gathered.fresh = [(file, facts) for file, facts in gathered.fresh if file.path not in paths] + again.fresh
    return [note for note in notes if note.path in paths]
