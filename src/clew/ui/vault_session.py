"""The open vault as the window sees it: background indexing, then the watcher's batches applied."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from clew.core.changes import ChangeBatch
from clew.core.index import VaultIndex
from clew.core.indexing import FileUpdate, apply_changes, index_vault
from clew.core.vault import Vault
from clew.ui.tasks import TaskRunner
from clew.ui.watcher import VaultWatcher


class VaultSession(QObject):
    """Holds the Vault, its VaultIndex and the set of known files, and keeps them in step with
    the disk. Panels listen to its signals; nothing here knows about widgets."""

    opened = Signal(object)              # Vault: the vault is open; its files are not read yet
    files_listed = Signal(list)          # every vault path, as soon as the tree can be shown
    progress = Signal(int, int)          # notes read, notes in all
    indexed = Signal()                   # backlinks are ready
    changed = Signal(object, object)     # ChangeBatch, FileUpdate: the index already follows them
    failed = Signal(str)                 # a message for the user
    watcher_status = Signal(str)

    def __init__(self, tasks: TaskRunner, watcher: VaultWatcher, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._watcher = watcher
        self._task = None
        self._pending: list[ChangeBatch] = []
        self.vault: Vault | None = None
        self.index: VaultIndex | None = None
        self.known: set[str] = set()
        watcher.changed.connect(self._on_batch)
        watcher.status.connect(self.watcher_status)

    @property
    def ready(self) -> bool:
        return self.index is not None

    def open(self, vault: Vault) -> None:
        """Start on ``vault``: the watcher first (so nothing is missed), then the indexing task."""
        if self._task is not None:
            self._task.cancel()
        self.vault, self.index, self.known, self._pending = vault, None, set(), []
        self._watcher.start(vault)
        self.opened.emit(vault)
        files = vault.scan()
        self.known = {f.path for f in files}
        self.files_listed.emit(sorted(self.known))
        self._task = self._tasks.run(
            self._index_in_background, vault, files,
            on_done=self._on_indexed, on_error=self._on_index_error, on_progress=self._on_progress,
        )

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._watcher.stop()

    @staticmethod
    def _index_in_background(vault: Vault, files, progress):
        # progress() raises TaskCancelled once another vault is opened: indexing stops there.
        return index_vault(vault, files, progress=lambda done, total: progress((done, total)))

    def _on_progress(self, counts: tuple[int, int]) -> None:
        self.progress.emit(*counts)

    def _on_indexed(self, result) -> None:
        _files, index = result
        self._task = None
        self.index = index
        self.indexed.emit()
        pending, self._pending = self._pending, []
        for batch in pending:
            self._on_batch(batch)

    def _on_index_error(self, error: BaseException) -> None:
        self._task = None
        self.failed.emit(f"Could not read the vault: {error}")

    def _on_batch(self, batch: ChangeBatch) -> None:
        if self.vault is None:
            return
        if self.index is None:
            self._pending.append(batch)
            return
        update: FileUpdate = apply_changes(self.vault, self.index, self.known, batch.paths)
        self.changed.emit(batch, update)
