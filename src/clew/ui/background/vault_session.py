"""The open vault as the window sees it: listed and indexed in background stages, then kept in
step with the watcher's batches."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from clew.core.index.build import SNAPSHOT_AGAIN_ABOVE, ChangesRead, FileUpdate, apply_read_changes, unchanged_in
from clew.core.index.bulk_read import GatheredFacts
from clew.core.index.graph import VaultIndex
from clew.core.index.queued_repairs import QueuedNote
from clew.core.index.retire import retire
from clew.core.index.store import FactsStore
from clew.core.vault.changes import ChangeBatch
from clew.core.vault.files import Vault, VaultFile
from clew.core.vault.known import KnownFiles
from clew.core.vault.tree_shape import TreeShape
from clew.ui.background import session_work, sliced_apply
from clew.ui.background.repair_queue import RepairQueue
from clew.ui.background.tasks import Task, TaskRunner
from clew.ui.background.watcher import VaultWatcher

# Every batch is read (its notes parsed) off the GUI thread: one note growing by megabytes a
# second, parsed there, froze the window for seconds. A batch with more paths than this is then
# applied to the index in slices; a smaller one at once.
APPLY_IN_SLICES_ABOVE = 20
# A batch that added and removed more files than this comes with the listing made again (the
# tree resets above as many anyway: one reset beats thousands of row signals).
LIST_AGAIN_ABOVE = 500
# How long a first opening leaves the window to lay the tree it was just handed out and paint
# it before the next stage: packing a big vault's files for the indexing child and starting it
# shares the GIL with the tree's reset and paints, each row a call into Python.
LISTING_PAINT_MS = 100
# How long an opening leaves the window to show the first note and fill its panels once it has
# the index, before the next stage (checking the files against the disk, or saving a snapshot)
# shares the GIL with it, a call into Python per row painted.
INDEX_FILL_MS = 200


class SessionState(Enum):
    """Where a VaultSession is. An opening goes LISTING, INDEXING, CATCHING_UP, READY (a warm
    one too: its index then comes from the store's snapshot); each batch READY, APPLYING, READY."""

    CLOSED = "closed"            # no vault open
    LISTING = "listing"          # opening: the vault's files are being listed
    INDEXING = "indexing"        # opening: the files are listed (the tree can show); the notes are being read
    CATCHING_UP = "catching up"  # backlinks are ready; the files are checked against the disk, what changed applied
    READY = "ready"              # the index follows the files as watched
    APPLYING = "applying"        # a batch of changes is being read and applied
    FAILED = "failed"            # the opening failed: the vault stays open, without an index


_WITH_INDEX = frozenset({SessionState.CATCHING_UP, SessionState.READY, SessionState.APPLYING})
_AT_WORK = frozenset({SessionState.LISTING, SessionState.INDEXING, SessionState.CATCHING_UP, SessionState.APPLYING})


@dataclass(frozen=True)
class _Watches:
    """The watcher's start for one opening: its watches are placed once ``allowed`` is set, and
    ``placed`` is set once they are; the vault is scanned only then, so that no change is missed."""

    allowed: threading.Event
    placed: threading.Event


class VaultSession(QObject):
    """Holds the Vault, its VaultIndex, its facts store and the files known, and keeps them in
    step with the disk. Panels listen to its signals; nothing here knows about widgets.

    Opening runs in stages, each a background task whose end, on the GUI thread, queues the
    next: the store's snapshot (a warm opening: its tree, then its backlinks, then a scan for
    what changed since, applied as the first batch), or else the watches, a scan (the tree)
    and the notes read (the backlinks). Between stages the window gets time to show what it
    was handed. Opening another vault cancels the stage running and the one queued. Watcher
    batches are applied in order, one at a time: big ones are read in the background and
    applied to the index in short slices. ``state`` says where it is; ``state_changed`` tells
    each change, before the signal of what the new state brings (``files_listed`` for
    INDEXING, ``indexed`` for CATCHING_UP, ``caught_up`` for READY)."""

    state_changed = Signal(object)       # SessionState
    opened = Signal(object)              # Vault: the vault is open; its files are not listed yet
    afresh = Signal()                    # a cold opening: every note is read (``indexing_afresh`` from now)
    files_found = Signal(object)         # a cold opening's vault paths (a tuple), before files_listed
    files_listed = Signal(object)        # Listing: every vault path, as soon as the tree can be shown
    progress = Signal(int, int)          # notes read, notes in all
    applying = Signal(str, int, int)     # a big batch going in: what is being done, how far, of how much
    indexed = Signal()                   # backlinks are ready
    caught_up = Signal()                 # the index follows the files as they were once watched
    changed = Signal(object, object)     # ChangeBatch, FileUpdate: the index already follows them
    failed = Signal(str)                 # a message for the user
    watcher_status = Signal(str)
    # The models folder: the vault holds mis-encoded notes, and the repair's models are kept
    # there (RepairQueue.repair_models: as the repair child starts, and after its first repair).
    repair_models = Signal(object)

    def __init__(self, tasks: TaskRunner, watcher: VaultWatcher,
                 prepare_listing: Callable[[list[str]], TreeShape] | None = None,
                 parent: QObject | None = None) -> None:
        """``prepare_listing(paths)`` runs in the background with each listing: the tree a
        panel shows of a big vault's paths is built there, off the GUI thread."""
        super().__init__(parent)
        self._tasks = tasks
        self._prepare_listing = prepare_listing
        self._watcher = watcher
        self._state = SessionState.CLOSED
        self._task: Task | None = None  # the opening's stage running
        self._queued: Callable[[], None] | None = None  # the opening's next stage, once _stage_timer fires
        # The stage waiting for the watches to be placed: the watcher's event for them, and the stage.
        self._after_watches: tuple[threading.Event, Callable[[], None]] | None = None
        watcher.watches_placed.connect(self._on_watches_placed)
        self._stage_timer = QTimer(self)
        self._stage_timer.setSingleShot(True)
        self._stage_timer.timeout.connect(self._run_queued)
        self._pending: list[ChangeBatch] = []
        self._sliced = sliced_apply.SlicedApply(self)
        self._sliced.applying.connect(self.applying)
        self.vault: Vault | None = None
        self.store: FactsStore | None = None
        self.index: VaultIndex | None = None
        self.known: KnownFiles = KnownFiles()
        # Mis-encoded notes the index read quickly, repaired by a child once the opening is
        # over; read again whatever their stamp says, then kept in a new snapshot.
        self._repairs = RepairQueue(self)
        self._repairs.queued.connect(lambda notes: self._read_quickly.update(note.path for note in notes))
        self._repairs.repair_models.connect(self.repair_models)
        self._repairs.repaired.connect(self._on_repaired)
        self._repairs.failed.connect(self.failed)
        self._read_quickly: set[str] = set()  # as the index has them, until repaired
        self._reread: set[str] = set()
        self._taking_in: list[QueuedNote] = []
        self._afresh = False  # this opening indexes every note: the store had no snapshot to start from
        watcher.changed.connect(self._on_batch)
        watcher.status.connect(self.watcher_status)
        watcher.events_lost.connect(self.rescan)

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def ready(self) -> bool:
        """True once the index has the backlinks, until the session is closed or opens again."""
        return self._state in _WITH_INDEX

    @property
    def indexing_afresh(self) -> bool:
        """True while a cold opening lists and reads every note: the index is not there, and will
        take long in a big vault (a warm one restores its snapshot instead)."""
        return self._afresh and self._state in (SessionState.LISTING, SessionState.INDEXING)

    @property
    def busy(self) -> bool:
        """True while opening, or while a batch is being read or applied."""
        return self._state in _AT_WORK

    def open(self, vault: Vault) -> None:
        """Start on ``vault``: the watcher first, so that nothing is missed (its watches are
        placed in the background once the opening allows, and the vault scanned once they
        are), then the opening's first stage. A warm opening allows them once the window has
        the backlinks: placed while the store's snapshot was read, a big vault's watches took
        the GIL from it."""
        self._cancel_work()
        self._repairs.cancel()  # the last vault's: its notes are read quickly until its next opening
        retired = [self.index] if self.index is not None else []
        self.vault, self.index, self.known, self._pending = vault, None, KnownFiles(), []
        self._read_quickly, self._reread, self._taking_in = set(), set(), []
        # The window's readers leave repairs that need the models to the repair child.
        vault.repairs.defers = True
        self._afresh = False
        self.store = FactsStore.for_vault(vault.root)
        allowed = threading.Event()
        self._watcher.start(vault, in_background=True, not_before=allowed)
        watches = _Watches(allowed, self._watcher.watching)
        self._set_state(SessionState.LISTING)
        # Started first: the panels' answers to ``opened`` (the search index's file opened)
        # take the GUI thread ~30 ms, while the stage reads the store. What it finds comes
        # through the event loop, once they are done.
        self._stage(session_work.restore, vault, self.store, self._prepare_listing, watches.allowed,
                    on_done=partial(self._on_restored, watches))
        self.opened.emit(vault)  # the panels let go of the last vault's index
        if retired:
            retire(retired)

    def close(self) -> None:
        self._cancel_work()
        self._repairs.shutdown()
        self._watcher.stop()
        self._set_state(SessionState.CLOSED)

    def rescan(self) -> None:
        """Compare every file's size and mtime with what the index has seen, and apply the
        differences as one batch: for when file events were lost. Before the index is there,
        the opening's own scan comes after the loss, and the batches queued follow it."""
        if self.ready:
            self._run(session_work.stale_paths_now, self.vault, self.known.copy_stamps(),
                      on_done=lambda paths: self._on_batch(ChangeBatch(frozenset(paths))) if paths else None,
                      on_error=self._tell_failure)  # whatever is under way goes on

    def _set_state(self, state: SessionState) -> None:
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)

    # -- opening, a stage at a time ------------------------------------------------------------

    def _stage(self, fn, *args, on_done: Callable) -> None:
        """Run the opening's next stage, ``fn(*args)``, in the background; ``on_done`` gets its
        result on the GUI thread."""
        self._task = self._tasks.run(fn, *args, on_done=partial(self._stage_done, on_done),
                                     on_error=self._on_task_error, on_progress=self._on_open_progress)

    def _stage_done(self, on_done: Callable, result) -> None:
        self._task = None
        on_done(result)

    def _after(self, ms: int, then: Callable[[], None]) -> None:
        """Queue the opening's next step ``ms`` from now: the window has that long to itself."""
        self._queued = then
        self._stage_timer.start(ms)

    def _run_queued(self) -> None:
        then, self._queued = self._queued, None
        if then is not None:
            then()

    def _once_watched(self, watches: _Watches, then: Callable[[], None]) -> None:
        """Let the watches be placed, and go on to ``then`` once they are."""
        watches.allowed.set()
        self._after_watches = (watches.placed, then)
        if watches.placed.is_set():
            self._on_watches_placed(watches.placed)

    def _on_watches_placed(self, placed: threading.Event) -> None:
        # The watcher says so from its own thread (a queued call): it may be an earlier
        # opening's watches, or the ones already seen placed.
        waiting = self._after_watches
        if waiting is not None and waiting[0] is placed and placed.is_set():
            self._after_watches = None
            waiting[1]()

    def _on_open_progress(self, value) -> None:
        if isinstance(value, session_work.Listed):
            self._list(value)
        elif isinstance(value, session_work.Found):
            self.files_found.emit(value.paths)
        else:
            self.progress.emit(*value)

    def _list(self, listed: session_work.Listed) -> None:
        self.known = listed.known
        self._set_state(SessionState.INDEXING)
        self.files_listed.emit(listed.listing)

    def _on_restored(self, watches: _Watches, restored: session_work.Restored | None) -> None:
        if restored is None:  # no snapshot to trust: indexed afresh, from a scan made once watched
            self._afresh = True
            self.afresh.emit()
            self._once_watched(watches, self._scan)
            return
        # A turn of the event loop between the tree's files, just shown, and the index: each
        # takes the window ~20 ms at 100k notes, and input waited for both.
        self._after(0, partial(self._take_restored, watches, restored))

    def _take_restored(self, watches: _Watches, restored: session_work.Restored) -> None:
        self._take_index(restored.index)
        self._after(INDEX_FILL_MS, partial(self._once_watched, watches, partial(self._check_disk, restored)))

    def _check_disk(self, restored: session_work.Restored) -> None:
        self._stage(session_work.stale_since_snapshot, self.vault, restored.index, restored.files, on_done=self._on_opening_done)

    def _scan(self) -> None:
        self._set_state(SessionState.LISTING)
        self._stage(session_work.scan, self.vault, self._prepare_listing, on_done=self._on_scanned)

    def _on_scanned(self, scanned: session_work.Scanned) -> None:
        self._list(scanned.listed)
        self._after(LISTING_PAINT_MS, partial(self._read_notes, scanned.files))

    def _read_notes(self, files: list[VaultFile]) -> None:
        self._stage(session_work.index_notes, self.vault, files, self.store, on_done=partial(self._on_indexed, files))

    def _on_indexed(self, files: list[VaultFile], indexed: session_work.Indexed) -> None:
        self._take_index(indexed.index, indexed.gathered.store_note)
        self._after(INDEX_FILL_MS, partial(self._store_first_facts, indexed.gathered, files))

    def _store_first_facts(self, gathered: GatheredFacts, files: list[VaultFile]) -> None:
        """Once the window has filled its panels: the notes read afresh go to the store, then
        the index's snapshot if it is due. Batches wait meanwhile: nothing may change the
        index as it is encoded."""
        self._save(gathered.fresh, gathered.gone)
        if gathered.snapshot_due:
            self._stage(session_work.save_first_snapshot, self.store, self.index, files,
                        on_done=lambda _saved: self._on_opening_done(None))
        else:
            self._on_opening_done(None)

    def _take_index(self, index: VaultIndex, store_note: str = "") -> None:
        self.index = index
        self._set_state(SessionState.CATCHING_UP)
        if store_note:
            self.failed.emit(store_note)
        self.indexed.emit()

    def _on_opening_done(self, stale: session_work.Stale | None) -> None:
        """The opening's stages are over: batches may apply, after what a warm opening found
        changed since the snapshot (read already). Many such changes are saved in a new
        snapshot, so that the next opening need not apply them all again."""
        problem = self.store.unreported_problem() if self.store is not None else ""
        if problem:  # the store gave up while the snapshot was saved
            self.failed.emit(problem)
        if stale is None:
            self._next_batch()
            return
        then = self._save_snapshot_then_next if len(stale.batch.paths) > SNAPSHOT_AGAIN_ABOVE else self._next_batch
        sliced = session_work.sliced(stale.read, self.known, sliced_apply.FILES_PER_SLICE)
        self._apply_in_slices(stale.batch, sliced, then)

    def _on_task_error(self, error: BaseException) -> None:
        """A stage of the opening, or a batch's work, failed: the session goes on without it."""
        self._task = None
        self._tell_failure(error)
        if self.index is None:
            self._set_state(SessionState.FAILED)
        else:
            self._next_batch()

    def _tell_failure(self, error: BaseException) -> None:
        self.failed.emit(f"Could not read the vault: {error}")

    # -- changes -------------------------------------------------------------------------------

    def _on_batch(self, batch: ChangeBatch) -> None:
        if self._state is SessionState.CLOSED:
            return
        self._pending.append(batch)
        if self._state is SessionState.READY:
            self._next_batch()

    def _next_batch(self) -> None:
        """Read and apply every batch that came meanwhile, as one; with none left, the session
        is READY (and has caught up, if it was catching up). Called with nothing under way."""
        if not self._pending:
            catching_up = self._state is SessionState.CATCHING_UP
            self._set_state(SessionState.READY)
            if catching_up:
                # Only now: started with the opening, the child took a core from the catching
                # up, and the notes it repaired (found kept, they came quickly) were read and
                # saved in a second snapshot before the window had caught up.
                self._repairs.repair(self.vault)
                self.caught_up.emit()
            return
        batch = ChangeBatch(frozenset().union(*(b.paths for b in self._pending)),
                            tuple(move for b in self._pending for move in b.moves))
        self._pending = []
        if self._state is SessionState.READY:
            self._set_state(SessionState.APPLYING)
        unchanged = _except(unchanged_in(self.index, self.known), self._reread)
        then = self._next_batch
        if self._taking_in:
            then = partial(self._save_snapshot_then_next, self._taking_in)
        self._reread, self._taking_in = set(), []
        if len(batch.paths) <= APPLY_IN_SLICES_ABOVE:
            self._run(session_work.read, self.vault, batch.paths, unchanged,
                      on_done=lambda read: self._apply(batch, read, then))
            return
        store = self.store if self.index.reads_back else None
        self._run(session_work.read_in_slices, self.vault, batch.paths, unchanged, self.known, store,
                  sliced_apply.FILES_PER_SLICE,
                  on_done=lambda sliced: self._apply_in_slices(batch, sliced, then))

    def _apply(self, batch: ChangeBatch, read: ChangesRead, then: Callable[[], None]) -> None:
        update = apply_read_changes(self.index, self.known, read)
        self._save(read.fresh, update.removed)
        self._batch_applied(batch, update, then)

    def _apply_in_slices(self, batch: ChangeBatch, sliced: tuple[list[ChangesRead], list],
                         then: Callable[[], None]) -> None:
        self._sliced.start(self.index, self.known, sliced, partial(self._sliced_in, batch, then))

    def _sliced_in(self, batch: ChangeBatch, then: Callable[[], None], update: FileUpdate, fresh: list) -> None:
        self._save(fresh, update.removed)
        if self._prepare_listing is not None and len(update.added) + len(update.removed) > LIST_AGAIN_ABOVE:
            # The tree made again off the GUI thread, rather than path by path; nothing changes
            # the files meanwhile (the batch is not over).
            self._run(session_work.prepared, self._prepare_listing, self.known.sorted_paths(), on_done=lambda shape:
                      self._batch_applied(batch, replace(update, listing=shape), then))
            return
        self._batch_applied(batch, update, then)

    def _batch_applied(self, batch: ChangeBatch, update: FileUpdate, then: Callable[[], None]) -> None:
        self.changed.emit(batch, update)
        if self._state is not SessionState.CATCHING_UP:  # else once caught up
            self._repairs.repair_if_queued(self.vault)
        then()

    def _on_repaired(self, notes: list[QueuedNote]) -> None:
        """The repair child repaired ``notes``: read again, as a change (their stamps did not
        change), and kept in a new snapshot before they leave the queue."""
        if self._state is SessionState.CLOSED or self.index is None:
            return
        self._read_quickly.difference_update(note.path for note in notes)
        self._reread.update(note.path for note in notes)
        self._taking_in += notes
        self._on_batch(ChangeBatch(frozenset(note.path for note in notes)))

    def shown_repaired(self, path: str) -> None:
        """The page showed ``path``, repairing it itself if it is mis-encoded: a note the index
        has as read quickly takes that repair in now, without waiting for the repair child."""
        if path in self._read_quickly and self.ready:
            self._read_quickly.discard(path)
            self._reread.add(path)
            self._on_batch(ChangeBatch(frozenset({path})))

    def _save_snapshot_then_next(self, taken_in: Sequence[QueuedNote] = ()) -> None:
        """Save the index as a new snapshot, then go on to the next batch; none is applied
        meanwhile: the index is read as it is encoded. The repaired notes ``taken_in`` then
        leave the repair queue."""
        self._run(session_work.save_index_snapshot, self.store, self.index, self.known.copy_stamps(),
                  self.vault, list(taken_in), on_done=lambda _saved: self._next_batch())

    # -- background work -----------------------------------------------------------------------

    def _save(self, fresh, gone) -> None:
        if self.store is not None and (fresh or gone):
            self._tasks.run(session_work.store_update, self.store, list(fresh), list(gone))

    def _run(self, fn, *args, on_done: Callable, on_error: Callable | None = None) -> None:
        """Run ``fn(*args)`` for the vault open now: its outcome is dropped once another vault
        is opened, or the session closed. A failure goes to ``on_error``, by default taken as
        the failure of a batch's work."""
        vault = self.vault
        on_error = on_error or self._on_task_error

        def still_open() -> bool:
            return self.vault is vault and self._state is not SessionState.CLOSED

        self._tasks.run(fn, *args, on_done=lambda result: on_done(result) if still_open() else None,
                        on_error=lambda error: on_error(error) if still_open() else None)

    def _cancel_work(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._stage_timer.stop()
        self._queued = None
        self._after_watches = None
        self._sliced.cancel()


def _except(unchanged: Callable[[VaultFile], bool], reread: set[str]) -> Callable[[VaultFile], bool]:
    """``unchanged``, but for the files at ``reread``, which are read whatever their stamp."""
    if not reread:
        return unchanged
    return lambda file: file.path not in reread and unchanged(file)
