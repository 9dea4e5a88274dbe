"""Vault full-text search: an SQLite FTS5 index (trigram tokenizer) in the vault's cache folder.

The trigram tokenizer finds any substring of three characters or more, in any script, without
case. It cannot find one or two characters (a Chinese or Japanese word is often that short), so
those needles are scanned for in the stored text instead. Each call opens its own connection, so
the index may be used from any thread (one writer at a time; SQLite waits for the lock). The
index is a cache: when its file cannot be used it is kept in memory for the session.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from clew.core.notes.parsing import parse_note
from clew.core.search.query import SearchQuery, fold, has_tag, parse_query
from clew.core.text.note_text import NoteUnreadable
from clew.core.vault.cache_dir import CacheUnavailable, is_damaged, is_locked, vault_cache_dir
from clew.core.vault.files import FileKind, Vault, is_note

_SCHEMA_VERSION = 1
_FTS_MIN_CHARS = 3
_SNIPPET_CHARS = 160
_BATCH = 500
Progress = Callable[[int, int], None]
SEARCH_FILE_NAME = "search.sqlite3"
# How long opening the index waits for a lock another program holds before the index is kept
# in memory instead: the window must not wait on another program, and a file another program
# holds is never deleted.
LOCK_WAIT_S = 0.5
# How long a query or a write waits for another writer: this Clew's own child writes a batch
# of _BATCH notes in well under this, and WAL lets queries read meanwhile.
BUSY_WAIT_S = 5.0

_log = logging.getLogger(__name__)

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,
    size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, tags TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS bodies USING fts5(body, tokenize = 'trigram case_sensitive 0');
PRAGMA user_version = {_SCHEMA_VERSION};
"""


class IndexUnusable(Exception):
    """The index's file cannot be used, and it may not be kept in memory instead."""


def _add_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("clew_icontains", 2, _icontains, deterministic=True)
    conn.create_function("clew_has_tag", 2, _has_tag, deterministic=True)


def _make_tables(conn: sqlite3.Connection) -> None:
    """Make the tables of a new index; check those of an index made before. Raises
    sqlite3.DatabaseError for one of another version, or missing a table (its rows would no
    longer agree: every write failed on the notes' ids)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, _SCHEMA_VERSION):
        raise sqlite3.DatabaseError(f"an index of another version ({version})")
    if version == _SCHEMA_VERSION:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"notes", "bodies"} - tables
        if missing:
            raise sqlite3.DatabaseError(f"the index has no {' or '.join(sorted(missing))} table")
    conn.executescript("PRAGMA journal_mode = WAL;" + _SCHEMA)


def _reason(path: Path, error: BaseException) -> str:
    if is_locked(error):
        return f"the search index {path} is locked by another program"
    if isinstance(error, OSError):
        return f"the search index {path} cannot be made ({error.strerror or error})"
    return f"the search index {path} cannot be used ({error})"


@dataclass(frozen=True)
class SearchHit:
    """One matching note: the first matching line (1-based) and its text, and a snippet of that
    line with the match at ``snippet[match_start : match_start + match_length]``."""

    path: str
    line: int
    line_text: str
    snippet: str
    match_start: int = 0
    match_length: int = 0


def _icontains(text: str | bytes | None, needle: str) -> bool:
    if isinstance(text, bytes):
        text = _vault_path(text)
    return text is not None and needle in fold(text)


def _stored(path: str) -> str | bytes:
    """A vault path as SQLite can hold it: a name with bytes that are not UTF-8 (lone
    surrogates to Python, which SQLite refuses) is kept as its bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape")
    return path


def _vault_path(stored: str | bytes) -> str:
    """A path read back from the index (``_stored``)."""
    return stored.decode("utf-8", "surrogateescape") if isinstance(stored, bytes) else stored


def _has_tag(tags: str | None, wanted: str) -> bool:
    return bool(tags) and has_tag(tags.split("\n"), wanted)


def _fts_phrase(needle: str) -> str:
    return '"' + needle.replace('"', '""') + '"'


def _caseless(needle: str) -> bool:
    """True when case cannot matter (Chinese, digits): SQLite's own instr() will do."""
    return needle == needle.upper() == needle.lower()


