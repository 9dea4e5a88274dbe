"""The repairs the window's index left to later, made by a child once the window is settled.

The session reads a mis-encoded note that has no kept repair quickly (``note_text`` with a
store that defers) and the note is queued in the vault's repair store. ``RepairQueue`` has a
child process repair the queued notes at a low priority, then hands the session the notes
repaired, to read again as a change: their links then lead where the repaired text says.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from clew.core.index.queued_repairs import QueuedNote, queued_notes
from clew.core.offload.repair_child import repair_queued_in_child
from clew.core.vault.files import Vault
from clew.ui.background.tasks import Task, TaskRunner


# Told as progress once the child has repaired its first note.
_FIRST_REPAIRED = "first repaired"


def _repair_queued(vault: Vault, progress) -> list[QueuedNote]:
    """The queued notes of ``vault`` (told as progress) repaired by a child; none started
    when none is queued."""
    notes = queued_notes(vault)
    if not notes:
        return []
    progress(notes)
    told = False

    def report(*done_of_all) -> None:
        nonlocal told
        if done_of_all and not told:
            told = True
            progress(_FIRST_REPAIRED)
        else:
            progress()

    return repair_queued_in_child(vault, report)


class RepairQueue(QObject):
    """Runs the repair child for one vault at a time, on a thread of its own: the child takes
    seconds, and the session's thread must stay free for batches."""

    queued = Signal(object)  # list[QueuedNote]: being repaired, as read quickly until then
    # The models folder, for another process to load the repair's models from: told as the
    # child starts (those kept by an earlier session are there), and again once it has made its
    # first repair (those that repair needed are there now, built if they were not).
    repair_models = Signal(object)
    repaired = Signal(object)  # list[QueuedNote]: repaired and kept, to be read again
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = TaskRunner(self, max_threads=1)
        self._task: Task | None = None
        self._vault: Vault | None = None
        self._again = False
        self._queued_seen = 0

    def repair(self, vault: Vault) -> None:
        """Repair what ``vault`` has queued; if a repair is under way, once more after it."""
        if self._task is not None and self._vault is vault:
            self._again = True
            return
        self.cancel()
        self._vault, self._again = vault, False
        self._queued_seen = vault.repairs.queued_here
        self._task = self._tasks.run(_repair_queued, vault, on_done=self._on_done, on_error=self._on_error,
                                     on_progress=self._on_progress)

    def repair_if_queued(self, vault: Vault) -> None:
        """``repair`` if this process queued a note of ``vault`` since the last one started."""
        if vault.repairs.queued_here != self._queued_seen or self._vault is not vault:
            self.repair(vault)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def shutdown(self) -> None:
        self.cancel()
        self._tasks.shutdown()

    def _on_progress(self, told: list[QueuedNote] | str) -> None:
        if told != _FIRST_REPAIRED:
            self.queued.emit(told)
        if self._vault is not None:
            self.repair_models.emit(self._vault.repairs.models)

    def _on_done(self, notes: list[QueuedNote]) -> None:
        self._task = None
        vault = self._vault
        if notes:
            self.repaired.emit(notes)
        if self._again and vault is not None:
            self.repair(vault)

    def _on_error(self, error: BaseException) -> None:
        self._task = None
        self.failed.emit(f"Could not repair the mis-encoded notes: {error}")
