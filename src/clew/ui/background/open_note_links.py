"""The open note's links as the links panels show them: its backlinks and outgoing links, each
with the line it is written on, worked out again for each note shown and each change batch; the
linking notes' lines are read off the GUI thread. While a cold vault is first indexed, the open
note's backlinks come from a scan of the files for its names (``targeted_scan``) meanwhile."""

from __future__ import annotations

import logging
import threading
import weakref
from functools import partial
from typing import NamedTuple

from PySide6.QtCore import QObject, Signal

from clew.core.index.graph import VaultIndex
from clew.core.index.results import ResolvedLink
from clew.core.index.source_lines import NoteLines, with_context
from clew.core.offload.backlinks_child import in_a_child, scanned_backlinks
from clew.core.vault.changes import ChangeBatch
from clew.core.vault.files import Vault
from clew.ui.background.next_turn import NextTurn
from clew.ui.background.tasks import Task, TaskRunner, while_alive
from clew.ui.background.vault_session import VaultSession


class NoteLinks(NamedTuple):
    """The links of the note at ``path`` as the index has them (``index`` is None until the vault
    is indexed). While ``reading``, the backlinks' lines are being read: their context is empty.
    ``provisional`` backlinks were found by a scan of the files before the index was there: the
    index's answer replaces them (it adds what the scan cannot see: see ``targeted_scan``)."""

    path: str | None
    index: VaultIndex | None
    backlinks: list[ResolvedLink]
    outgoing: list[ResolvedLink]
    reading: bool = False
    provisional: bool = False


