"""The facts store: each note's NoteFacts kept in SQLite by (path, size, mtime), so a reopened vault starts warm.

One file per vault in its cache folder (``vault_cache_dir``). The store is a cache: whatever goes
wrong with it (a store from another Clew version or another NoteFacts shape, a corrupt or
truncated file, a lock held too long by another program, a cache folder that cannot be made or
written, a full disk) costs a re-read of the vault, never a crash and never a note. WAL mode
and one transaction per write let two windows share it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import logging
import sqlite3
import threading
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import clew
from clew.core.links.model import Resolution
from clew.core.notes.parsing import NoteFacts
from clew.core.vault.cache_dir import CacheUnavailable, is_damaged, is_locked, vault_cache_dir
from clew.core.index.snapshot import Snapshot, Stamp, StoredFiles
from clew.core.index.snapshot_decoding import decode_after_files, decode_files, decode_snapshot
from clew.core.index.store_codec import UNREADABLE, decode_facts, encode_facts
from clew.core.vault.files import VaultFile

STORE_FILE_NAME = "facts.sqlite3"
# Bump when the table layout or the encoding of a row changes.
# 4: links keep their line number, not the line's text; 5: the link graph too; 6: a snapshot of
# the index; 7: the snapshot's answers as columns, its keys' table read back when needed;
# 8: msgpack of plain values (``store_codec``), not pickle; 9: titles as shown (a link in the
# H1 by its text: ``notes.shown_text``); 10: reports kept whole for the vault's files as they
# were (``reports``: `clew check`'s); 11: the snapshot names paths by number (``encode_snapshot``).
STORE_FORMAT = 11
# How long a read or a write waits for a lock another program holds: a read then gives the
# store up for the session, a write is skipped. Two windows on one vault (WAL) never hold one
# that long, and opening a vault another program holds locked may wait this out several times
# over: hence short.
LOCK_TIMEOUT_S = 0.5

_log = logging.getLogger(__name__)


def _record_types(root: type) -> list[type]:
    """The dataclasses and enums reachable from ``root``'s field types, ``root`` first."""
    found: list[type] = []
    todo = [root]
    while todo:
        cls = todo.pop(0)
        if cls in found:
            continue
        found.append(cls)
        if not dataclasses.is_dataclass(cls):
            continue
        for hint in typing.get_type_hints(cls).values():
            stack = [hint]
            while stack:
                current = stack.pop()
                stack.extend(typing.get_args(current))
                if isinstance(current, type) and (dataclasses.is_dataclass(current) or issubclass(current, enum.Enum)):
                    todo.append(current)
    return found


def _shape(cls: type) -> str:
    if dataclasses.is_dataclass(cls):
        fields = ", ".join(f"{f.name}: {f.type}" for f in dataclasses.fields(cls))
        return f"{cls.__module__}.{cls.__qualname__}({fields})"
    return f"{cls.__module__}.{cls.__qualname__}{[m.value for m in cls]}"


_FACT_TYPES = _record_types(NoteFacts) + _record_types(Resolution)


@functools.cache
def schema() -> str:
    """The names this store's rows were written for: a Clew release, the row format, and the
    shape of NoteFacts and everything it holds. A store written for other names is emptied, not
    read. Made when a store is first opened, not on import: the release's version costs 35-50
    ms (``clew.__version__``), and a worker that only reads notes for the store never needs it."""
    return "{}/{}/{}".format(
        clew.__version__, STORE_FORMAT,
        hashlib.sha256("\n".join(_shape(cls) for cls in _FACT_TYPES).encode()).hexdigest()[:16],
    )


@dataclass(frozen=True)
class StoredNote:
    """A note's facts as stored, with the size and mtime of the file they were read from."""

    size: int
    mtime_ns: int
    facts: NoteFacts

    def matches(self, file: VaultFile) -> bool:
        return file.size == self.size and file.mtime_ns == self.mtime_ns


