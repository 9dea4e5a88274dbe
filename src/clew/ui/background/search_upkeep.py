"""Keeps the vault's search index in step with the session: a full sync once the vault is read,
then the files of each watcher batch; queries run off the GUI thread too.

A sync of a big vault, and a big batch, are written by a child process (clew.core.offload.search_writer):
the pool thread only waits on it, so the GUI thread and the note renders keep the GIL."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from clew.core.index.build import FileUpdate
from clew.core.offload.search_writer import write_in_process
from clew.core.search.fulltext import SearchHit, SearchIndex
from clew.core.vault.files import Vault
from clew.ui.background.tasks import while_alive
from clew.ui.background.tasks import TaskRunner
from clew.ui.background.vault_session import VaultSession


def _sync(index: SearchIndex, vault: Vault, progress) -> int:
    return index.sync(vault, progress=lambda done, total: progress((done, total)))


def _update(index: SearchIndex, vault: Vault, paths: list[str], progress) -> int:
    index.update(vault, paths)
    return len(paths)


def _write_in_process(index: SearchIndex, vault: Vault, paths: list[str] | None, progress) -> int:
    return write_in_process(index, vault, paths, progress)


def _search(index: SearchIndex, text: str, limit: int, progress) -> list[SearchHit]:
    return index.search(text, limit)


class SearchUpkeep(QObject):
    """One writer at a time: batches that arrive during a sync wait for it, so an old read never
    overwrites a newer one.

    Work on at least ``process_min_notes`` notes goes to a child process; below that, starting
    one (~0.3 s) costs more than the GIL it spares."""

    PROCESS_MIN_NOTES = 1000
    # Changed notes not yet written are read by the unlinked-mentions search of every note
    # opened, until the index has them: past this many (a pull changes thousands at once), the
    # index is ``lagging`` and a big vault's search waits for it instead.
    UNWRITTEN_READ_MOST = 500
    # A batch's notes are written this long after it is applied, with any batch that follows
    # meanwhile: started at once, the write (or the start of its child process) would share
    # the GIL with the window refreshing its panels for that batch, and stall it.
    WRITE_AFTER_MS = 250

    progress = Signal(int, int)       # notes read, notes to read
    updated = Signal()                # the index follows the disk (again)
    results = Signal(str, list)       # query text, [SearchHit]
    failed = Signal(str)

    def __init__(self, session: VaultSession, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.process_min_notes = self.PROCESS_MIN_NOTES
        self._tasks = tasks
        self._session = session
        self.index: SearchIndex | None = None
        self._vault: Vault | None = None
        self._writing = None
        self._waiting: frozenset[str] = frozenset()
        self._in_flight: frozenset[str] = frozenset()
        self._query_number = 0
        self.ready = False
        self._write_due = QTimer(self, singleShot=True, interval=self.WRITE_AFTER_MS)
        self._write_due.timeout.connect(self._on_write_due)
        session.opened.connect(self._on_opened)
        session.indexed.connect(self._on_indexed)
        session.changed.connect(self._on_changed)

    @property
    def building(self) -> bool:
        """True until the first sync of an index that can be written is done."""
        return self.index is not None and not self.ready

    @property
    def lagging(self) -> bool:
        """True while the index cannot name a mention search's candidates cheaply: until its
        first sync is done, or while more than ``UNWRITTEN_READ_MOST`` changed notes wait to be
        written (each is a candidate, read for every note opened)."""
        return self.building or len(self._waiting) + len(self._in_flight) > self.UNWRITTEN_READ_MOST

    @property
    def writing(self) -> bool:
        """True while the index is being written, or is about to be (WRITE_AFTER_MS)."""
        return self._writing is not None or self._write_due.isActive()

    def notes_holding(self, names: list[str]) -> set[str] | None:
        """The notes whose text may hold any of ``names``, in any case: those the index finds,
        and the notes of batches it has not written yet (the caller reads them to know); None
        until the first sync is done. Called off the GUI thread: each query has its own
        connection, and the sets of unwritten paths are replaced, never changed in place."""
        index = self.index
        unwritten = self._waiting | self._in_flight
        if index is None or not self.ready:
            return None
        found = set(unwritten)
        for name in names:
            found |= index.paths_holding(name)
        return found

    def _on_opened(self, vault: Vault) -> None:
        if self._writing is not None:
            self._writing.cancel()
            self._writing = None
        self._write_due.stop()
        self._vault, self.ready = vault, False
        self._waiting = self._in_flight = frozenset()
        self.index = SearchIndex.for_vault(vault.root)
        self._tell_problem()

    def _tell_problem(self) -> None:
        """Say once, in the status bar, why the index is kept in memory (its file cannot be used)."""
        problem = self.index.unreported_problem() if self.index is not None else ""
        if problem:
            self.failed.emit(problem)

    def _on_indexed(self) -> None:
        if self.index is None or self._vault is None or self._writing is not None:
            return
        if len(self._session.known) >= self.process_min_notes:
            work, args = _write_in_process, (self.index, self._vault, None)
        else:
            work, args = _sync, (self.index, self._vault)
        self._writing = self._tasks.run(work, *args, on_done=while_alive(self, self._on_written),
                                        on_error=while_alive(self, self._on_error),
                                        on_progress=while_alive(self, lambda c: self.progress.emit(*c)))

    def _on_changed(self, _batch, update: FileUpdate) -> None:
        self._waiting = self._waiting.union(update.added, update.removed, update.modified)
        if self._writing is None and self.ready:
            self._write_due.start()

    def _on_write_due(self) -> None:
        if self._writing is None and self.ready and self._waiting:
            self._write_waiting()

    def _write_waiting(self) -> None:
        self._in_flight, self._waiting = self._waiting, frozenset()
        paths = sorted(self._in_flight)
        work = _write_in_process if len(paths) >= self.process_min_notes else _update
        self._writing = self._tasks.run(work, self.index, self._vault, paths,
                                        on_done=while_alive(self, self._on_written),
                                        on_error=while_alive(self, self._on_error))

    def _on_written(self, _count: int) -> None:
        self._writing = None
        self._tell_problem()
        self._in_flight = frozenset()
        self.ready = True
        if self._waiting:
            self._write_waiting()
        else:
            self.updated.emit()

    def _on_error(self, error: BaseException) -> None:
        self._writing = None
        # Not written: still answered as unwritten, and tried again with the next batch.
        self._waiting, self._in_flight = self._waiting | self._in_flight, frozenset()
        self.failed.emit(f"Search index could not be updated: {error}")

    def search(self, text: str, limit: int = 200) -> None:
        """Run ``text``; ``results`` follows (only for the latest query)."""
        if self.index is None:
            return
        self._query_number += 1
        number = self._query_number
        self._tasks.run(_search, self.index, text, limit,
                        on_done=while_alive(self, lambda hits: self._deliver(number, text, hits)),
                        on_error=while_alive(self, lambda error: self.failed.emit(f"Search failed: {error}")))

    def _deliver(self, number: int, text: str, hits: list[SearchHit]) -> None:
        if number == self._query_number:
            self.results.emit(text, hits)
