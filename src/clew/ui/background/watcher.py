"""Watches a vault on disk and emits what changed as debounced batches, on the GUI thread."""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from shiboken6 import isValid
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

from clew.core.vault.changes import CHANGE_KINDS, ChangeCollector
from clew.core.vault.files import Vault
from clew.core.vault.watch_limits import (
    RAISE_WATCHES_HINT,
    folders_to_watch,
    max_user_watches,
    out_of_watches,
    watches_held,
)

# watchdog 7 reports a kernel queue overflow (events lost) only in its log, as a warning.
_INOTIFY_LOGGER = "watchdog.observers.inotify_c"
_OVERFLOW_MESSAGE = "Inotify queue overflowed"

# Without a filter watchdog 7 also reports every open and close, so reading the vault would
# flood the queue with events about our own reads.
WATCHED_EVENTS = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class _CollectingHandler(FileSystemEventHandler):
    """Runs on watchdog's thread: records each event and pokes the GUI thread, nothing more.
    Watching the target of a folder symlink the vault follows, it reports each path under
    ``watched`` as the same path under ``seen_as``, the link in the vault."""

    def __init__(self, collector: ChangeCollector, poke: Callable[[], None], watched: str = "",
                 seen_as: str = "") -> None:
        super().__init__()
        self._collector = collector
        self._poke = poke
        self._watched = watched
        self._seen_as = seen_as

    def seen_from(self, watched: str, seen_as: str) -> _CollectingHandler:
        """A handler for the same vault, watching ``watched`` seen as ``seen_as``."""
        return _CollectingHandler(self._collector, self._poke, watched, seen_as)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_KINDS:
            return  # the event filter keeps these out; an exception here would end watching
        dest = self._in_vault(os.fsdecode(event.dest_path)) or None
        self._collector.add(event.event_type, self._in_vault(os.fsdecode(event.src_path)), dest,
                            is_directory=event.is_directory)
        self._poke()

    def _in_vault(self, path: str) -> str:
        if self._watched and path and (path == self._watched or path.startswith(self._watched + os.sep)):
            return self._seen_as + path[len(self._watched):]
        return path


