"""The open vault as the window sees it: listed and indexed in the background, then kept in step with the watcher's batches."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QObject, QTimer, Signal

from clew.core.memory.collector import bulk_allocation, pause_collector, resume_collector
from clew.core.index.graph import VaultIndex
from clew.core.index.retire import retire
from clew.core.offload.index_child import build_index_in_child_first
from clew.core.vault.changes import ChangeBatch
from clew.core.index.build import (
    SNAPSHOT_AGAIN_ABOVE, ChangesRead, FileUpdate, GatheredFacts, apply_read_changes, file_stamps, per_file_slices,
    read_changes, restore_index, save_snapshot, stale_paths, unchanged_in,
)
from clew.core.index.snapshot import snapshot_stamps
from clew.core.index.store import FactsStore
from clew.core.memory.release import empty_gradually
from clew.core.offload.scan_child import stale_since
from clew.core.vault.files import Vault
from clew.core.vault.known import KnownFiles
from clew.ui.background.tasks import Task, TaskRunner
from clew.ui.background.watcher import VaultWatcher

# Every batch is read (its notes parsed) off the GUI thread: one note growing by megabytes a
# second, parsed there, froze the window for seconds. A batch with more paths than this is then
# applied to the index in slices; a smaller one at once.
APPLY_IN_SLICES_ABOVE = 20
# Applying a big batch to the index is done a few files at a time for about this many
# milliseconds per turn of the event loop, so the window keeps answering in between.
APPLY_SLICE_MS = 15
FILES_PER_SLICE = 10
# A batch that added and removed more files than this comes with the listing made again (the
# tree resets above as many anyway: one reset beats thousands of row signals).
LIST_AGAIN_ABOVE = 500
# A batch of more files than this shows in the window how far it is applied (a folder of 11k
# notes moved takes ~20 s at 100k notes).
SHOW_PROGRESS_ABOVE = 1000
# How long a first opening leaves the window to lay out and paint the tree it was just handed
# before it goes on (to the indexing child, which takes seconds from there).
LISTING_PAINT_MS = 100
# How long an opening leaves the window to show the first note and fill its panels once it has
# the index, before it goes on (checking the files against the disk, seconds at 100k).
INDEX_FILL_MS = 200


# What a big batch is doing, as ``applying`` tells it.
APPLYING_FILES = "Applying changes"
RELINKING = "Relinking notes"


@dataclass(frozen=True)
class Listing:
    """The vault's files as first listed, before any note is read: every vault path, sorted,
    and what the session's ``prepare_listing`` made of them in the background (or None)."""

    paths: list[str]
    prepared: object = None


@dataclass(frozen=True)
class _Listed:
    """Progress value of the opening task: the vault's files, before any note is read."""

    known: KnownFiles
    listing: Listing
    shown: threading.Event = field(default_factory=threading.Event)  # the window has taken it


@dataclass(frozen=True)
class _Indexed:
    index: VaultIndex
    gathered: GatheredFacts
    shown: threading.Event = field(default_factory=threading.Event)  # the window has taken it


@dataclass(frozen=True)
class _Watches:
    """The watcher's start as the opening task sees it: its watches are placed once the task
    allows it, and the task scans the vault only once they are, so that no change is missed."""

    allowed: threading.Event
    placed: threading.Event

    def place(self, progress) -> None:
        """Let the watches be placed, and wait until they are."""
        self.allowed.set()
        _wait_for(self.placed, progress)


@dataclass(frozen=True)
class _Stale:
    """Progress value of a warm opening: the paths that changed since the store's snapshot,
    as a batch, and what the disk holds at them now."""

    batch: ChangeBatch
    read: ChangesRead