def _note_text(vault: Vault, path: str) -> tuple[str, tuple[str, ...]]:
    """The text and tags of a note; a binary or unreadable file is indexed as empty."""
    try:
        note = vault.note_text(path)
    except NoteUnreadable:
        return "", ()
    if note.binary:
        return "", ()
    return note.text, parse_note(note.text, path).tags


class SearchIndex:
    """The search index of one vault, stored in ``db_path``; kept in memory for the session
    when that cannot be used (``problem`` says why). A damaged index, one of another version
    or one missing a table is started afresh, once. A full disk, a read-only file or folder,
    or a lock another program holds past ``LOCK_WAIT_S`` leave the file alone, never deleted:
    the index is kept in memory instead, and filled there."""

    def __init__(self, db_path: Path | None, *, memory_if_unusable: bool = True) -> None:
        """``db_path`` None: in memory. Without ``memory_if_unusable`` (a child process that
        writes the file for its parent), a file that cannot be used raises IndexUnusable."""
        self.db_path = Path(db_path) if db_path is not None else None
        self.problem = ""
        self._problem_told = False
        self._memory_if_unusable = memory_if_unusable
        self._started_afresh = False
        # In memory: the one connection, used by one thread at a time.
        self._memory: sqlite3.Connection | None = None
        self._memory_lock = threading.RLock()
        if self.db_path is None:
            self._use_memory()
        else:
            self._prepare()

    @classmethod
    def for_vault(cls, vault_root: Path) -> "SearchIndex":
        try:
            return cls(vault_cache_dir(vault_root) / SEARCH_FILE_NAME)
        except CacheUnavailable as error:
            index = cls(None)
            index.give_up(str(error))
            return index

    @property
    def on_disk(self) -> bool:
        return self._memory is None

    @contextmanager
    def _connection(self, wait_s: float = BUSY_WAIT_S) -> Iterator[sqlite3.Connection]:
        """A connection to the index: a new one to the file, closed after; or the one in memory."""
        if self._memory is not None:
            with self._memory_lock:
                yield self._memory
            return
        conn = sqlite3.connect(self.db_path, timeout=wait_s, check_same_thread=False)
        try:
            _add_functions(conn)
            yield conn
        finally:
            conn.close()

    def _prepare(self) -> None:
        """Open the file and make its tables; see the class's docstring for what goes wrong."""
        for _attempt in (1, 2):
            try:
                self.db_path.parent.mkdir(parents=True, exist_ok=True)
                with self._connection(LOCK_WAIT_S) as conn:
                    _make_tables(conn)
                return
            except (sqlite3.Error, OSError) as error:
                if not self._start_afresh_for(error):
                    return

    def _start_afresh_for(self, error: BaseException) -> bool:
        """After ``error``: start the file afresh (True) if it is damaged and was not started
        afresh already; else give it up for memory (False)."""
        if self._started_afresh or not is_damaged(error):
            self.give_up(_reason(self.db_path, error))
            return False
        self._started_afresh = True
        _log.warning("search index %s rebuilt: %s", self.db_path, error)
        try:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(self.db_path) + suffix).unlink(missing_ok=True)
        except OSError as removing:
            self.give_up(_reason(self.db_path, removing))
            return False
        return True

    def give_up(self, reason: str) -> None:
        """Keep the index in memory from now on, empty (filled by the next ``sync``); say why
        once, in one line."""
        if not self._memory_if_unusable:
            raise IndexUnusable(reason)
        if self.problem:
            return
        self.problem = f"Search index kept in memory this time: {reason}"
        _log.warning("%s", self.problem)
        if self.on_disk:
            self._use_memory()

    def unreported_problem(self) -> str:
        """``problem`` the first time it is asked for once the file was given up, else ""."""
        if not self.problem or self._problem_told:
            return ""
        self._problem_told = True
        return self.problem

    def _use_memory(self) -> None:
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        _add_functions(memory)
        _make_tables(memory)
        self._memory = memory

    def _written(self, write: Callable[[], int], vault: Vault, progress: Progress | None) -> int:
        """``write()``; when the file fails, the whole vault into a file started afresh if it
        was damaged (once), else into memory. Never more than one rebuild: no loop."""
        try:
            return write()
        except (sqlite3.Error, OSError) as error:
            if not self.on_disk:
                raise
            if self._start_afresh_for(error):
                self._prepare()
        try:
            return self._sync(vault, progress)
        except (sqlite3.Error, OSError) as error:
            if not self.on_disk:
                raise
            self.give_up(_reason(self.db_path, error))
        return self._sync(vault, progress)

    # -- keeping in step with the vault --------------------------------------------------------

    def sync(self, vault: Vault, progress: Progress | None = None) -> int:
        """Bring the index in step with the whole vault: (re)read notes whose size or mtime
        changed, forget notes that are gone. Returns how many notes were read."""
        return self._written(lambda: self._sync(vault, progress), vault, progress)

    def update(self, vault: Vault, paths: Iterable[str]) -> None:
        """Re-read the notes at ``paths`` (changed, added or gone) from disk."""
        paths = list(paths)
        self._written(lambda: self._update(vault, paths), vault, None)

    def _sync(self, vault: Vault, progress: Progress | None) -> int:
        files = [f for f in vault.scan() if f.kind is FileKind.NOTE]
        with self._connection() as conn:
            stored = {_vault_path(path): (size, mtime) for path, size, mtime in
                      conn.execute("SELECT path, size, mtime_ns FROM notes")}
            present = {f.path for f in files}
            self._delete(conn, [p for p in stored if p not in present])
        stale = [f for f in files if stored.get(f.path) != (f.size, f.mtime_ns)]
        for start in range(0, len(stale), _BATCH):
            # A connection a batch: kept in memory, the index answers queries between them.
            with self._connection() as conn, conn:
                for file in stale[start : start + _BATCH]:
                    text, tags = _note_text(vault, file.path)
                    self._put(conn, file.path, file.size, file.mtime_ns, text, tags)
            if progress:
                progress(min(start + _BATCH, len(stale)), len(stale))
        return len(stale)

    def _update(self, vault: Vault, paths: list[str]) -> int:
        with self._connection() as conn, conn:
            for path in paths:
                file = vault.stat(path) if is_note(path) else None
                if file is None:
                    self._delete(conn, [path])
                else:
                    text, tags = _note_text(vault, path)
                    self._put(conn, path, file.size, file.mtime_ns, text, tags)
        return len(paths)

    @staticmethod
    def _put(conn: sqlite3.Connection, path: str, size: int, mtime_ns: int, text: str,
             tags: Iterable[str]) -> None:
        row = conn.execute("SELECT id FROM notes WHERE path = ?", (_stored(path),)).fetchone()
        if row:
            conn.execute("UPDATE notes SET size = ?, mtime_ns = ?, tags = ? WHERE id = ?",
                         (size, mtime_ns, "\n".join(tags), row[0]))
            conn.execute("DELETE FROM bodies WHERE rowid = ?", (row[0],))
            note_id = row[0]
        else:
            note_id = conn.execute("INSERT INTO notes (path, size, mtime_ns, tags) VALUES (?, ?, ?, ?)",
                                   (_stored(path), size, mtime_ns, "\n".join(tags))).lastrowid
        conn.execute("INSERT INTO bodies (rowid, body) VALUES (?, ?)", (note_id, text))

    @staticmethod
    def _delete(conn: sqlite3.Connection, paths: list[str]) -> None:
        with conn:
            for path in paths:
                row = conn.execute("SELECT id FROM notes WHERE path = ?", (_stored(path),)).fetchone()
                if row:
                    conn.execute("DELETE FROM bodies WHERE rowid = ?", (row[0],))
                    conn.execute("DELETE FROM notes WHERE id = ?", (row[0],))

    def note_count(self) -> int:
        with self._connection() as conn:
            return conn.execute("SELECT count(*) FROM notes").fetchone()[0]

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str | SearchQuery, limit: int | None = 200) -> list[SearchHit]:
        """The notes that answer ``query``, best first when words were given (FTS5's bm25),
        else by path; at most ``limit`` (None: all)."""
        if isinstance(query, str):
            query = parse_query(query)
        if query.empty:
            return []
        sql, params = _select(query, limit)
        with self._connection() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [_hit(_vault_path(path), body, tags.split("\n") if tags else [], query) for path, body, tags in rows]

    def paths_holding(self, text: str) -> set[str]:
        """The notes whose text holds ``text`` anywhere, in any letter case: a cheap first cut
        for a search that must then look closer (unlinked mentions)."""
        needle = fold(text)
        if not needle:
            return set()
        sql, params = _select(SearchQuery(needles=(needle,)), None)
        with self._connection() as conn:
            return {_vault_path(row[0]) for row in conn.execute(sql, params)}