class _OverflowSpotter(logging.Handler):
    """Hears watchdog say that the kernel dropped events, and calls ``on_overflow``."""

    def __init__(self, on_overflow: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self._on_overflow = on_overflow

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(_OVERFLOW_MESSAGE):
            self._on_overflow()


class WatchLimitReached(OSError):
    """The system has fewer inotify watches left than the vault has folders."""


def _started_observer(observer: BaseObserver, handler: _CollectingHandler, folder: str) -> BaseObserver:
    try:
        observer.schedule(handler, folder, recursive=True, event_filter=WATCHED_EVENTS)
        observer.start()
    except OSError:
        observer.stop()  # the inotify observer holds an open instance and a reader thread
        raise
    return observer


def _started_polling_observer(handler: _CollectingHandler, folder: str, interval_s: float) -> BaseObserver:
    """A poller of ``folder`` that never goes through a symlink (lstat): the folder symlinks the
    vault follows are watched on their own, and those it ignores may loop."""
    return _started_observer(PollingObserverVFS(os.lstat, os.scandir, polling_interval=interval_s), handler, folder)


def _started_inotify_observer(handler: _CollectingHandler, folder: str) -> BaseObserver:
    """An inotify observer with a watch on every folder of ``folder`` (symlinks not followed).
    watchdog passes over a subfolder it cannot watch: when fewer watches were placed than the
    folders it could watch, the kernel is asked whether the watch limit is the reason."""
    folders = folders_to_watch(Path(folder))
    limit = max_user_watches()
    if limit is not None and folders > limit:
        raise WatchLimitReached(errno.ENOSPC, f"the vault has {folders} folders, the system allows {limit} watches")
    before = watches_held()
    observer = _started_observer(Observer(), handler, folder)
    after = watches_held()
    if before is not None and after is not None and after - before < folders and out_of_watches(folder):
        observer.stop()
        observer.join()
        raise WatchLimitReached(
            errno.ENOSPC, f"only {after - before} of the vault's {folders} folders could be watched")
    return observer


def _stop_observers(observers: list[BaseObserver]) -> None:
    for observer in observers:
        observer.stop()
    for observer in observers:
        observer.join()


def _polling_message(error: OSError, folder: str) -> str:
    """What the status bar says when ``folder`` (as the user knows it) is polled because watching
    it failed with ``error``: the sysctl to raise only when the kernel ran out of watches or instances."""
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        return (f"Watching {folder} by polling, which is slower: the system refused more file watches "
                f"({reason}). To follow changes at once, raise the inotify watch limit: {RAISE_WATCHES_HINT}.")
    if error.errno == errno.EMFILE:
        return (f"Watching {folder} by polling, which is slower: the system refused more file watches "
                f"({reason}). Raising the fs.inotify.max_user_instances sysctl lets Clew follow changes at once.")
    return f"Watching {folder} by polling, which is slower: it cannot be watched for changes ({reason})."


class VaultWatcher(QObject):
    """Emits ``changed(ChangeBatch)`` once the vault has been quiet for ``quiet_ms``, and at least
    every ``max_delay_ms`` while changes keep coming. ``status(str)`` says when watching degrades.
    ``events_lost()`` says that the kernel dropped events: only a re-scan can tell what changed.
    The vault's folder and the target of each folder symlink it follows are watched apart:
    where inotify cannot watch one (no watches left, a file system without inotify), that one
    alone is polled every ``poll_interval_s`` seconds, comparing each file's size and mtime."""

    changed = Signal(object)
    status = Signal(str)
    events_lost = Signal()
    watches_placed = Signal(object)  # the ``watching`` Event of the start whose watches are placed
    _poked = Signal()

    def __init__(self, parent: QObject | None = None, *, quiet_ms: int = 150, max_delay_ms: int = 1000,
                 poll_interval_s: float = 2.0) -> None:
        super().__init__(parent)
        self._quiet_ms = quiet_ms
        self._max_delay_ms = max_delay_ms
        self._poll_interval_s = poll_interval_s
        self._observers: list[BaseObserver] = []
        self._collector: ChangeCollector | None = None
        # Guards _observers and _collector, which a background start sets from its own thread.
        self._lock = threading.Lock()
        # Set once the vault being started is watched (or the start gave up): see ``start``.
        self.watching = threading.Event()
        self._not_before: threading.Event | None = None  # what a background start waits for
        # Set by watchdog's thread when a poke is on its way, so a burst of events queues one call.
        self._poke_pending = threading.Event()
        self._overflowed = threading.Event()
        self._overflow_spotter = _OverflowSpotter(self._overflow_from_watchdog)
        self._first_unsent: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._emit_batch)
        self._poked.connect(self._on_poked, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self, vault: Vault, *, in_background: bool = False, not_before: threading.Event | None = None) -> None:
        """Watch ``vault`` (and stop watching the previous one). Falls back to polling when the
        system has no inotify watches left. ``in_background``: the watches are placed by a
        thread of their own (one per folder: a big vault's take long enough to place that
        opening it must not wait on them); ``watching`` is set once they are, so that a scan
        of the vault can wait for it and miss no change. That thread first waits for ``not_before``
        (set by whoever knows the watches no longer hold up more urgent work; stopping the
        watcher sets it too)."""
        self.stop(in_background=in_background)
        collector = ChangeCollector(vault)
        with self._lock:
            self._collector = collector
        self._poke_pending.clear()
        self._overflowed.clear()
        self.watching = watching = threading.Event()
        handler = _CollectingHandler(collector, self._poke_from_watchdog)
        self._not_before = not_before
        place = (collector, handler, vault, watching, not_before)
        if in_background:
            threading.Thread(target=self._place_watches, args=place, name="clew-watch-start", daemon=True).start()
        else:
            self._place_watches(*place)

    def _place_watches(self, collector: ChangeCollector, handler: _CollectingHandler, vault: Vault,
                       watching: threading.Event, not_before: threading.Event | None = None) -> None:
        """Start the observers of ``vault`` (once ``not_before`` is set) and keep them, unless
        the watcher was stopped or started on another vault meanwhile. May run on a thread of
        its own (signals are then queued)."""
        try:
            if not_before is not None:
                not_before.wait()
                with self._lock:
                    if self._collector is not collector:
                        return
            observers, message = self._started_observers(handler, vault)
            with self._lock:
                kept = self._collector is collector
                if kept:
                    self._observers = observers
            if not kept:
                _stop_observers(observers)
                return
            if message:
                self.status.emit(message)
            if any(isinstance(observer, Observer) for observer in observers):
                logging.getLogger(_INOTIFY_LOGGER).addHandler(self._overflow_spotter)
        finally:
            watching.set()
            if isValid(self):  # this thread may outlive the window at quit
                self.watches_placed.emit(watching)

    def _started_observers(self, handler: _CollectingHandler, vault: Vault) -> tuple[list[BaseObserver], str]:
        """An observer for the vault's folder and one for the target of each folder symlink it
        follows: inotify where the system lets it watch, else a poller of that folder alone;
        and what to tell the user about polling, if any."""
        trees = [(str(vault.root), handler, "the vault")]
        trees += [(str(target), handler.seen_from(str(target), str(vault.abs_path(link))), f"the linked folder {link}")
                  for link, target in vault.folder_links.followed.items()]
        observers: list[BaseObserver] = []
        message = ""
        for folder, tree_handler, name in trees:
            try:
                observers.append(_started_inotify_observer(tree_handler, folder))
            except OSError as error:
                observers.append(_started_polling_observer(tree_handler, folder, self._poll_interval_s))
                message = message or _polling_message(error, name)
        return observers, message

    def stop(self, *, in_background: bool = False) -> None:
        """Stop watching and drop changes not yet emitted. Safe to call at any time, repeatedly.
        ``in_background``: the observer's watches are removed by a thread of their own (a big
        vault's take tens of milliseconds); it reports nothing more either way."""
        logging.getLogger(_INOTIFY_LOGGER).removeHandler(self._overflow_spotter)
        if self._not_before is not None:
            self._not_before.set()  # a start waiting for it goes on, finds itself stopped, and ends
            self._not_before = None
        self._timer.stop()
        self._first_unsent = None
        with self._lock:
            self._collector = None
            observers, self._observers = self._observers, []
        if not observers:
            return
        if in_background:
            threading.Thread(target=_stop_observers, args=(observers,), name="clew-watch-stop", daemon=True).start()
        else:
            _stop_observers(observers)

    def _poke_from_watchdog(self) -> None:
        if not self._poke_pending.is_set():
            self._poke_pending.set()
            self._poked.emit()

    def _overflow_from_watchdog(self) -> None:
        self._overflowed.set()
        self._poke_from_watchdog()

    def _on_poked(self) -> None:
        self._poke_pending.clear()
        if self._collector is None:
            return  # a poke from an observer stopped since
        if self._overflowed.is_set():
            self._overflowed.clear()
            self.events_lost.emit()
        now = time.monotonic()
        if self._first_unsent is None:
            self._first_unsent = now
        until_deadline_ms = int((self._first_unsent - now) * 1000) + self._max_delay_ms
        self._timer.start(max(0, min(self._quiet_ms, until_deadline_ms)))

    def _emit_batch(self) -> None:
        self._first_unsent = None
        batch = self._collector.take() if self._collector is not None else None
        if batch is not None:
            self.changed.emit(batch)
