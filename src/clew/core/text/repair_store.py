"""Repaired notes kept on disk, so a mis-encoded note is repaired once, not at every start, open
and search: its repaired text by its path, size and mtime, in one SQLite file per vault (the
vault's cache folder, given by whoever opens the vault). Rebuilding a seed-kb-sized note's lost
bytes takes about half a second, and a process's first repair loads the character and word
models too (from the folder the store names, ``model_file``; built there the first time).

Notes that show a sign of mojibake but need no repair (``mojibake_signs``) are kept as such, so
they are not looked at closely again either; clean notes are never looked up at all. A repair
keeps the text it was made from too: a note changed since is repaired again only in the lines
that changed (``previous``).

A store that ``defers`` (the window's) leaves a repair that needs the models to later: the note
is read quickly and queued here (``queue``), for a child process to repair (``queued``), so
that the window's cold index never waits for repairs and its process never loads the models.

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

# Bump when the repair or the tables change: a note repaired by an older one is repaired again.
REPAIR_VERSION = 4
STORE_FILE_NAME = "repairs.sqlite3"
# How long a read or write waits for another window's lock before going without the store.
_LOCK_TIMEOUT_S = 0.5
_TABLES = """
CREATE TABLE IF NOT EXISTS repairs (
    path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, text TEXT, notice TEXT, source TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS queued (path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS repairs_by_stamp ON repairs (size, mtime_ns);
"""

Stamp = tuple[int, int]
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptRepair:
    """A note's repair as kept: its repaired ``text`` and the ``notice`` telling it, or None for
    both when the note needs none."""

    text: str | None
    notice: str | None


@dataclass(frozen=True)
class PreviousRepair:
    """The last repair kept for a note, whatever its stamp: the ``source`` text it was made
    from and its repaired ``text``, line for line."""

    source: str
    text: str

    def by_line(self) -> dict[str, str]:
        """Each source line -> its repair (empty when the two do not pair line for line)."""
        sources, repaired = self.source.split("\n"), self.text.split("\n")
        return dict(zip(sources, repaired)) if len(sources) == len(repaired) else {}


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
    so any thread or process may call. ``defers``: whether a reader leaves the repairs that
    need the models to a child (``note_text``); it travels with the store to child processes."""

    def __init__(self, path: Path | None, models: Path | None = None, defers: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.models = Path(models) if models is not None else None
        self.defers = defers
        self.queued_here = 0  # how many notes this process queued, for whoever starts the repairs
        self._ready = False
        self._lock = threading.Lock()
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"RepairStore({str(self.path)!r})"

    def __getstate__(self) -> dict:
        return {"path": self.path, "models": self.models, "defers": self.defers}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["models"], state["defers"])

    def get(self, note: Path, stamp: Stamp) -> KeptRepair | None:
        """The repair kept for the file at ``note`` as it is at ``stamp``; None when none is."""
        return self.look_up(note, stamp)[0]

    def look_up(self, note: Path, stamp: Stamp) -> tuple[KeptRepair | None, PreviousRepair | None]:
        """The repair kept for the file at ``note`` as it is at ``stamp`` (or None), and when
        there is none, the last one kept (``previous``), in one look."""
        row = self._run(lambda db: db.execute(
            "SELECT size, mtime_ns, text, notice, source FROM repairs WHERE path = ?", (_key_of(note),)).fetchone())
        if row is None:
            return None, None
        if (row[0], row[1]) == stamp:
            return KeptRepair(row[2], row[3]), None
        return None, _previous(row[4], row[2])

    def kept_elsewhere(self, stamp: Stamp, source: str) -> KeptRepair | None:
        """A repair kept for a file of the same ``stamp`` made from the same ``source`` text,
        at another path: the note was moved or renamed (which keeps its size and mtime), and
        its repair follows it rather than being made again."""
        row = self._run(lambda db: db.execute(
            "SELECT text, notice FROM repairs WHERE size = ? AND mtime_ns = ? AND source = ?", (*stamp, source)).fetchone())
        return KeptRepair(*row) if row is not None else None

    def put(self, note: Path, stamp: Stamp, kept: KeptRepair, source: str | None = None) -> None:
        """Keep ``kept`` for the file at ``note`` as it is at ``stamp``, made from ``source``."""
        self._run(lambda db: db.execute("INSERT OR REPLACE INTO repairs VALUES (?, ?, ?, ?, ?, ?)",
                                        (_key_of(note), *stamp, kept.text, kept.notice, source)))

    def previous(self, note: Path) -> PreviousRepair | None:
        """The last repair kept for the file at ``note``, whatever its stamp; None when there
        is none, or it needed none."""
        row = self._run(lambda db: db.execute(
            "SELECT source, text FROM repairs WHERE path = ?", (_key_of(note),)).fetchone())
        return _previous(*row) if row is not None else None

    def queue(self, note: Path, stamp: Stamp) -> None:
        """Leave the repair of the file at ``note``, as it is at ``stamp``, to later (``queued``).
        It stays queued until ``unqueue``: until the index that read it quickly has taken its
        repair in, whoever made the repair (the page may)."""
        self.queued_here += 1
        self._run(lambda db: db.execute("INSERT OR REPLACE INTO queued VALUES (?, ?, ?)", (_key_of(note), *stamp)))

    def queued(self) -> list[tuple[Path, Stamp]]:
        """The files whose repair was left to later, each at the stamp it was queued at."""
        rows = self._run(lambda db: db.execute("SELECT path, size, mtime_ns FROM queued").fetchall())
        return [(Path(os.fsdecode(key)), (size, mtime_ns)) for key, size, mtime_ns in rows or ()]

    def unqueue(self, note: Path, stamp: Stamp) -> None:
        """The file at ``note`` is no longer queued at ``stamp``: the index took its repair in,
        or it changed since (whoever reads it next queues it again)."""
        self._run(lambda db: db.execute("DELETE FROM queued WHERE path = ? AND size = ? AND mtime_ns = ?",
                                        (_key_of(note), *stamp)))

    def _run(self, work):
        """``work(db)``, or None when the store cannot be used: a damaged file is started
        afresh once, anything else (a lock held too long, a folder that cannot be written)
        leaves the store alone for the session."""
        for attempt in range(2):
            if self.path is None:
                return None
            try:
                return work(self._connection())
            except (sqlite3.Error, OSError) as error:
                self._disconnect()
                damaged = type(error) is sqlite3.DatabaseError and not attempt
                _log.warning("repaired notes %s: %s", "started afresh" if damaged else "not kept this session", error)
                if damaged:
                    self._remove()
                else:
                    self.path = None
        return None

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, kept open: opening and closing one for each call (the
        last close of a WAL file checkpoints it, and syncs) cost ~10 ms a call, in a cold
        index that looks up and queues every mis-encoded note."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=_LOCK_TIMEOUT_S, isolation_level=None)
            try:
                # A cache: a write lost to a power cut costs a repair, not a note.
                db.execute("PRAGMA synchronous=NORMAL")
                self._prepare(db)
            except BaseException:
                db.close()
                raise
            self._local.db = db
        return db

    def _disconnect(self) -> None:
        db = getattr(self._local, "db", None)
        self._local.db = None
        if db is not None:
            db.close()

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
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != str(REPAIR_VERSION):
                # Dropped, not emptied: an older version's tables may lack a column.
                db.executescript("DROP TABLE IF EXISTS repairs; DROP TABLE IF EXISTS queued;")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (str(REPAIR_VERSION),))
            db.executescript(_TABLES)
            self._ready = True


def _previous(source: str | None, text: str | None) -> PreviousRepair | None:
    return PreviousRepair(source, text) if source is not None and text is not None else None


def _key_of(note: Path) -> bytes:
    """A path as stored: its bytes, a name that is not UTF-8 on disk included."""
    return os.fsencode(note)