class VaultSession(QObject):
    """Holds the Vault, its VaultIndex, its facts store and the files known, and keeps them in
    step with the disk. Panels listen to its signals; nothing here knows about widgets.

    Opening lists the files, then reads the notes (from the store where unchanged), all in one
    background task; opening another vault cancels it. A vault the store has a snapshot of
    opens warm: its tree and backlinks are shown as the snapshot has them, and what the scan
    that follows finds changed since is applied as the first batch. Watcher batches are applied
    in order, one at a time: big ones are read in the background and applied to the index in
    short slices."""

    opened = Signal(object)              # Vault: the vault is open; its files are not listed yet
    files_listed = Signal(object)        # Listing: every vault path, as soon as the tree can be shown
    progress = Signal(int, int)          # notes read, notes in all
    applying = Signal(str, int, int)     # a big batch going in: what is being done, how far, of how much
    indexed = Signal()                   # backlinks are ready
    caught_up = Signal()                 # the index follows the files as they were once watched
    changed = Signal(object, object)     # ChangeBatch, FileUpdate: the index already follows them
    failed = Signal(str)                 # a message for the user
    watcher_status = Signal(str)

    def __init__(self, tasks: TaskRunner, watcher: VaultWatcher,
                 prepare_listing: Callable[[list[str]], object] | None = None, parent: QObject | None = None) -> None:
        """``prepare_listing(paths)`` runs in the opening task: whatever a panel would build
        from a big vault's paths (the tree's nodes) is built there, off the GUI thread."""
        super().__init__(parent)
        self._tasks = tasks
        self._prepare_listing = prepare_listing
        self._watcher = watcher
        self._task: Task | None = None
        self._pending: list[ChangeBatch] = []
        self._applying = False
        self._slices = QTimer(self)
        self._slices.setSingleShot(True)
        self._slices.timeout.connect(self._apply_next_slice)
        self._slice_state: tuple[ChangeBatch, list[ChangesRead], FileUpdate, list] | None = None
        self._batch_totals: dict[str, int] | None = None  # a big batch's steps, to report how far it is
        self._collector_was_enabled: bool | None = None  # while a big batch is applied in slices
        self._catching_up = False  # caught_up is yet to be emitted for this opening
        self._stale: _Stale | None = None  # to apply once the opening task is over
        self._snapshot_due = False  # a new snapshot is to be saved once the next batch is applied
        self.vault: Vault | None = None
        self.store: FactsStore | None = None
        self.index: VaultIndex | None = None
        self.known: KnownFiles = KnownFiles()
        watcher.changed.connect(self._on_batch)
        watcher.status.connect(self.watcher_status)
        watcher.events_lost.connect(self.rescan)

    @property
    def ready(self) -> bool:
        return self.index is not None

    @property
    def busy(self) -> bool:
        """True while opening, or while a batch is being read or applied."""
        return self._task is not None or self._applying

    def open(self, vault: Vault) -> None:
        """Start on ``vault``: the watcher first (so nothing is missed: its watches are placed in
        the background when the opening task allows, and the task scans once they are), then
        the opening task. A warm start allows them once the window has the backlinks: placed
        while the store's snapshot was read, a 100k-note vault's 1,000 folders took the GIL
        from it (the window had the backlinks ~0.2 s later)."""
        self._cancel_work()
        retired = [self.index] if self.index is not None else []
        self.vault, self.index, self.known, self._pending = vault, None, KnownFiles(), []
        self._catching_up, self._snapshot_due, self._stale = True, False, None
        self.store = FactsStore.for_vault(vault.root)
        allowed = threading.Event()
        self._watcher.start(vault, in_background=True, not_before=allowed)
        self.opened.emit(vault)  # the panels let go of the last vault's index
        if retired:
            retire(retired)
        self._task = self._tasks.run(
            self._open_in_background, vault, self.store, self._prepare_listing, _Watches(allowed, self._watcher.watching),
            on_done=self._on_opening_done, on_error=self._on_task_error, on_progress=self._on_open_progress,
        )

    def close(self) -> None:
        self._cancel_work()
        self._watcher.stop()

    def rescan(self) -> None:
        """Compare every file's size and mtime with what the index has seen, and apply the
        differences as one batch: for when file events were lost."""
        if self.vault is None:
            return
        if self.index is None:
            return  # the opening task's scan comes after the loss; the queued batches follow it
        self._run(_stale_paths, self.vault, self.known.copy_stamps(),
                  on_done=lambda paths: self._on_batch(ChangeBatch(frozenset(paths))) if paths else None)

    # -- opening -------------------------------------------------------------------------------

    @staticmethod
    def _open_in_background(vault: Vault, store: FactsStore, prepare_listing, watches: _Watches, progress) -> None:
        # progress() raises TaskCancelled once another vault is opened: the work stops there.
        if VaultSession._open_warm(vault, store, prepare_listing, watches, progress):
            return
        watches.place(progress)  # scanned once watched: a change meanwhile is caught
        files = vault.scan()
        # Handed over before the child starts, and the window then has LISTING_PAINT_MS to
        # lay the tree out and paint it: what comes next at 100k files (packing them for the
        # indexing child, starting it) shared the GIL with the tree's reset and paints, each
        # row a call into Python (35-90 ms stalls).
        _hand_over(_listed(KnownFiles(files), prepare_listing), progress, LISTING_PAINT_MS)
        index, gathered = build_index_in_child_first(vault, files, progress, store)
        index.notes()  # sorted here once (60 ms at 100k notes), not when the first note opens
        index.ready_for_changes()  # before: done while the window took the index in, it stalled it
        _hand_over(_Indexed(index, gathered), progress, INDEX_FILL_MS)
        if gathered.snapshot_due:
            # After the window has the index: while this task runs, the session applies no
            # batch (it is busy), so nothing changes the index as it is encoded.
            save_snapshot(store, index, file_stamps(files))

    @staticmethod
    def _open_warm(vault: Vault, store: FactsStore, prepare_listing, watches: _Watches, progress) -> bool:
        """Open from the store's snapshot, if it has one to trust: the tree as the snapshot saw
        the files first (its listing is read alone, in a few hundredths of a second), then the
        backlinks, then a scan for what changed since, reported as ``_Stale``. The window no
        longer waits for the scan (0.4 s at 100k files), which a child process makes there."""
        stamps = store.load_listing()
        if stamps is not None:
            # Not waited for: the snapshot's parts are read meanwhile, each ~12 ms of the GIL.
            progress(_listed(KnownFiles.from_stamps(stamps), prepare_listing))
        with bulk_allocation():
            snapshot = store.load_snapshot()
        if snapshot is None:
            return False  # indexed afresh; its scan lists the files again
        if stamps is None:
            stamps = snapshot_stamps(snapshot)
            progress(_listed(KnownFiles.from_stamps(stamps), prepare_listing))
        with bulk_allocation():
            index = restore_index(vault, snapshot, store)
        del snapshot  # the index holds what it needs of it
        index.notes()
        # Then the window has INDEX_FILL_MS to show the first note and fill its panels: what
        # comes next (the index made ready for changes, and below 20k files the scan for
        # changes, here) shared the GIL with that, a call into Python per row painted (at 10k
        # notes, 50-90 ms stalls).
        _hand_over(_Indexed(index, GatheredFacts()), progress, INDEX_FILL_MS)
        watches.place(progress)  # scanned once watched: a change meanwhile is caught
        # Only now: the unreadable folders are found by a walk of the vault (~0.14 s at 100k
        # files), which the watches have just made; done before, the window waited for it.
        index.resolver.set_unreadable_folders(vault.folder_links.unreadable)
        # Made ready for changes while the scan's child starts: done as soon as the window had
        # the index, it shared the GIL with the window filling its panels. Nothing changes the
        # index meanwhile: the window only reads it until this task is over.
        stale = stale_since(vault, stamps, progress, meanwhile=index.ready_for_changes)
        empty_gradually(stamps)  # freed at once, 100k entries held the GIL for ~10 ms
        if stale:
            with bulk_allocation():
                read = read_changes(vault, stale)
            progress(_Stale(ChangeBatch(frozenset(stale)), read))
        return True

    def _on_open_progress(self, value) -> None:
        if isinstance(value, _Listed):
            self.known = value.known
            self.files_listed.emit(value.listing)
            value.shown.set()
        elif isinstance(value, _Indexed):
            self._on_indexed(value)
        elif isinstance(value, _Stale):
            self._stale = value
            self._snapshot_due = len(value.batch.paths) > SNAPSHOT_AGAIN_ABOVE
        else:
            self.progress.emit(*value)

    def _on_indexed(self, result: _Indexed) -> None:
        self.index = result.index
        if result.gathered.store_note:
            self.failed.emit(result.gathered.store_note)
        self.indexed.emit()
        result.shown.set()
        self._save(result.gathered.fresh, result.gathered.gone)

    def _on_opening_done(self, _result: None) -> None:
        """The opening task is over (the snapshot saved, if it was due): batches may apply,
        after what a warm opening found changed since the snapshot, read already."""
        self._task = None
        problem = self.store.unreported_problem() if self.store is not None else ""
        if problem:  # the store gave up while the snapshot was saved
            self.failed.emit(problem)
        stale, self._stale = self._stale, None
        if stale is not None:
            self._applying = True
            self._apply_in_slices(stale.batch, _sliced(stale.read, self.known))
        else:
            self._next_batch()

    def _on_task_error(self, error: BaseException) -> None:
        self._task = None
        self._applying = False
        self.failed.emit(f"Could not read the vault: {error}")
        self._next_batch()

    # -- changes -------------------------------------------------------------------------------

    def _on_batch(self, batch: ChangeBatch) -> None:
        if self.vault is None:
            return
        self._pending.append(batch)
        if self.index is not None and not self.busy:
            self._next_batch()

    def _next_batch(self) -> None:
        if self.index is None or self.busy:
            return
        if not self._pending:
            if self._catching_up:
                self._catching_up = False
                self.caught_up.emit()
            return
        batch = ChangeBatch(frozenset().union(*(b.paths for b in self._pending)),
                            tuple(move for b in self._pending for move in b.moves))
        self._pending = []
        unchanged = unchanged_in(self.index, self.known)
        self._applying = True
        if len(batch.paths) <= APPLY_IN_SLICES_ABOVE:
            self._run(_read, self.vault, batch.paths, unchanged, on_done=lambda read: self._apply(batch, read))
            return
        store = self.store if self.index.reads_back else None
        self._run(_read_in_slices, self.vault, batch.paths, unchanged, self.known, store,
                  on_done=lambda sliced: self._apply_in_slices(batch, sliced))

    def _apply(self, batch: ChangeBatch, read: ChangesRead) -> None:
        update = apply_read_changes(self.index, self.known, read)
        self._save(read.fresh, update.removed)
        self._batch_applied(batch, update)

    def _apply_in_slices(self, batch: ChangeBatch, sliced: tuple[list[ChangesRead], list]) -> None:
        # The collector waits until the batch is in: at 100k notes each full pass it made
        # meanwhile, over what the batch had just made, held the GUI thread 35-100 ms.
        self._collector_was_enabled = pause_collector()
        slices, fresh = sliced
        self._slice_state = (batch, slices, FileUpdate(), fresh)
        files = _files_in(slices)
        self._batch_totals = {APPLYING_FILES: files} if files > SHOW_PROGRESS_ABOVE else None
        self.index.hold_relinks()  # the other notes' links follow, once the files are in
        self._apply_next_slice()

    def _apply_next_slice(self) -> None:
        if self._slice_state is None:
            return
        batch, slices, update, fresh = self._slice_state
        deadline = time.monotonic() + APPLY_SLICE_MS / 1000
        while slices:  # one slice at least a turn, however short the turn
            part = apply_read_changes(self.index, self.known, slices.pop())
            update.added += part.added
            update.removed += part.removed
            update.modified += part.modified
            if time.monotonic() >= deadline:
                break
        if slices:
            self._report_applying(APPLYING_FILES, _files_in(slices))
            self._slices.start(0)
            return
        self._report_applying(RELINKING, self.index.relinks_left())
        if not self.index.relink_held(until=deadline):
            self._slices.start(0)
            return
        self._slice_state = None
        self._resume_collector()
        self._save(fresh, update.removed)
        if self._prepare_listing is not None and len(update.added) + len(update.removed) > LIST_AGAIN_ABOVE:
            # What the panels make of every path, made again off the GUI thread (the tree:
            # ~0.4 s at 100k files); nothing changes the files meanwhile (still applying).
            self._run(_prepared, self._prepare_listing, self.known.sorted_paths(),
                      on_done=lambda listing: self._batch_applied(batch, replace(update, listing=listing)))
            return
        self._batch_applied(batch, update)

    def _report_applying(self, what: str, left: int) -> None:
        """Tell how far a big batch is: ``left`` of ``what`` to do (its total, the most seen)."""
        if self._batch_totals is not None and left:
            total = self._batch_totals[what] = max(self._batch_totals.get(what, 0), left)
            self.applying.emit(what, total - left, total)

    def _batch_applied(self, batch: ChangeBatch, update: FileUpdate) -> None:
        self._applying = False
        self.changed.emit(batch, update)
        self._batch_done()

    def _resume_collector(self) -> None:
        if self._collector_was_enabled is not None:
            resume_collector(self._collector_was_enabled)
            self._collector_was_enabled = None

    def _batch_done(self) -> None:
        """Go on to the next batch; first, when a warm opening found many files changed since
        the snapshot, save a new one so that the next opening need not apply them all again.
        No batch is applied meanwhile: the index is read as it is encoded."""
        if not self._snapshot_due:
            self._next_batch()
            return
        self._snapshot_due = False
        self._applying = True

        def saved(_result: bool) -> None:
            self._applying = False
            self._next_batch()

        self._run(_save_snapshot, self.store, self.index, self.known.copy_stamps(), on_done=saved)

    # -- background work -----------------------------------------------------------------------

    def _save(self, fresh, gone) -> None:
        if self.store is not None and (fresh or gone):
            self._tasks.run(_store_update, self.store, list(fresh), list(gone), on_done=_ignore)

    def _run(self, fn, *args, on_done) -> None:
        vault = self.vault

        def done_if_same_vault(result) -> None:
            if self.vault is vault:
                on_done(result)

        self._tasks.run(fn, *args, on_done=done_if_same_vault, on_error=self._on_task_error)

    def _cancel_work(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._slices.stop()
        self._slice_state = None
        self._resume_collector()
        self._applying = False
        self._snapshot_due = False


def _wait_for(event: threading.Event, progress) -> None:
    while not event.wait(0.05):
        progress()  # raises once the opening is cancelled


def _pause(seconds: float, progress) -> None:
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        time.sleep(min(0.05, left))
        progress()  # raises once the opening is cancelled


def _hand_over(handed: "_Listed | _Indexed", progress, then_ms: int = 0) -> None:
    """Give the window the files or the index, wait until it has taken them in (the tree
    reset, the panels filled: up to ~50 ms), then ``then_ms`` more for what it does with them
    in the turns after. The task's next work, done meanwhile, shared the GIL with it and
    stalled it up to 80 ms."""
    progress(handed)
    _wait_for(handed.shown, progress)
    _pause(then_ms / 1000, progress)


def _listed(known: KnownFiles, prepare_listing) -> _Listed:
    paths = known.sorted_paths()
    return _Listed(known, Listing(paths, prepare_listing(paths) if prepare_listing else None))


def _prepared(prepare_listing, paths: list[str], progress) -> object:
    return prepare_listing(paths)


def _save_snapshot(store: FactsStore, index: VaultIndex, stamps, progress) -> bool:
    return save_snapshot(store, index, stamps)


def _store_update(store: FactsStore, fresh, gone, progress) -> bool:
    return store.update(fresh, gone)


def _read(vault: Vault, paths, unchanged, progress) -> ChangesRead:
    # Nothing changes the index or ``known`` meanwhile: the session applies nothing while it reads.
    return read_changes(vault, paths, unchanged)


def _read_in_slices(vault: Vault, paths, unchanged, known: KnownFiles, store: FactsStore | None,
                    progress) -> tuple[list[ChangesRead], list]:
    # Cut here too: for a folder of 11k notes moved, cutting took ~150 ms, on the GUI thread.
    # Nothing changes ``known`` meanwhile: the session applies nothing while it reads. The
    # collector waits: its full passes over a big vault's index, set off by the facts read,
    # held the GIL 60-200 ms each. With a ``store``, the notes' facts are left to it as they
    # are read, and read back as they are applied.
    with bulk_allocation():
        return _sliced(read_changes(vault, paths, unchanged, store), known)


def _files_in(slices: list[ChangesRead]) -> int:
    return sum(len(part.present) for part in slices)


def _sliced(read: ChangesRead, known: KnownFiles) -> tuple[list[ChangesRead], list]:
    """``read`` cut to be applied a few files a turn, popped from the end in order; and the
    notes it read, for the store."""
    slices = per_file_slices(read, known, FILES_PER_SLICE)
    slices.reverse()
    return slices, read.fresh


def _stale_paths(vault: Vault, stamps, progress) -> set[str]:
    return stale_paths(vault, stamps)


def _ignore(_result: object) -> None:
    """A store write needs no answer: when it could not be made, the next open reads again."""
