"""The backlinks panel: the notes that link to the open note, grouped by note, each link with its line;
front-matter links and the note's links to itself apart; and the note's unlinked mentions."""

from __future__ import annotations

import functools
from collections.abc import Callable
from itertools import groupby
from pathlib import Path, PurePosixPath

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from clew.core.index.graph import VaultIndex
from clew.core.index.results import ResolvedLink
from clew.core.index.source_lines import context_around, without_cut_marks
from clew.core.links.model import LinkKind
from clew.core.search.mentions import Mention, mention_sources, mention_terms, unlinked_mentions
from clew.core.text.note_text import NoteText, note_text
from clew.core.vault.files import Vault
from clew.core.vault.shown_names import shown_name
from clew.ui.widgets.html_delegate import HtmlItemDelegate, marked_spans
from clew.ui.background.open_note_links import NoteLinks
from clew.ui.background.tasks import Task, TaskRunner, while_alive

PathRole = Qt.ItemDataRole.UserRole + 1
LineRole = Qt.ItemDataRole.UserRole + 2
ContextRole = Qt.ItemDataRole.UserRole + 3
HtmlRole = Qt.ItemDataRole.UserRole + 4
# The path's bytes, for a name with bytes that are not UTF-8: a Qt string (PathRole) drops them.
PathBytesRole = Qt.ItemDataRole.UserRole + 5
# names -> the vault paths of the notes holding any of them, or None when that is not known yet;
# called off the GUI thread.
MentionCandidates = Callable[[list[str]], "set[str] | None"]


_SNIPPET_CHARS = 90
# A row's line while the note it is written in is being read.
READING = "reading…"
# Under the header of backlinks found before the vault was indexed: the index may add some.
PROVISIONAL = "Found by a quick scan; the vault is still being indexed."
# The panel lists at most this many backlinks; a row says how many more there are. Listing is
# done on the GUI thread, and a line of tens of thousands of links to one note takes seconds.
LISTED_MOST = 2000


def snippet(backlinks: list[ResolvedLink]) -> tuple[str, list[int]]:
    """The line the links (written on one line, in order, with one context) are on, whitespace
    collapsed, cut to a readable length around the first; and where each link's target starts in
    it (-1 where it is not there as written, or cut off)."""
    context, columns, start = backlinks[0].context, [], 0
    for backlink in backlinks:
        target = backlink.link.target
        # Each after the one before: two links to one note on a line are two places in it.
        at = context.find(target, start) if target else -1
        if at < 0 and target:
            at = context.find(target)
        columns.append(at)
        start = at + len(target) if at >= 0 else start
    return _cut(context, columns)


