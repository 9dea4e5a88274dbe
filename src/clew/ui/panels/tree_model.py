"""The file tree's model: the vault's notes and attachments as folders and files, changed a path at a time."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileIconProvider, QStyle

from clew.core.vault.files import FileKind, file_kind, is_image, path_suffix
from clew.core.vault.folder_links import LINK_MARK
from clew.core.vault.shown_names import shown_name
from clew.core.vault.tree_shape import TreeNode, TreeShape, display_name, is_shown, renumber, sort_key_of

PathRole = Qt.ItemDataRole.UserRole + 1
"""Item data role: the vault path of a row ("a/b/c.md"; a folder's own path, "a/b")."""

# What a marked folder's tooltip says it is (``VaultTreeModel.set_marks``).
_MARK_TIPS = {
    LINK_MARK: "a folder symlink Clew does not follow: it leads into the vault or above it, or to a folder another link reaches",
}

# Made once: a view asks for every row it lays out, and combining enum flags in Python each
# time took ~0.1 s of restoring the selection after a big batch reset the tree.
_FOLDER_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FILE_FLAGS = _FOLDER_FLAGS | Qt.ItemFlag.ItemNeverHasChildren


class VaultTreeModel(QAbstractItemModel):
    """The vault's notes and attachments as a tree, one column: folders first, natural order.

    Built from vault paths; other files (FileKind.OTHER) are left out, and a folder exists only
    while it holds a shown file, or is marked (``set_marks``). Each index carries its ``TreeNode``
    as internal pointer; the model keeps every node alive for as long as a view may hold it.
    """

    # A batch larger than this resets the model: one reset beats thousands of row signals.
    RESET_THRESHOLD = 500

    def __init__(self, paths: Iterable[str] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        shape = TreeShape.of(paths)
        self._root, self._nodes = shape.root, shape.nodes
        self._marks: dict[str, str] = {}
        self._icons: dict[str, QIcon] = {}
        self._icon_kind_by_suffix: dict[str, str] = {}

    # Building and changing

    def set_paths(self, paths: Iterable[str]) -> None:
        """Replaces the whole tree (a vault was opened). Views lose their expanded state."""
        self.set_shape(TreeShape.of(paths))

    def set_shape(self, shape: TreeShape) -> None:
        """Replaces the whole tree with ``shape``, which no other model may hold."""
        self.beginResetModel()
        retired = self._nodes
        self._root, self._nodes = shape.root, shape.nodes
        for path in self._marks:
            if path not in self._nodes:
                shape.folder(path)
        self.endResetModel()
        # Only now that no view holds the old nodes: without parent links they form no cycles
        # and are freed at once, rather than by a long garbage-collector pass at some later time.
        for node in retired.values():
            node.parent = None

    def add_path(self, path: str) -> None:
        """Shows the file at ``path``, creating its folders. A file or folder standing where
        the new one goes is stale (the disk cannot hold both) and is replaced."""
        if is_shown(path):
            self._add_node(path, is_folder=False)

    def set_marks(self, marks: Mapping[str, str]) -> None:
        """Shows each folder of ``marks`` (vault path -> what it is: "link", "permission
        denied") as a row with that word and no contents: the folder symlinks the vault does
        not follow, and the folders it may not list. Replaces the marks given before."""
        for path in self._marks.keys() - marks.keys():
            node = self._nodes.get(path)
            if node is not None and node.is_folder and not node.children:
                self._remove_node(node)
        self._marks = dict(marks)
        for path in self._marks:
            node = self._nodes.get(path)
            if node is None or not node.is_folder:
                self._add_node(path, is_folder=True)
            else:
                index = self._index_of(node)
                self.dataChanged.emit(index, index)

    def _add_node(self, path: str, is_folder: bool) -> None:
        parts = path.split("/")
        parent = self._root
        for depth in range(len(parts)):
            node = self._nodes.get("/".join(parts[: depth + 1]))
            if node is None:
                self._insert_new(parent, parts[depth:], is_folder)
                return
            if node.is_folder != (is_folder or depth < len(parts) - 1):
                # Removing it may remove emptied folders above too: start again from the root.
                self._remove_node(node)
                self._add_node(path, is_folder)
                return
            parent = node

    def remove_path(self, path: str) -> None:
        """Hides the file (or the whole folder) at ``path``, then every folder left empty."""
        node = self._nodes.get(path)
        if node is not None:
            self._remove_node(node)

    def apply(self, added: Iterable[str], removed: Iterable[str], shape: TreeShape | None = None) -> bool:
        """Applies one batch of changes: removals, then additions. A path in both was
        rewritten on disk and stays. A batch larger than RESET_THRESHOLD resets the model
        instead, to ``shape`` if given (the tree after the batch, built off the GUI thread);
        returns True when it did."""
        if shape is not None:
            self.set_shape(shape)
            return True
        added = list(added)
        rewritten = set(added)
        removed = [path for path in removed if path not in rewritten]
        if len(added) + len(removed) > self.RESET_THRESHOLD:
            gone = {
                node.path
                for path in removed
                if path in self._nodes
                for node in self._nodes[path].walk()
            }
            self.set_paths([*(path for path in self.file_paths() if path not in gone), *added])
            return True
        for path in removed:
            self.remove_path(path)
        for path in added:
            self.add_path(path)
        return False

    # Queries

    def index_for_path(self, path: str) -> QModelIndex:
        """The index of the file or folder at ``path``; invalid when it is not shown."""
        node = self._nodes.get(path)
        return self._index_of(node) if node is not None else QModelIndex()

    def path_of(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        """The vault path of a row; None for an invalid index."""
        node = self._node_at(index)
        return None if node is self._root else node.path

    def is_folder(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        node = self._node_at(index)
        return node is not self._root and node.is_folder

    def file_paths(self) -> Iterator[str]:
        """Every file shown, in no particular order."""
        return (path for path, node in self._nodes.items() if not node.is_folder)

    def loaded_folder_paths(self) -> Iterator[str]:
        """The folders a view may have shown: those whose parent's rows were asked for. Only
        these can be expanded, and the others are not sorted just to be looked at."""
        stack = [self._root]
        while stack:
            folder = stack.pop()
            if folder.sorted:
                for child in folder.children:
                    if child.is_folder:
                        yield child.path
                        stack.append(child)

    def loaded_folders_around(self, paths: Iterable[str]) -> set[str]:
        """The folders a view may have shown (see ``loaded_folder_paths``) that changing
        ``paths`` may take away: those above each path and, where a path is a folder, those
        inside it. Found by path, so the cost follows the change, not the vault."""
        found: set[str] = set()
        for path in paths:
            parts = path.split("/")
            found.update("/".join(parts[:depth]) for depth in range(1, len(parts)))
            node = self._nodes.get(path)
            if node is not None and node.is_folder:
                found.update(inner.path for inner in node.walk() if inner.is_folder)
        return {
            path for path in found
            if (node := self._nodes.get(path)) is not None and node.is_folder and node.parent.sorted
        }

    # QAbstractItemModel

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        parent_node = self._node_at(parent)
        if column != 0 or not parent_node.is_folder:
            return QModelIndex()
        children = parent_node.ordered_children()
        if not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: QModelIndex | None = None):  # type: ignore[override]
        if index is None:  # called as QObject.parent()
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        return self._index_of(index.internalPointer().parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        node = self._node_at(parent)
        return len(node.ordered_children()) if node.is_folder else 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:
        # Answered without sorting: a view asks this of every row it paints.
        return parent.column() <= 0 and bool(self._node_at(parent).children)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FOLDER_FLAGS if index.internalPointer().is_folder else _FILE_FLAGS

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: TreeNode = index.internalPointer()
        mark = self._marks.get(node.path) if self._marks and node.is_folder else None
        if role == Qt.ItemDataRole.DisplayRole:
            # A name's bytes that are not UTF-8 read "\xff": Qt would drop them.
            if mark:
                return f"{shown_name(node.name)} ({mark})"
            return shown_name(node.name if node.is_folder else display_name(node.name))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{shown_name(node.path)}: {_MARK_TIPS.get(mark, mark)}" if mark else shown_name(node.path)
        if role == PathRole:
            return node.path
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon_for(node)
        return None

    # Internals

    def _node_at(self, index: QModelIndex | QPersistentModelIndex) -> TreeNode:
        return index.internalPointer() if index.isValid() else self._root

    def _index_of(self, node: TreeNode) -> QModelIndex:
        if node.parent is None:
            return QModelIndex()
        node.parent.ordered_children()
        return self.createIndex(node.row, 0, node)

    def _insert_new(self, parent: TreeNode, parts: list[str], last_is_folder: bool = False) -> None:
        """Inserts under ``parent`` the new folders ``parts[:-1]`` holding ``parts[-1]``, a file
        or (``last_is_folder``) an empty folder: the chain is built first, then its top goes in
        with one row signal."""
        chain: list[TreeNode] = []
        above = parent
        for depth, name in enumerate(parts):
            path = f"{above.path}/{name}" if above.path else name
            node = TreeNode(name, path, above, is_folder=last_is_folder or depth < len(parts) - 1)
            if chain:
                above.children.append(node)
            chain.append(node)
            above = node
        top = chain[0]
        children = parent.ordered_children()
        row = bisect.bisect(children, top.sort_key, key=sort_key_of)
        self.beginInsertRows(self._index_of(parent), row, row)
        children.insert(row, top)
        renumber(children, row)
        for node in chain:
            self._nodes[node.path] = node
        self.endInsertRows()

    def _remove_node(self, node: TreeNode) -> None:
        """Removes ``node`` with its subtree, and the folders above it that it leaves empty."""
        while node.parent is not self._root and len(node.parent.children) == 1:
            node = node.parent
        parent = node.parent
        children = parent.ordered_children()
        row = node.row
        self.beginRemoveRows(self._index_of(parent), row, row)
        del children[row]
        renumber(children, row)
        for gone in node.walk():
            del self._nodes[gone.path]
        self.endRemoveRows()

    def _icon_for(self, node: TreeNode) -> QIcon:
        if node.is_folder:
            kind = "folder"
            if self._marks and not node.children and node.path in self._marks:
                kind = "link" if self._marks[node.path] == LINK_MARK else "unreadable"
        else:
            suffix = path_suffix(node.name)
            kind = self._icon_kind_by_suffix.get(suffix, "")
            if not kind:
                kind = self._icon_kind_by_suffix[suffix] = _icon_kind(node.name)
        icon = self._icons.get(kind)
        if icon is None:
            icon = self._icons[kind] = _make_icon(kind)
        return icon


def _icon_kind(name: str) -> str:
    if is_image(name):
        return "image"
    return "note" if file_kind(name) is FileKind.NOTE else "attachment"


def _make_icon(kind: str) -> QIcon:
    """The desktop theme's icons where there is one (Linux), the style's own elsewhere; none
    without a QApplication (a model used headless), whose style the icons come from."""
    if not isinstance(QApplication.instance(), QApplication):
        return QIcon()
    if kind == "folder":
        return QFileIconProvider().icon(QFileIconProvider.IconType.Folder)
    if kind in ("link", "unreadable"):
        folder = QFileIconProvider().icon(QFileIconProvider.IconType.Folder)
        return QIcon.fromTheme("emblem-symbolic-link" if kind == "link" else "emblem-unreadable", folder)
    fallback = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
    theme_names = {
        "note": "text-x-generic",
        "image": "image-x-generic",
        "attachment": "application-x-generic",
    }
    return QIcon.fromTheme(theme_names[kind], fallback)
