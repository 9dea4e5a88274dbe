"""The outline panel: the open note's headings as a tree; the one being read is highlighted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QTreeWidgetItem, QWidget

from clew.ui.reader.doc_headings import DocHeading, current_heading, document_headings, scroll_to_heading
from clew.ui.panels.frame import headed_tree

HeadingRole = Qt.ItemDataRole.UserRole + 1


class OutlinePanel(QWidget):
    """Follows the note view's document: rebuilt when a note is shown (``refresh``), the current
    heading selected as the view scrolls; activating a heading scrolls the view there."""

    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browser = browser
        self.headings: list[DocHeading] = []
        self._items: list[QTreeWidgetItem] = []
        self.header, self.tree = headed_tree(self, "Outline", "outlineTree", self._activate)
        browser.verticalScrollBar().valueChanged.connect(lambda _value: self.follow_scroll())

    def refresh(self) -> None:
        self.headings = document_headings(self._browser)
        self.tree.clear()
        self._items = []
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for heading in self.headings:
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            parent = stack[-1][1] if stack else self.tree
            item = QTreeWidgetItem(parent, [heading.text])
            item.setData(0, HeadingRole, len(self._items))
            self._items.append(item)
            stack.append((heading.level, item))
        self.tree.expandAll()
        self.header.setText(f"Outline: {len(self.headings)} headings" if self.headings else "No headings in this note")
        self.follow_scroll()

    def follow_scroll(self) -> None:
        if not self.headings:
            return
        heading = current_heading(self._browser, self.headings)
        item = self._items[self.headings.index(heading)] if heading else None
        for other in self._items:
            font = other.font(0)
            font.setBold(other is item)
            other.setFont(0, font)
        if item is not None and not self.tree.hasFocus():
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def _activate(self, item: QTreeWidgetItem) -> None:
        scroll_to_heading(self._browser, self.headings[item.data(0, HeadingRole)])
        self.follow_scroll()