def _cut(context: str, columns: list[int]) -> tuple[str, list[int]]:
    """``context`` with whitespace collapsed, cut to a readable length around the first of
    ``columns`` that is not negative; and where each column is in the result (-1 for a negative
    one or one cut off)."""
    column = next((c for c in columns if c >= 0), -1)
    # Only the part of a long line near the column is collapsed: a mention's line comes whole.
    head = max(0, column - 2 * _SNIPPET_CHARS)
    tail = max(0, column) + 2 * _SNIPPET_CHARS
    cut_before, cut_after = head > 0, tail < len(context)
    context = context[head:tail]

    def collapsed(column: int) -> int:
        at = len(" ".join(context[: max(0, column)].split()))
        if at and column < len(context) and context[column - 1].isspace():
            at += 1  # the space before the column survives the collapsing
        return at

    line = " ".join(context.split())
    at = collapsed(column - head)
    start = 0 if len(line) <= _SNIPPET_CHARS else max(0, min(at - _SNIPPET_CHARS // 3, len(line) - _SNIPPET_CHARS))
    text = line[start : start + _SNIPPET_CHARS]
    mark = "…" if start or cut_before else ""
    shown = mark + text + ("…" if start + _SNIPPET_CHARS < len(line) or cut_after else "")
    places = []
    for c in columns:
        place = collapsed(c - head) - start if head <= c < tail else -1
        places.append(place + len(mark) if 0 <= place < len(text) else -1)
    return shown, places


def _search_mentions(root: Path, notes: tuple[str, ...], note: str, terms: list[str],
                     candidates: MentionCandidates | None, read: Callable[[Path], NoteText], progress) -> list[Mention]:
    holding = candidates(terms) if candidates else None  # then only the notes holding a name are read
    sources = mention_sources(notes, note, holding)
    return unlinked_mentions(root, sources, terms, progress=lambda _done, _total: progress(), read=read)


# Above this many notes, a note's mentions are not searched by reading every note while the
# search index is still being built: in a big vault that read takes about as long as the
# index's first build, starts again at each note opened, and its GIL use slows opening notes.
# The search waits for the index, then reads only the notes holding a name.
READ_EVERY_NOTE_MOST = 5000


class BacklinksPanel(QWidget):
    """Lists backlinks and unlinked mentions; activating a line (Enter, click) emits
    ``backlink_activated``. Mentions are searched off the GUI thread, one search at a time."""

    # source vault path (an object: see PathBytesRole), line, the line's text
    backlink_activated = Signal(object, int, str)
    mentions_settled = Signal()  # a search for unlinked mentions has shown what it found, or failed

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._search: Task | None = None
        self._read_note = note_text  # how the mentions search reads a note, given the vault's repair store
        # Narrows the notes read for mentions to those holding a name (None: read them all).
        self.mention_candidates: MentionCandidates | None = None
        # True while the search index cannot answer mention_candidates cheaply yet (its first
        # build, or many changed notes not yet written): a big vault's search then waits for it.
        self.candidates_pending: Callable[[], bool] | None = None
        self._waiting: tuple[str, VaultIndex, Vault] | None = None  # a search put off until then
        self.header = QLabel("Backlinks", self)
        self.header.setObjectName("panelHeader")
        self.tree = self._make_tree("backlinksTree")
        # Wrapped, and apart from the header: a long header would widen the pane, and the note
        # beside it would be laid out again.
        self.notice = QLabel(PROVISIONAL, self)
        self.notice.setObjectName("panelNotice")
        self.notice.setWordWrap(True)
        self.notice.setEnabled(False)  # drawn in the theme's quiet (disabled) text colour
        self.notice.hide()
        self.mentions_header = QLabel("Unlinked mentions", self)
        self.mentions_header.setObjectName("panelHeader")
        self.mentions_header.setWordWrap(True)  # the names can be long; the panel stays narrow
        self.mentions = self._make_tree("mentionsTree")
        mentions_box = QWidget(self)
        mentions_layout = QVBoxLayout(mentions_box)
        mentions_layout.setContentsMargins(0, 0, 0, 0)
        mentions_layout.setSpacing(2)
        mentions_layout.addWidget(self.mentions_header)
        mentions_layout.addWidget(self.mentions)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(mentions_box)
        self.splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter)
        self.setFocusProxy(self.tree)
        self._shown: tuple = ()
        self._links: NoteLinks | None = None

    def _make_tree(self, name: str) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setObjectName(name)
        tree.setHeaderHidden(True)
        tree.setWordWrap(True)  # the line around a link is worth reading whole
        tree.setItemDelegate(HtmlItemDelegate(HtmlRole, tree, wrap=True))
        tree.itemActivated.connect(self._on_activated)
        tree.itemClicked.connect(self._on_activated)
        return tree

    def show_note_links(self, links: NoteLinks) -> None:
        """Show the backlinks of the open note (OpenNoteLinks.changed), unless they are those shown."""
        if links is not self._links:
            self._links = links
            self.show_backlinks(links.path, links.backlinks, links.index is not None or links.provisional,
                                links.reading, links.provisional)

    def show_backlinks(self, note: str | None, backlinks: list[ResolvedLink], ready: bool = True,
                       reading: bool = False, provisional: bool = False) -> None:
        """Show ``backlinks`` of ``note``, each line as READING while ``reading`` them, and
        ``provisional`` ones (found before the vault was indexed) with a note saying so. The rows
        are made again only when they differ from those shown: the index's answer equal to a
        scan's only hides the note (made again, each row is laid out as rich text again)."""
        self.notice.setVisible(ready and provisional)
        key = (note, ready, reading, tuple((b.source, b.link.line, b.context) for b in backlinks))
        if key == self._shown:
            return
        self._shown = key
        self.tree.clear()
        if not ready:
            self.header.setText("Backlinks (reading the vault…)")
            return
        others = [b for b in backlinks if b.source != note]
        body = [b for b in others if b.link.kind is not LinkKind.FRONTMATTER]
        properties = [b for b in others if b.link.kind is LinkKind.FRONTMATTER]
        own = [b for b in backlinks if b.source == note]
        sources = len({b.source for b in others})
        self.header.setText(f"Backlinks: {len(others)} in {sources} note{'s' if sources != 1 else ''}"
                            if others else "No backlinks")
        groups = [(source, list(links), None, False) for source, links in groupby(body, key=lambda b: b.source)]
        if properties:
            groups.append((properties[0].source, properties, "Properties", True))
        if own:
            groups.append((note, own, "This note links to itself", False))
        listed = 0
        for source, links, label, with_source in groups:
            shown = links[: LISTED_MOST - listed]
            if not shown:
                break
            self._add_group(source, shown, label, with_source, reading)
            listed += len(shown)
        if len(backlinks) > listed:
            more = QTreeWidgetItem(self.tree, [f"… {len(backlinks) - listed:,} more backlinks, not listed "
                                               f"(the panel lists {LISTED_MOST:,})"])
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.expandAll()

    def _add_group(self, source: str, links: list[ResolvedLink], label: str | None, with_source: bool,
                   reading: bool) -> None:
        group = self._group_item(self.tree, source, label or shown_name(PurePosixPath(source).stem),
                                 links[0].link.line, links[0].context)
        # One row per line: its links to the note are all marked in it. A row is a place to go
        # to, and two links on one line are one place; as two rows they read as the same row twice.
        for _line, on_line in groupby(links, key=lambda b: (b.link.line, b.context)):
            on_line = list(on_line)
            first = on_line[0]
            where = f"{shown_name(PurePosixPath(first.source).stem)}, " if with_source else ""
            cut, places = (READING, []) if reading else snippet(on_line)
            prefix = f"{where}{first.link.line}: "
            kinds = ", ".join(dict.fromkeys(b.link.kind.value for b in on_line))
            tip = (f"{shown_name(first.source)}, line {first.link.line} ({kinds}):\n"
                   f"{READING if reading else first.context.strip()}")
            marks = [(len(prefix) + at, len(b.link.target)) for at, b in zip(places, on_line) if at >= 0]
            self._line_item(group, first.source, first.link.line, first.context, prefix + cut, tip, marks)

    @staticmethod
    def _group_item(parent: QTreeWidget, source: str, label: str, line: int, context: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(parent, [label])
        _set_path(group, source)
        group.setData(0, LineRole, line)
        group.setData(0, ContextRole, without_cut_marks(context))
        group.setToolTip(0, shown_name(source))
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        return group

    @staticmethod
    def _line_item(group: QTreeWidgetItem, source: str, line: int, context: str, text: str, tip: str,
                   marks: list[tuple[int, int]]) -> None:
        """One line of a group; each of ``marks`` (start, length: a link target or the mention) is highlighted."""
        item = QTreeWidgetItem(group, [text])
        item.setData(0, HtmlRole, marked_spans(text, marks))
        _set_path(item, source)
        item.setData(0, LineRole, line)
        item.setData(0, ContextRole, without_cut_marks(context))
        item.setToolTip(0, tip)

    # -- unlinked mentions ---------------------------------------------------------------------

    def find_mentions(self, note: str | None, index: VaultIndex | None, vault: Vault | None) -> None:
        """Search the other notes for ``note``'s names written without a link (in the background).
        Notes are read through the vault's repair store: a mis-encoded note the index repaired is
        read as kept, and the window never loads the repair's models for it."""
        if self._search is not None:
            self._search.cancel()
            self._search = None
        self.mentions.clear()
        self._waiting = None
        if not note or index is None or vault is None:
            self.mentions_header.setText("Unlinked mentions" + (" (reading the vault…)" if note else ""))
            return
        terms = mention_terms(index, note)
        if index.note_count > READ_EVERY_NOTE_MOST and self.candidates_pending and self.candidates_pending():
            self._waiting = (note, index, vault)
            self.mentions_header.setText(f"Unlinked mentions of {', '.join(terms)} (waiting for the search index…)")
            return
        self.mentions_header.setText(f"Unlinked mentions of {', '.join(terms)} (searching…)")
        self._search = self._tasks.run(
            _search_mentions, vault.root, index.notes(), note, terms, self.mention_candidates,
            functools.partial(self._read_note, repairs=vault.repairs),
            # The search may end after the window closed: then it shows nothing.
            on_done=while_alive(self.mentions, lambda found: self._show_mentions(terms, found)),
            on_error=while_alive(self.mentions, self._on_mentions_failed),
        )

    @property
    def searching(self) -> bool:
        """True while a search for unlinked mentions runs."""
        return self._search is not None

    def _on_mentions_failed(self, error: BaseException) -> None:
        self._search = None
        self.mentions_header.setText(f"Unlinked mentions: search failed ({error})")
        self.mentions_settled.emit()

    def search_put_off_mentions(self) -> None:
        """The search index can now name the candidates: search for the mentions put off."""
        if self._waiting is not None:
            self.find_mentions(*self._waiting)

    def _show_mentions(self, terms: list[str], found: list[Mention]) -> None:
        self._search = None
        self._list_mentions(terms, found)
        self.mentions_settled.emit()

    def _list_mentions(self, terms: list[str], found: list[Mention]) -> None:
        self.mentions.clear()
        names = ", ".join(terms)
        if not found:
            self.mentions_header.setText(f"No unlinked mentions of {names}")
            return
        sources = len({m.source for m in found})
        self.mentions_header.setText(f"Unlinked mentions of {names}: {len(found)} in {sources} "
                                     f"note{'s' if sources != 1 else ''}")
        for source, group_mentions in groupby(found, key=lambda m: m.source):
            mentions = list(group_mentions)
            group = self._group_item(self.mentions, source, shown_name(PurePosixPath(source).stem),
                                     mentions[0].line, context_around(mentions[0].context, mentions[0].column))
            for m in mentions:
                # A mention's line is kept whole by the search; each row keeps only its part.
                context = context_around(m.context, m.column)
                tip = f"{shown_name(source)}, line {m.line}: “{m.term}” without a link:\n{context.strip()}"
                cut, (at,) = _cut(m.context, [m.column])
                prefix = f"{m.line}: "
                marks = [(len(prefix) + at, len(m.term))] if at >= 0 else []
                self._line_item(group, source, m.line, context, prefix + cut, tip, marks)
        self.mentions.expandAll()

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        if not item.data(0, PathRole):
            return  # the row saying how many more are not listed
        raw = item.data(0, PathBytesRole)
        path = raw.decode("utf-8", "surrogatepass") if raw else item.data(0, PathRole)
        self.backlink_activated.emit(path, item.data(0, LineRole) or 0, item.data(0, ContextRole) or "")


def _set_path(item: QTreeWidgetItem, path: str) -> None:
    """``item`` leads to the note at ``path``: PathRole holds it as shown, and PathBytesRole
    its bytes when the two differ."""
    shown = shown_name(path)
    item.setData(0, PathRole, shown)
    if shown != path:
        item.setData(0, PathBytesRole, path.encode("utf-8", "surrogatepass"))
