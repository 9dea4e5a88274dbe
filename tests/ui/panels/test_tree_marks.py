"""The file tree shows the folder symlinks the vault ignores and the folders it may not list as marked rows."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from clew.core.vault.files import Vault
from clew.core.vault.tree_shape import TreeShape
from clew.ui.panels.tree_model import PathRole, VaultTreeModel


def rows(model: VaultTreeModel, parent=None) -> list[str]:
    parent = parent if parent is not None else model.index(-1, -1)
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def test_a_symlink_loop_and_an_unreadable_folder_are_shown_marked_without_contents(qapp, tmp_path, monkeypatch):
    root = tmp_path / "v"
    (root / "sub").mkdir(parents=True)
    (root / "private").mkdir()
    (root / "private" / "secret.md").write_text("s\n")
    (root / "sub" / "n.md").write_text("n\n")
    os.symlink(".", root / "sub" / "loop")
    os.symlink("../sub", root / "sub" / "loop2")
    scandir = os.scandir

    def guarded(path="."):  # as os.scandir refuses a chmod-000 folder to anyone but root
        if str(path) == str(root / "private"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    vault = Vault(root)
    model = VaultTreeModel([f.path for f in vault.scan()])
    model.set_marks(vault.folder_links.marks())
    assert rows(model) == ["private (permission denied)", "sub"]
    sub = model.index_for_path("sub")
    assert rows(model, sub) == ["loop (link)", "loop2 (link)", "n"]
    loop = model.index_for_path("sub/loop")
    assert model.rowCount(loop) == 0 and loop.data(PathRole) == "sub/loop"
    assert "does not follow" in loop.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_for_path("private").data(Qt.ItemDataRole.ToolTipRole) == "private: permission denied"


def test_marks_stay_through_a_reset_and_go_when_replaced(qapp):
    model = VaultTreeModel(["a/n.md"])
    model.set_marks({"a/loop": "link"})
    model.set_shape(TreeShape.of(["a/n.md", "b/m.md"]))
    assert rows(model, model.index_for_path("a")) == ["loop (link)", "n"]
    model.set_marks({})
    assert rows(model, model.index_for_path("a")) == ["n"]
    assert sorted(model.file_paths()) == ["a/n.md", "b/m.md"]