def _select(query: SearchQuery, limit: int | None) -> tuple[str, list]:
    """The SQL that finds the notes: long needles through the trigram index, the rest checked
    row by row on the candidates (on every note when no needle is long enough)."""
    long_needles = [n for n in query.needles if len(n) >= _FTS_MIN_CHARS]
    where: list[str] = []
    params: list = []
    if long_needles:
        where.append("bodies MATCH ?")
        params.append(" AND ".join(_fts_phrase(n) for n in long_needles))
    for needle in query.needles:
        if len(needle) < _FTS_MIN_CHARS:
            where.append("instr(bodies.body, ?) > 0" if _caseless(needle) else "clew_icontains(bodies.body, ?)")
            params.append(needle)
    for values, condition in ((query.excluded, "NOT clew_icontains(bodies.body, ?)"),
                              (query.paths, "clew_icontains(notes.path, ?)"),
                              (query.excluded_paths, "NOT clew_icontains(notes.path, ?)"),
                              (query.tags, "clew_has_tag(notes.tags, ?)"),
                              (query.excluded_tags, "NOT clew_has_tag(notes.tags, ?)")):
        where += [condition] * len(values)
        params += values
    order = "notes.path"
    if long_needles:
        # A note named by the words comes first, then FTS5's bm25 rank.
        order = "clew_icontains(notes.path, ?) DESC, bodies.rank, notes.path"
        params.append(long_needles[0])
    sql = (f"SELECT notes.path, bodies.body, notes.tags FROM bodies JOIN notes ON notes.id = bodies.rowid "
           f"WHERE {' AND '.join(where) or '1'} ORDER BY {order}")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def _hit(path: str, body: str, tags: list[str], query: SearchQuery) -> SearchHit:
    """Where in the note the query matched: the first line holding a needle (or the tag)."""
    lines = body.split("\n")
    wanted = list(query.needles) or ["#" + t for t in query.tags]
    for needle in wanted:
        for number, line in enumerate(lines, 1):
            at = fold(line).find(needle)
            if at >= 0:
                return _snippet(path, number, line.rstrip("\r"), at, len(needle))
    first = next(((n, l) for n, l in enumerate(lines, 1) if l.strip()), (1, ""))
    return _snippet(path, first[0], first[1].rstrip("\r"), 0, 0)


# Markup a reader does not see: a link's address (its text stays), bold marks, code ticks.
_UNSEEN_MARKUP_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|\*\*|__|`")


def _as_shown(text: str) -> str:
    return _UNSEEN_MARKUP_RE.sub(lambda m: m.group(1) or "", text)


def _snippet(path: str, number: int, line: str, at: int, length: int) -> SearchHit:
    """The line as a reader sees it (``_as_shown``; the match itself as written), cut to about
    _SNIPPET_CHARS around the match."""
    before = _as_shown(line[:at])
    seen = before + line[at : at + length] + _as_shown(line[at + length :])
    at = len(before)
    start = 0
    if len(seen) > _SNIPPET_CHARS:
        start = max(0, min(at - _SNIPPET_CHARS // 3, len(seen) - _SNIPPET_CHARS))
    text = seen[start : start + _SNIPPET_CHARS]
    prefix = "…" if start else ""
    suffix = "…" if start + _SNIPPET_CHARS < len(seen) else ""
    shown = prefix + text + suffix
    lead = len(shown) - len(shown.lstrip())
    return SearchHit(path, number, line, shown.strip(), max(0, at - start + len(prefix) - lead), length)
