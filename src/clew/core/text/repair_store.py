"""Repaired notes kept on disk, so a mis-encoded note is repaired once, not at every start, open
and search: its repaired text by its path, size and mtime, in one SQLite file per vault (the
vault's cache folder, given by whoever opens the vault). Rebuilding a seed-kb-sized note's lost
bytes takes about half a second, and a process's first repair loads the character and word
models too (from the folder the store names, ``model_file``; built there the first time).

Notes that show a sign of mojibake but need no repair (``mojibake_signs``) are kept as such, so
they are not looked at closely again either; clean notes are never looked up at all.

The store is a cache: whatever goes wrong with it (a damaged file, a lock held too long, a
folder that cannot be written) costs a repair, never a note: it is then left alone for the
session.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

# Bump when the repair changes: a note repaired by an older one is repaired again.
REPAIR_VERSION = 3
STORE_FILE_NAME = "repairs.sqlite3"
# How long a read or write waits for another window's lock before going without the store.
_LOCK_TIMEOUT_S = 0.5
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repairs (
    path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, text TEXT, notice TEXT
) WITHOUT ROWID;
"""

Stamp = tuple[int, int]
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptRepair:
    """A note's repair as kept: its repaired ``text`` and the ``notice`` telling it, or None for
    both when the note needs none."""

    text: str | None
    notice: str | None


def stamp_of(path: Path) -> Stamp | None:
    """(size, mtime_ns) of the file at ``path``; None when it cannot be had."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


class RepairStore:
    """Repairs of one vault's notes in the SQLite file ``path`` (None: keep nothing), and the
    folder ``models`` where the repair's character and word models are kept, for every vault
    (None: built in each process, ``model_file``). Each call opens its own short connection,
    so any thread or process may call."""

    def __init__(self, path: Path | None, models: Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.models = Path(models) if models is not None else None
        self._ready = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"RepairStore({str(self.path)!r})"

    def __getstate__(self) -> dict:
        return {"path": self.path, "models": self.models}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["models"])

    def get(self, note: Path, stamp: Stamp) -> KeptRepair | None:
        """The repair kept for the file at ``note`` as it is at ``stamp``; None when none is."""
        row = self._run(lambda db: db.execute(
            "SELECT size, mtime_ns, text, notice FROM repairs WHERE path = ?", (_key_of(note),)).fetchone())
        if row is None or (row[0], row[1]) != stamp:
            return None
        return KeptRepair(row[2], row[3])

    def put(self, note: Path, stamp: Stamp, kept: KeptRepair) -> None:
        """Keep ``kept`` for the file at ``note`` as it is at ``stamp``."""
        self._run(lambda db: db.execute("INSERT OR REPLACE INTO repairs VALUES (?, ?, ?, ?, ?)",
                                        (_key_of(note), *stamp, kept.text, kept.notice)))

    def _run(self, work):
        """``work(db)``, or None when the store cannot be used: a damaged file is started
        afresh once, anything else (a lock held too long, a folder that cannot be written)
        leaves the store alone for the session."""
        for attempt in range(2):
            if self.path is None:
                return None
            try:
                db = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT_S, isolation_level=None)
                try:
                    self._prepare(db)
                    return work(db)
                finally:
                    db.close()
            except (sqlite3.Error, OSError) as error:
                damaged = type(error) is sqlite3.DatabaseError and not attempt
                _log.warning("repaired notes %s: %s", "started afresh" if damaged else "not kept this session", error)
                if damaged:
                    self._remove()
                else:
                    self.path = None
        return None

    def _remove(self) -> None:
        with self._lock:
            self._ready = False
            try:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            except OSError:
                self.path = None

    def _prepare(self, db: sqlite3.Connection) -> None:
        """The tables, emptied when they were written by another version of the repair."""
        with self._lock:
            if self._ready:
                return
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_TABLES)
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != str(REPAIR_VERSION):
                db.execute("DELETE FROM repairs")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(REPAIR_VERSION),))
            self._ready = True


def _key_of(note: Path) -> bytes:
    """A path as stored: its bytes, a name that is not UTF-8 on disk included."""
    return os.fsencode(note)
