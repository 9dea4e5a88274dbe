"""The vault's notes and attachments as a tree of folders and files, as the file tree shows them:
built from vault paths without Qt, so that a big vault's tree can be built off the GUI thread."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from clew.core.memory.collector import bulk_allocation
from clew.core.vault.files import FileKind, file_kind
from clew.core.vault.natural_sort import natural_key

SHOWN_KINDS = (FileKind.NOTE, FileKind.ATTACHMENT)
# Files share this one empty tuple: a list per file would double the objects to build and track.
_NO_CHILDREN: tuple = ()


class TreeNode:
    """One row: a folder (with children) or a file. Plain Python so 100k rows stay cheap."""

    __slots__ = ("name", "path", "parent", "is_folder", "children", "row", "sorted", "_sort_key")

    def __init__(self, name: str, path: str, parent: TreeNode | None, is_folder: bool) -> None:
        self.name = name
        self.path = path
        self.parent = parent
        self.is_folder = is_folder
        self.children: list[TreeNode] = [] if is_folder else _NO_CHILDREN  # type: ignore[assignment]
        self.row = 0
        # A folder's children are sorted on first look (``ordered_children``): a 100k-file
        # vault opens without sorting the folders nobody expands.
        self.sorted = not is_folder
        self._sort_key: tuple | None = None

    @property
    def sort_key(self) -> tuple:
        """Folders first, then the shown name in natural order, then the exact name."""
        if self._sort_key is None:
            self._sort_key = (not self.is_folder, natural_key(display_name(self.name)), self.name)
        return self._sort_key

    def ordered_children(self) -> list[TreeNode]:
        """The children in display order, each knowing its row; sorted on first look."""
        if not self.sorted:
            self.children.sort(key=sort_key_of)
            renumber(self.children, 0)
            self.sorted = True
        return self.children

    def walk(self) -> Iterator[TreeNode]:
        """This node and every node below it."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children)


@dataclass(frozen=True)
class TreeShape:
    """A tree of vault paths: its root (a folder without a name) and every node by path. Built
    whole (``TreeShape.of``) off the GUI thread and handed to the tree's model, which changes
    it a path at a time from then on."""

    root: TreeNode
    nodes: dict[str, TreeNode]

    @classmethod
    def of(cls, paths: Iterable[str]) -> TreeShape:
        """The tree of the shown files of ``paths``, its folders left unsorted. Should a path
        name both a file and a folder, the folder wins."""
        shape = cls(TreeNode("", "", None, True), {})
        root, nodes = shape.root, shape.nodes
        shown_by_suffix: dict[str, bool] = {}
        # Every object made here stays alive: collector passes during the build would find
        # nothing and take a third of its time, and later ones would walk 100k nodes again.
        with bulk_allocation():
            for path in paths:
                folder_path, _, name = path.rpartition("/")
                # The name's suffix (``path_suffix``) worked out here: two calls a file were
                # a third of this loop's time at 100k files.
                dot = name.rfind(".")
                suffix = name[dot:] if 0 < dot < len(name) - 1 else ""
                shown = shown_by_suffix.get(suffix)
                if shown is None:
                    shown = shown_by_suffix[suffix] = is_shown(name)
                if not shown or path in nodes:
                    continue
                folder = nodes.get(folder_path) if folder_path else root
                if folder is None or not folder.is_folder:
                    folder = shape.folder(folder_path)
                node = TreeNode(name, path, folder, False)
                folder.children.append(node)
                nodes[path] = node
        return shape

    def folder(self, folder_path: str) -> TreeNode:
        """The folder node at ``folder_path``, created with the folders above it as needed (a
        file standing where one goes is replaced). Rows are not renumbered: for a tree being
        built, whose folders are sorted on first look."""
        folder = self.root
        for name in folder_path.split("/"):
            path = f"{folder.path}/{name}" if folder.path else name
            child = self.nodes.get(path)
            if child is None or not child.is_folder:
                if child is not None:
                    folder.children.remove(child)
                child = TreeNode(name, path, folder, True)
                folder.children.append(child)
                self.nodes[path] = child
            folder = child
        return folder


def is_shown(path: str) -> bool:
    """Whether the tree shows the file at ``path``: notes and attachments, not other files."""
    return file_kind(path) in SHOWN_KINDS


def display_name(name: str) -> str:
    """What a file row shows: the file name without ".md", as Obsidian does; other suffixes
    stay (".txt", ".markdown", ".pdf") so that "x.md" and "x.txt" can be told apart."""
    return name[:-3] if len(name) > 3 and name[-3:].lower() == ".md" else name


def sort_key_of(node: TreeNode) -> tuple:
    return node.sort_key


def renumber(children: list[TreeNode], start: int) -> None:
    """Tell each of ``children`` from ``start`` on its row again, after an insert or removal."""
    for row in range(start, len(children)):
        children[row].row = row