_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    path BLOB PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, facts BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS graph (key INTEGER PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS reports (name TEXT PRIMARY KEY, files BLOB NOT NULL, value BLOB NOT NULL);
"""


def _key_of(path: str) -> bytes:
    """A vault path as stored: its UTF-8 bytes, where a name that is not UTF-8 on disk keeps
    its raw bytes (Python holds those as surrogates, which SQLite text cannot take)."""
    return path.encode("utf-8", "surrogateescape")


def _path_of(key: bytes) -> str:
    return key.decode("utf-8", "surrogateescape")


def _is_damage(error: BaseException) -> bool:
    """Whether ``error`` says the store's content is damaged, or not one this Clew reads:
    started afresh, that is cured. Anything else SQLite or the system says (read-only, disk
    full, cannot open) stays: the store is kept in memory instead."""
    if isinstance(error, sqlite3.Error):
        return is_damaged(error)
    return isinstance(error, UNREADABLE)


class FactsStore:
    """The facts of one vault's notes, in ``path`` (an SQLite file). Each call opens its own
    short connection, so any thread may call. A damaged store is started afresh, once; a
    store that cannot be used (its folder or file cannot be made or written, the disk is
    full, another program holds it locked past ``LOCK_TIMEOUT_S``) is left alone: from then
    on it keeps nothing (``problem`` says why), and its callers hold every note's facts in
    memory, as they do without a store. A write that finds the store busy is skipped."""

    def __init__(self, path: Path | None) -> None:
        self.path = Path(path) if path is not None else None
        # Why the store keeps nothing (None path, or given up), in words for the user; "" if it works.
        self.problem = ""
        self._problem_told = False
        self._started_afresh = False
        self._reader: sqlite3.Connection | None = None
        self._reading_lock = threading.Lock()

    @classmethod
    def for_vault(cls, vault_root: Path) -> "FactsStore":
        try:
            return cls(vault_cache_dir(vault_root) / STORE_FILE_NAME)
        except CacheUnavailable as error:
            store = cls(None)
            store._give_up(str(error))
            return store

    def __repr__(self) -> str:
        return f"FactsStore({str(self.path)!r})"

    @property
    def usable(self) -> bool:
        return not self.problem and self.path is not None

    def unreported_problem(self) -> str:
        """``problem`` the first time it is asked for once the store gave up, else ""."""
        if not self.problem or self._problem_told:
            return ""
        self._problem_told = True
        return self.problem

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> dict[str, StoredNote]:
        """Every stored note by vault path. Empty when the store is new, was written by
        another Clew or NoteFacts shape, is damaged (it is started afresh then), or cannot
        be used."""
        if not self.usable:
            return {}
        try:
            return self._load()
        except (sqlite3.Error, OSError, *UNREADABLE) as error:
            self._when_read_fails(error)
        return {}

    def _load(self) -> dict[str, StoredNote]:
        with self._connection() as db:
            if not self._schema_is_current(db):
                return {}
            rows = db.execute("SELECT path, size, mtime_ns, facts FROM notes").fetchall()
        return {_path_of(key): StoredNote(size, mtime_ns, decode_facts(blob)) for key, size, mtime_ns, blob in rows}

    def read_back(self, path: str, stamp: Stamp) -> NoteFacts | None:
        """The facts stored for ``path`` if they were kept for the file at ``stamp`` (size,
        mtime_ns); None when not, or when the store cannot tell now (busy, damaged, gone).
        Reads through one connection kept open for the store's life: an index restored from a
        snapshot reads its notes back one by one as they are looked at."""
        if not self.usable:
            return None
        try:
            with self._reading_lock:
                if self._reader is None:
                    self._reader = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S, check_same_thread=False)
                row = self._reader.execute("SELECT size, mtime_ns, facts FROM notes WHERE path = ?",
                                           (_key_of(path),)).fetchone()
            return decode_facts(row[2]) if row is not None and (row[0], row[1]) == stamp else None
        except (sqlite3.Error, *UNREADABLE) as error:
            _log.info("facts of %s not read back from %s: %s", path, self.path, error)
            return None

    def read_back_all(self, stamps: dict[str, Stamp]) -> dict[str, NoteFacts]:
        """``read_back`` for every path of ``stamps`` at once, in one pass over the rows; a
        path left out had no row to trust."""
        found: dict[str, NoteFacts] = {}
        if not self.usable:
            return found
        try:
            with self._connection() as db:
                for key, size, mtime_ns, blob in db.execute("SELECT path, size, mtime_ns, facts FROM notes"):
                    path = _path_of(key)
                    if stamps.get(path) == (size, mtime_ns):
                        try:
                            found[path] = decode_facts(blob)
                        except UNREADABLE as error:
                            _log.info("facts of %s not read back from %s: %s", path, self.path, error)
        except (sqlite3.Error, OSError) as error:
            _log.info("facts not read back from %s: %s", self.path, error)
        return found

    # -- writing ---------------------------------------------------------------------------

    def update(self, fresh: Iterable[tuple[VaultFile, NoteFacts]], gone: Iterable[str] = ()) -> bool:
        """Store the facts of ``fresh`` files and forget the ``gone`` paths, in one transaction.
        False when they were not written: the store was busy (they are written another time)
        or cannot be used."""
        fresh = fresh if isinstance(fresh, list) else list(fresh)
        gone_rows = [(_key_of(path),) for path in gone]
        if not fresh and not gone_rows:
            return True
        while self.usable:
            try:
                with self._connection() as db:
                    db.execute("BEGIN IMMEDIATE")
                    self._make_current(db)
                    db.executemany("DELETE FROM notes WHERE path = ?", gone_rows)
                    # Encoded one row at a time as SQLite takes them: a whole vault's rows at once
                    # would hold every note's encoded facts in memory together.
                    rows = ((_key_of(f.path), f.size, f.mtime_ns, encode_facts(facts)) for f, facts in fresh)
                    db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)", rows)
                    db.execute("COMMIT")
                return True
            except (sqlite3.Error, OSError) as error:
                if is_locked(error):
                    _log.info("facts store busy, not written this time: %s", self.path)
                    return False
                self._when_write_fails(error)
        return False

    def load_snapshot(self, paths: Iterable[str] = ()) -> Snapshot | None:
        """The index kept by ``save_snapshot``; None when there is none, or none to trust
        (then the vault is indexed afresh from the notes' rows, and a snapshot saved again).
        Its paths are the strings of ``paths`` (the files listed already) where they are equal."""
        return self._read_graph("index", lambda db: decode_snapshot(
            (value for (value,) in db.execute("SELECT value FROM graph ORDER BY key")), paths))

    def load_listing(self) -> StoredFiles | None:
        """Every file's (size, mtime_ns) as the snapshot saw them, read alone (``warm_reading``'s
        first step). None when there is none to trust."""
        with contextlib.closing(self.warm_reading()) as reading:
            return next(reading)

    def warm_reading(self) -> Iterator[StoredFiles | Snapshot | None]:
        """A warm opening's read of the snapshot, in two steps: first every file's (size,
        mtime_ns) as the snapshot saw them (its first parts, read in a small fraction of the
        time the whole takes: what a warm opening makes its files and tree of), then the snapshot
        itself (``load_snapshot``'s). One read of the store: the files' parts are decoded
        once, not again for the snapshot (~50 ms at 100k files), and the two are of the same
        snapshot even should another window save one in between. Each is None when there is
        none to trust; a snapshot whose files cannot be trusted cannot be either. Closed
        (``close()``) when the snapshot is not wanted, its read is ended."""
        given = 0
        try:
            if self.usable:
                with self._connection() as db:
                    if self._schema_is_current(db):
                        # One statement, read a part at a time: SQLite keeps what it reads
                        # to the snapshot as it was when the statement began.
                        parts = (value for (value,) in db.execute("SELECT value FROM graph ORDER BY key"))
                        files, after = decode_files(parts)
                        given += 1
                        yield files
                        if files is not None:
                            snapshot = decode_after_files(parts, files, after)
                            given += 1
                            yield snapshot
        except UNREADABLE as error:
            _log.info("stored %s of %s not used: %s", "index" if given else "listing", self.path, error)
        except (sqlite3.Error, OSError) as error:
            self._when_read_fails(error)
        while given < 2:
            given += 1
            yield None

    def _read_graph(self, what: str, read: Callable[[sqlite3.Connection], typing.Any]) -> typing.Any:
        """``read(db)`` of the graph table when the store holds one of this schema, else None; a
        part that cannot be trusted, or a store that cannot be read, is None too."""
        if not self.usable:
            return None
        try:
            with self._connection() as db:
                return read(db) if self._schema_is_current(db) else None
        except UNREADABLE as error:
            _log.info("stored %s of %s not used: %s", what, self.path, error)
        except (sqlite3.Error, OSError) as error:
            self._when_read_fails(error)
        return None

    def has_snapshot(self) -> bool:
        """Whether a snapshot of the index is kept (not whether it can be trusted)."""
        if not self.usable:
            return False
        try:
            with self._connection() as db:
                return self._schema_is_current(db) and db.execute("SELECT 1 FROM graph LIMIT 1").fetchone() is not None
        except (sqlite3.Error, OSError) as error:
            self._when_read_fails(error)
            return False

    def save_snapshot(self, parts: Iterable[bytes]) -> bool:
        """Keep the index as ``parts`` (``snapshot.encode_snapshot``), encoded as they are
        written; False when the store was busy or cannot be used."""

        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM graph")
            db.executemany("INSERT INTO graph VALUES (?, ?)", enumerate(parts))

        return self._write_graph("stored index", write)

    def _write_graph(self, what: str, write: Callable[[sqlite3.Connection], None]) -> bool:
        """``write(db)`` in a transaction of its own on a store of this schema; False when the
        store was busy (``what`` is logged as not written) or cannot be used."""
        if not self.usable:
            return False
        try:
            with self._connection() as db:
                db.execute("BEGIN IMMEDIATE")
                self._make_current(db)
                write(db)
                db.execute("COMMIT")
            return True
        except (sqlite3.Error, OSError) as error:
            if is_locked(error):
                _log.info("%s of %s not written: %s", what, self.path, error)
            else:
                self._when_write_fails(error)
            return False

    def load_report(self, name: str, files: bytes) -> bytes | None:
        """The report ``save_report`` kept as ``name`` if it was made for the same ``files`` (a
        key that names every file as it was: path, size, mtime); None when not, or when the
        store cannot tell."""
        row = self._read_graph(f"report {name}", lambda db: db.execute(
            "SELECT files, value FROM reports WHERE name = ?", (name,)).fetchone())
        return row[1] if row is not None and row[0] == files and type(row[1]) is bytes else None

    def save_report(self, name: str, files: bytes, value: bytes) -> bool:
        """Keep ``value`` as report ``name``, made for ``files`` (see ``load_report``), in place
        of the one before; False when the store was busy or cannot be used."""
        return self._write_graph(f"report {name}", lambda db: db.execute(
            "INSERT OR REPLACE INTO reports VALUES (?, ?, ?)", (name, files, value)))
        try:
            with self._connection() as db:
                db.execute("BEGIN IMMEDIATE")
                self._make_current(db)
                db.execute("INSERT OR REPLACE INTO reports VALUES (?, ?, ?)", (name, files, value))
                db.execute("COMMIT")
            return True
        except (sqlite3.Error, OSError) as error:
            if is_locked(error):
                _log.info("report %s of %s not written: %s", name, self.path, error)
            else:
                self._when_write_fails(error)
            return False

    # -- internals -------------------------------------------------------------------------

    def _make_current(self, db: sqlite3.Connection) -> None:
        """Empty a store written for other names (see ``schema``) and name it for this Clew."""
        if not self._schema_is_current(db):
            db.execute("DELETE FROM notes")
            db.execute("DELETE FROM graph")
            db.execute("DELETE FROM reports")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (schema(),))

    def _connection(self) -> "_Connection":
        return _Connection(self.path)

    @staticmethod
    def _schema_is_current(db: sqlite3.Connection) -> bool:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return row is not None and row[0] == schema()

    def _when_read_fails(self, error: BaseException) -> None:
        """A read found the store damaged (started afresh), or locked past LOCK_TIMEOUT_S
        by another program, or unusable (given up: never deleted, never waited for again)."""
        if is_locked(error):
            self._give_up(f"the facts store {self.path} is locked by another program")
        elif _is_damage(error):
            self._start_afresh(error)
        else:
            self._give_up(f"the facts store {self.path} cannot be read ({error})")

    def _when_write_fails(self, error: BaseException) -> None:
        if _is_damage(error):
            self._start_afresh(error)
        else:
            self._give_up(f"the facts store {self.path} cannot be written ({error})")

    def _start_afresh(self, reason: BaseException) -> None:
        """Remove a store that cannot be trusted; the next write creates a new one. Once: a
        store that is damaged again at once is given up (no loop)."""
        if self._started_afresh:
            self._give_up(f"the facts store {self.path} is damaged again ({reason})")
            return
        self._started_afresh = True
        _log.warning("facts store %s rebuilt: %s", self.path, reason)
        self._close_reader()  # it would go on reading the removed file's rows
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as error:
            self._give_up(f"the damaged facts store {self.path} cannot be removed ({error.strerror or error})")

    def _give_up(self, reason: str) -> None:
        """Keep nothing from now on; say why once, in one line."""
        if self.problem:
            return
        self.problem = f"Notes' facts kept in memory this time: {reason}"
        _log.warning("%s", self.problem)
        self._close_reader()

    def _close_reader(self) -> None:
        with self._reading_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None


class _Connection:
    """An SQLite connection to the store in WAL mode with its tables, closed on exit."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)  # the cache may have been cleared meanwhile
        # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE for writes).
        db = sqlite3.connect(self._path, timeout=LOCK_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        self._db = db
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_TABLES)
        except BaseException:
            db.close()
            raise
        return db

    def __exit__(self, *exc_info: object) -> None:
        if self._db is not None:
            if self._db.in_transaction:
                self._db.rollback()
            self._db.close()
