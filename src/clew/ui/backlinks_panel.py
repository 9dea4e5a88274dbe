"""The backlinks panel: the notes that link to the open note, grouped by note, each link with its line."""

from __future__ import annotations

from itertools import groupby
from pathlib import PurePosixPath

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from clew.core.index import ResolvedLink

PathRole = Qt.ItemDataRole.UserRole + 1
LineRole = Qt.ItemDataRole.UserRole + 2
ContextRole = Qt.ItemDataRole.UserRole + 3


_SNIPPET_CHARS = 90


def snippet(backlink: ResolvedLink) -> str:
    """The line around the link, whitespace collapsed, cut to a readable length around the link."""
    line = " ".join(backlink.link.context.split())
    if len(line) <= _SNIPPET_CHARS:
        return line
    at = max(0, line.find(backlink.link.target) if backlink.link.target else 0)
    start = max(0, min(at - _SNIPPET_CHARS // 3, len(line) - _SNIPPET_CHARS))
    text = line[start : start + _SNIPPET_CHARS]
    return ("…" if start else "") + text + ("…" if start + _SNIPPET_CHARS < len(line) else "")


class BacklinksPanel(QWidget):
    """Lists backlinks; activating a line (Enter, click) emits ``backlink_activated``."""

    backlink_activated = Signal(str, int, str)  # source vault path, line, the line's text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel("Backlinks", self)
        self.header.setObjectName("panelHeader")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("backlinksTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.tree)
        self.setFocusProxy(self.tree)
        self._shown: tuple = ()

    def show_backlinks(self, note: str | None, backlinks: list[ResolvedLink], ready: bool = True) -> None:
        """Show ``backlinks`` of ``note``; does nothing when the list is what is already shown."""
        key = (note, ready, tuple((b.source, b.link.line, b.link.context) for b in backlinks))
        if key == self._shown:
            return
        self._shown = key
        self.tree.clear()
        if not ready:
            self.header.setText("Backlinks (reading the vault…)")
            return
        others = [b for b in backlinks if b.source != note]
        own = [b for b in backlinks if b.source == note]
        sources = len({b.source for b in others})
        self.header.setText(f"Backlinks: {len(others)} in {sources} note{'s' if sources != 1 else ''}"
                            if others else "No backlinks")
        for source, links in groupby(others, key=lambda b: b.source):
            self._add_group(source, list(links))
        if own:
            self._add_group(note, own, label="This note links to itself")
        self.tree.expandAll()

    def _add_group(self, source: str, links: list[ResolvedLink], label: str | None = None) -> None:
        group = QTreeWidgetItem(self.tree, [label or PurePosixPath(source).stem])
        group.setData(0, PathRole, source)
        group.setData(0, LineRole, links[0].link.line)
        group.setData(0, ContextRole, links[0].link.context)
        group.setToolTip(0, source)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        for backlink in links:
            item = QTreeWidgetItem(group, [f"{backlink.link.line}: {snippet(backlink)}"])
            item.setData(0, PathRole, source)
            item.setData(0, LineRole, backlink.link.line)
            item.setData(0, ContextRole, backlink.link.context)
            item.setToolTip(0, f"{source}, line {backlink.link.line} ({backlink.link.kind.value}):\n"
                               f"{backlink.link.context.strip()}")

    def _on_activated(self, item: QTreeWidgetItem) -> None:
        self.backlink_activated.emit(item.data(0, PathRole), item.data(0, LineRole) or 0,
                                     item.data(0, ContextRole) or "")