class OpenNoteLinks(QObject):
    """Follows the note the panels are about (``show``) and the session's change batches, and
    emits ``changed`` with the note's links: once the lines they are written on are read, and for
    a note newly shown (or newly indexed) also at once, with ``reading`` set. A batch that leaves
    the links as they were emits the same NoteLinks again (the index around them may have
    changed: the graph). Before a cold vault's index is there, the note's backlinks are found by
    a scan of its files (``look_ahead``), one note at a time, and emitted as ``provisional``."""

    changed = Signal(object)  # NoteLinks

    def __init__(self, session: VaultSession, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks = tasks
        # The vault's notes' lines, kept while each note is unchanged; used by one read at a time
        # (a cancelled read may still be in a note when the next one starts).
        self._lines: NoteLines | None = None
        self._lines_lock = threading.Lock()
        self._path: str | None = None
        self._own: tuple[str, list[str]] | None = None  # the shown note's lines, as its render read them
        self._found: tuple = ()  # (path, indexed, backlinks, outgoing) as last asked of the index
        self._read: Task | None = None
        self._drawn_links: tuple = ()
        # The links with their lines read, shown on the event loop's next turn, by a timer: the
        # read often ends while the "reading…" rows are laid out and painted, and its rows came
        # in the same run of work, which no input or timer could come into (about 30 ms of GUI
        # time at 10k multilingual notes).
        self._lines_turn = NextTurn(self._emit, self)
        self._scan: Task | None = None
        self._scanning: str | None = None  # the note the running scan is about
        self._scanned: tuple[str, list[ResolvedLink]] | None = None  # a note and its backlinks, as scanned
        self._found_paths: tuple[str, ...] = ()  # a cold opening's vault paths (VaultSession.files_found)
        self._wanted: str | None = None  # the note the window opens, as last told to look_ahead
        self._drawn: str | None = None  # the note the view drew last
        self._big: bool | None = None  # whether a cold vault's scans run in a child (None: not known yet)
        self._sizing = False  # while the vault's files are counted to know
        self.current = NoteLinks(None, None, [], [])
        session.opened.connect(self._on_vault_opened)
        session.files_found.connect(self._on_files_found)
        session.afresh.connect(self._on_afresh)
        session.changed.connect(self._on_changed)

    def show(self, path: str | None, text: str | None = None) -> None:
        """The panels are about ``path`` now; ``text`` is the note as its render read it (its own
        lines need not be read again)."""
        self._path = path
        self._own = (path, text.split("\n")) if path is not None and text is not None else None
        self._update()

    @property
    def reading(self) -> bool:
        """True while the lines of the links are being read (or, read, are not shown yet)."""
        return self._read is not None or self._lines_turn.pending

    def look_ahead(self, path: str) -> None:
        """The window is opening ``path``: while a cold vault is being indexed, scan its files for
        the notes linking to it (the last note's scan cancelled), so that its backlinks are ready
        soon after it is drawn. A big vault's scan starts at once, before the note is drawn: it
        runs in a child of its own, which walks the vault itself, and its second or more is what
        a reader waits for last. A small vault's waits for the note to be drawn, or for the
        session's walk: made here, it would share the GIL with the page (at 10k notes, the page
        came 0.2-0.4 s later)."""
        self._wanted = path
        session = self._session
        if not session.indexing_afresh or session.index is not None or path in (self._scanning, self._scanned_path):
            return
        if not self._found_paths and path != self._drawn and not self._big:
            if self._big is None and not self._sizing:
                self._sizing = True
                self._tasks.run(_in_a_child, session.vault, on_done=while_alive(self, partial(self._sized, session.vault)))
            return  # _sized, note_drawn or the files found come back to it
        self._cancel_scan()
        self._scanning = path
        self._scan = self._tasks.run(
            _scan_backlinks, session.vault, self._found_paths or None, path, self._big,
            on_done=while_alive(self, lambda found: self._scan_done(path, found)),
            on_error=while_alive(self, self._scan_failed),
        )

    def _sized(self, vault: Vault, big: bool) -> None:
        if vault is self._session.vault:
            self._sizing, self._big = False, big
            if self._wanted is not None:
                self.look_ahead(self._wanted)

    def _on_files_found(self, paths: tuple[str, ...]) -> None:
        self._found_paths = paths  # the window looks ahead again (MainWindow._on_files_found)

    def _on_afresh(self) -> None:
        if self._wanted is not None:
            self.look_ahead(self._wanted)

    @property
    def _scanned_path(self) -> str | None:
        return self._scanned[0] if self._scanned is not None else None

    def _scan_done(self, path: str, found: list[ResolvedLink]) -> None:
        self._scan, self._scanning = None, None
        if self._session.index is None:
            self._scanned = (path, found)
            if path == self._path:
                self._update()

    def _scan_failed(self, error: BaseException) -> None:
        # Nothing to show before the index: its answer comes as it would have without the scan.
        self._scan, self._scanning = None, None
        logging.getLogger(__name__).error("scanning the vault for a note's backlinks failed", exc_info=error)

    def _cancel_scan(self) -> None:
        if self._scan is not None:
            self._scan.cancel()
        self._scan, self._scanning, self._scanned = None, None, None

    def note_drawn(self, path: str) -> None:
        """The note view drew ``path`` with its links leading where the index says now."""
        self._drawn_links = self._where_links_lead(path)
        self._drawn = path
        if path == self._wanted:
            self.look_ahead(path)

    def lead_elsewhere(self, path: str) -> bool:
        """True when the links of ``path`` lead elsewhere than when the note view drew it."""
        return self._where_links_lead(path) != self._drawn_links

    def _where_links_lead(self, path: str | None) -> tuple:
        """The note's links' answers, with the index they are of (by a weak reference: a vault
        closed frees its index); compared, not read: equal, the links lead where they did (a note
        edited is drawn again anyway)."""
        index = self._session.index
        if not index or not path:
            return ()
        return (weakref.ref(index), index.answers_of(path))

    def _on_vault_opened(self, vault: Vault) -> None:
        self._cancel_scan()
        self._found_paths = ()
        self._wanted, self._drawn, self._big, self._sizing = None, None, None, False
        self._lines = NoteLines(vault, lambda path: self._session.known.stamp(path))
        self.show(None)

    def _on_changed(self, batch: ChangeBatch, _update: object) -> None:
        moved = batch.moved_to(self._path) if self._path else None
        if moved and moved in self._session.known:
            self._path = moved
        if self._own is not None and batch.touches(self._own[0]):
            self._own = None
        self._update(after=batch)

    def _update(self, after: ChangeBatch | None = None) -> None:
        """Ask the index for the links of the note; ``after`` a batch, read their lines again
        only if the links differ from those shown or the batch changed a note they are written in."""
        path, index = self._path, self._session.index
        provisional = index is None and path is not None and path == self._scanned_path
        if index and path:
            # A note deleted while open is still named by the links that reached it: they are its
            # backlinks still, leading nowhere now.
            backlinks, outgoing = index.backlinks(path) or index.links_naming(path), index.outgoing_checked(path)
        else:
            backlinks, outgoing = (list(self._scanned[1]) if provisional else []), []
            if path is not None:
                self.look_ahead(path)
        if index is not None and (self._scan is not None or self._scanned is not None):
            self._cancel_scan()  # the index answers now
        found = (path, index is not None, backlinks, outgoing)
        if (after is not None and found == self._found
                and not any(map(after.touches, {path, *(link.source for link in backlinks)}))):
            self.changed.emit(self.current)
            return
        self._found = found
        if after is None:
            backlinks, outgoing = self._with_lines_shown(path, [backlinks, outgoing])
        self._lines_turn.cancel()  # this answer replaces the lines due
        if self._read is not None:
            self._read.cancel()
            self._read = None
        own = self._own if self._own is not None and self._own[0] == path else None
        unread = {link.source for link in backlinks if not link.context}
        if outgoing and any(not link.context for link in outgoing):
            unread.add(path)
        if own is not None:
            unread.discard(path)
        if not unread:
            backlinks, outgoing = _with_own_lines(self._session.vault, own, [backlinks, outgoing])
            self._emit(NoteLinks(path, index, backlinks, outgoing, provisional=provisional))
            return
        if (path, index is not None, provisional) != (self.current.path, self.current.index is not None,
                                                      self.current.provisional):
            # A note newly shown, or newly indexed: its links at once (its outgoing ones with
            # their lines when its render read them), the lines of its backlinks once read.
            shown_outgoing = _with_own_lines(self._session.vault, own, [outgoing])[0]
            self._emit(NoteLinks(path, index, backlinks, shown_outgoing, reading=True, provisional=provisional))
        self._read = self._tasks.run(
            _read_lines, self._session.vault, self._lines, self._lines_lock, own, [backlinks, outgoing],
            # The read may end after the window closed: then it shows nothing.
            on_done=while_alive(self, lambda read: self._lines_read(path, read, provisional)),
            on_error=while_alive(self, lambda error: self._lines_failed(path, [backlinks, outgoing], provisional,
                                                                        error)),
        )

    def _with_lines_shown(self, path: str | None, parts: list[list[ResolvedLink]]) -> list[list[ResolvedLink]]:
        """``parts`` with the lines of the links shown now for ``path``, where they are the same
        links: the index's answer after a scan's, or the note shown again, is not read again
        (reading them showed the panels' rows as "reading…" and rebuilt them twice). Not while a
        read runs or its lines wait to be shown: a batch started it because a note the lines are
        in changed."""
        current = self.current
        if self.reading or current.reading or current.path != path or path is None:
            return parts
        known = {(link.source, link.link): link.context for link in (*current.backlinks, *current.outgoing)}
        return [[ResolvedLink(link.source, link.link, link.resolution, known.get((link.source, link.link), ""))
                 for link in links] for links in parts]

    def _lines_read(self, path: str | None, parts: list[list[ResolvedLink]], provisional: bool = False) -> None:
        # The session's index as it is now: a new vault's cancels the read, and so does the
        # index's arrival after a scan (the note is shown again).
        self._read = None
        self._lines_turn.give(NoteLinks(path, self._session.index, *parts, provisional=provisional))

    def _lines_failed(self, path: str | None, parts: list[list[ResolvedLink]], provisional: bool,
                      error: BaseException) -> None:
        # The links are still worth showing, without their lines, rather than "reading…" for good.
        logging.getLogger(__name__).error("reading the lines of a note's links failed", exc_info=error)
        self._lines_read(path, parts, provisional)

    def _emit(self, links: NoteLinks) -> None:
        self.current = links
        self.changed.emit(links)


def _in_a_child(vault: Vault, progress) -> bool:
    return in_a_child(vault)


def _scan_backlinks(vault: Vault, paths: tuple[str, ...] | None, path: str, in_child: bool | None,
                    progress) -> list[ResolvedLink]:
    """``path``'s backlinks among the vault's files (``paths`` when the session found them)."""
    return scanned_backlinks(vault, path, progress, paths, in_child)


def _with_own_lines(vault: Vault, own: tuple[str, list[str]] | None,
                    parts: list[list[ResolvedLink]]) -> list[list[ResolvedLink]]:
    """``parts`` with the links written in the note whose lines are ``own`` given their lines
    from them; the other links as they are (with lines already known)."""
    if own is None:
        return parts
    done = []
    for links in parts:
        read = iter(with_context(vault, [link for link in links if link.source == own[0]], lambda _source: own[1]))
        done.append([next(read) if link.source == own[0] else link for link in links])
    return done


def _read_lines(vault: Vault, lines: NoteLines, lock: threading.Lock, own: tuple[str, list[str]] | None,
                parts: list[list[ResolvedLink]], progress) -> list[list[ResolvedLink]]:
    """``parts`` with their lines, each note read once (``own``: a note's lines already in hand);
    a newer read cancels this one between two notes."""

    def lines_of(source: str) -> list[str]:
        if own is not None and source == own[0]:
            return own[1]
        progress()
        with lock:
            return lines(source)

    return [with_context(vault, links, lines_of) for links in parts]
