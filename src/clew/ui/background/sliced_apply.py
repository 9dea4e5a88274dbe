"""A big batch, already read, applied to the index a slice a turn of the event loop, so that the
window keeps answering in between; its relinks follow the same way."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from clew.core.index.build import ChangesRead, FileUpdate, apply_read_changes
from clew.core.index.graph import VaultIndex
from clew.core.memory.collector import pause_collector, resume_collector
from clew.core.vault.known import KnownFiles
from clew.ui.background import session_work

# Applying a big batch to the index is done a few files at a time for about this many
# milliseconds per turn of the event loop, so the window keeps answering in between.
APPLY_SLICE_MS = 15
FILES_PER_SLICE = 10
# A batch of more files than this shows in the window how far it is applied (a big folder
# moved takes seconds).
SHOW_PROGRESS_ABOVE = 1000

# What a big batch is doing, as ``applying`` tells it.
APPLYING_FILES = "Applying changes"
RELINKING = "Relinking notes"


@dataclass
class _SlicedBatch:
    """A big batch being applied a slice a turn: the slices left (popped from the end), what
    it did so far, the notes it read (for the store), and what gets them once it is in."""

    index: VaultIndex
    known: KnownFiles
    slices: list[ChangesRead]
    fresh: list
    done: Callable[[FileUpdate, list], None]
    update: FileUpdate = field(default_factory=FileUpdate)


class SlicedApply(QObject):
    """Applies one big batch at a time to an index, in slices; ``cancel`` drops it half applied
    (the session does so only as it lets go of that index)."""

    applying = Signal(str, int, int)  # what is being done, how far, of how much

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._apply_next_slice)
        self._work: _SlicedBatch | None = None
        self._totals: dict[str, int] | None = None  # a big batch's steps, to report how far it is
        self._collector_paused = False  # while a big batch is applied

    def start(self, index: VaultIndex, known: KnownFiles, sliced: tuple[list[ChangesRead], list],
              done: Callable[[FileUpdate, list], None]) -> None:
        """Apply ``sliced`` (its slices, and the notes read fresh) to ``index`` and ``known``;
        ``done(update, fresh)`` once every slice is in and the notes linked to them relinked."""
        # The collector waits until the batch is in: each full pass it made meanwhile, over a
        # big vault's index and what the batch had just made, held the GUI thread.
        self._resume_collector()  # a batch before, never finished
        pause_collector()
        self._collector_paused = True
        slices, fresh = sliced
        self._work = _SlicedBatch(index, known, slices, fresh, done)
        files = session_work.files_in(slices)
        self._totals = {APPLYING_FILES: files} if files > SHOW_PROGRESS_ABOVE else None
        index.hold_relinks()  # the other notes' links follow, once the files are in
        self._apply_next_slice()

    def cancel(self) -> None:
        self._timer.stop()
        self._work = None
        self._resume_collector()

    def _apply_next_slice(self) -> None:
        work = self._work
        if work is None:
            return
        deadline = time.monotonic() + APPLY_SLICE_MS / 1000
        while work.slices:  # one slice at least a turn, however short the turn
            part = apply_read_changes(work.index, work.known, work.slices.pop())
            work.update.added += part.added
            work.update.removed += part.removed
            work.update.modified += part.modified
            if time.monotonic() >= deadline:
                break
        if work.slices:
            self._report(APPLYING_FILES, session_work.files_in(work.slices))
            self._timer.start(0)
            return
        self._report(RELINKING, work.index.relinks_left())
        if not work.index.relink_held(until=deadline):
            self._timer.start(0)
            return
        self._work = None
        self._resume_collector()
        work.done(work.update, work.fresh)

    def _report(self, what: str, left: int) -> None:
        """Tell how far a big batch is: ``left`` of ``what`` to do (its total, the most seen)."""
        if self._totals is not None and left:
            total = self._totals[what] = max(self._totals.get(what, 0), left)
            self.applying.emit(what, total - left, total)

    def _resume_collector(self) -> None:
        if self._collector_paused:
            resume_collector()
            self._collector_paused = False
