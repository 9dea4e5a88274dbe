"""The tags panel: every #tag and front-matter tag of the vault with its count; a tag lists its notes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidgetItem, QWidget

from clew.core.index.graph import VaultIndex
from clew.ui.panels.frame import headed_tree

PathRole = Qt.ItemDataRole.UserRole + 1
TagRole = Qt.ItemDataRole.UserRole + 2


def tag_counts(index: VaultIndex) -> dict[str, list[str]]:
    """Tag -> the notes carrying it. Tags differing only in case are one tag (as Obsidian has it),
    shown as first spelled."""
    notes: dict[str, list[str]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for path in index.notes():
        names = index.names(path)
        tags = names.tags if names else ()
        for tag in dict.fromkeys(t.casefold() for t in tags):
            notes[tag].append(path)
        for tag in tags:
            spelling.setdefault(tag.casefold(), tag)
    return {spelling[key]: paths for key, paths in notes.items()}


class TagsPanel(QWidget):
    """Tags sorted by name, each with its count; activating a tag opens its list of notes,
    activating a note emits ``note_activated``. Refreshed only while shown."""

    note_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: VaultIndex | None = None
        self._stale = True
        self.header, self.tree = headed_tree(self, "Tags", "tagsTree", self._activate, click_activates=False)

    def set_index(self, index: VaultIndex | None) -> None:
        """The vault's index changed (read, or a batch applied)."""
        self._index = index
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        expanded = {self.tree.topLevelItem(i).data(0, TagRole) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        if self._index is None:
            self.header.setText("Tags (reading the vault…)")
            return
        tags = tag_counts(self._index)
        for tag in sorted(tags, key=str.casefold):
            paths = tags[tag]
            item = QTreeWidgetItem(self.tree, [f"#{tag}  ({len(paths)})"])
            item.setData(0, TagRole, tag)
            for path in paths:
                child = QTreeWidgetItem(item, [PurePosixPath(path).stem])
                child.setData(0, PathRole, path)
                child.setToolTip(0, path)
            item.setExpanded(tag in expanded)
        self.header.setText(f"Tags: {len(tags)}" if tags else "No tags in this vault")
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def show_tag(self, tag: str) -> bool:
        """Open ``tag``'s list of notes (case aside, as Obsidian matches tags) and put the
        keyboard on its first note; False when the vault has no such tag (yet)."""
        if self._stale:
            self.refresh()
        wanted = tag.casefold()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, TagRole).casefold() == wanted:
                self.tree.collapseAll()
                self._activate(item)
                self.tree.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
                return True
        return False

    def _activate(self, item: QTreeWidgetItem) -> None:
        path = item.data(0, PathRole)
        if path:
            self.note_activated.emit(path)
        else:
            item.setExpanded(True)
            if item.childCount():
                self.tree.setCurrentItem(item.child(0))
