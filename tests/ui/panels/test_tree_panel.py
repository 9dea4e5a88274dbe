"""Tests for the file tree: VaultTreeModel's rows and updates, TreePanel's activation and kept state."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from clew.core.vault.files import Vault
from clew.core.vault.tree_shape import TreeShape
from clew.ui.panels.tree import PathRole, TreePanel, VaultTreeModel
from vault_files import TREE_PATHS


def names(model: VaultTreeModel, parent: QModelIndex = QModelIndex()) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def names_under(model: VaultTreeModel, path: str) -> list[str]:
    return names(model, model.index_for_path(path))


# The model


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_model_tester_after_set_add_and_remove(qapp, qtmodeltester, force_py):
    model = VaultTreeModel()
    qtmodeltester.check(model, force_py=force_py)
    model.set_paths(TREE_PATHS)
    model.add_path("A/deep/new.md")
    model.add_path("new/folder/chain/file.md")
    model.add_path("A/aa.md")
    model.remove_path("A/deep/er/leaf.md")
    model.remove_path("new/folder/chain/file.md")
    model.remove_path("b")
    model.apply(["c/d.md", "note 1.md"], ["note 10.md", "A/y.md"])
    model.set_paths(TREE_PATHS[:3])


def test_a_shape_built_elsewhere_shows_as_the_same_tree(qtbot):
    """The opening task builds the tree (TreeShape.of) off the GUI thread; handed over whole,
    it shows the same rows as paths set directly."""
    tree = TreePanel()
    qtbot.addWidget(tree)
    tree.set_vault_paths(TREE_PATHS, TreeShape.of(TREE_PATHS))
    direct = VaultTreeModel(TREE_PATHS)
    assert names(tree.model) == names(direct) == ["A", "b", "note 2", "Note 3", "note 10", "z.png"]
    assert names_under(tree.model, "A/deep/er") == names_under(direct, "A/deep/er") == ["leaf", "other.txt"]
    tree.model.add_path("A/deep/new.md")
    assert names_under(tree.model, "A/deep") == ["er", "new"]


def test_folders_first_then_natural_order():
    model = VaultTreeModel(TREE_PATHS)
    assert names(model) == ["A", "b", "note 2", "Note 3", "note 10", "z.png"]
    assert names_under(model, "A") == ["deep", "y"]


def test_md_suffix_hidden_other_suffixes_shown():
    model = VaultTreeModel(["a.md", "b.txt", "c.markdown", "d.pdf", "E.MD"])
    assert names(model) == ["a", "b.txt", "c.markdown", "d.pdf", "E"]
    index = model.index_for_path("a.md")
    assert index.data(PathRole) == "a.md"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "a.md"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()


def test_folder_rows_carry_their_path():
    model = VaultTreeModel(TREE_PATHS)
    index = model.index_for_path("A/deep/er")
    assert index.data() == "er"
    assert index.data(PathRole) == "A/deep/er"
    assert model.is_folder(index)
    assert model.index_for_path("A/deep/er/leaf.md").parent() == index


def test_attachments_shown_other_files_and_their_folders_not():
    model = VaultTreeModel(["pic.png", "doc.pdf", "view.base", "data.json", "README", "only/x.json"])
    assert names(model) == ["doc.pdf", "pic.png"]
    assert not model.index_for_path("only").isValid()
    model.add_path("more/y.json")
    assert not model.index_for_path("more").isValid()


def test_cyrillic_and_chinese_names_in_reading_order():
    paths = ["Яблоко.md", "ель.md", "абрикос.md", "Ёлка.md", "北京.md", "上海.md", "中文.md", "zebra.md"]
    model = VaultTreeModel(paths)
    assert names(model) == ["zebra", "абрикос", "Ёлка", "ель", "Яблоко", "上海", "中文", "北京"]
    assert names(VaultTreeModel(reversed(paths))) == names(model)


def test_add_path_creates_folders_with_one_row_signal(qtbot):
    model = VaultTreeModel(["A/y.md"])
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.add_path("A/new/deeper/file.md")
    parent, first, last = inserted.args
    assert (parent.data(PathRole), first, last) == ("A", 0, 0)
    assert names_under(model, "A/new/deeper") == ["file"]
    model.add_path("A/new/deeper/file.md")  # already there: nothing changes
    assert names_under(model, "A/new/deeper") == ["file"]


def test_removing_the_last_file_of_a_folder_removes_emptied_folders():
    model = VaultTreeModel(["A/deep/er/leaf.md", "A/keep.md", "top.md"])
    model.remove_path("A/deep/er/leaf.md")
    assert not model.index_for_path("A/deep/er").isValid()
    assert not model.index_for_path("A/deep").isValid()
    assert names_under(model, "A") == ["keep"]
    model.remove_path("A/keep.md")
    assert names(model) == ["top"]


def test_removing_a_folder_removes_its_files():
    model = VaultTreeModel(TREE_PATHS)
    model.remove_path("A")
    assert names(model) == ["b", "note 2", "Note 3", "note 10", "z.png"]
    assert not model.index_for_path("A/deep/er/leaf.md").isValid()


def test_stale_file_or_folder_of_the_same_name_is_replaced():
    model = VaultTreeModel(["x.md", "keep.md"])
    model.add_path("x.md/inner.md")  # the file x.md became a folder
    assert model.is_folder(model.index_for_path("x.md"))
    assert names_under(model, "x.md") == ["inner"]
    model.add_path("x.md")  # and back to a file
    assert not model.is_folder(model.index_for_path("x.md"))
    assert not model.index_for_path("x.md/inner.md").isValid()


def test_apply_removes_then_adds_and_keeps_rewritten_paths():
    model = VaultTreeModel(["a.md", "b.md"])
    assert model.apply(added=["c.md", "a.md"], removed=["a.md", "b.md"]) is False
    assert names(model) == ["a", "c"]


def test_large_batch_resets_to_the_same_tree(qtbot, monkeypatch):
    monkeypatch.setattr(VaultTreeModel, "RESET_THRESHOLD", 2)
    model = VaultTreeModel(TREE_PATHS)
    added, removed = ["c/d.md", "note 1.md"], ["note 10.md", "A/deep"]
    with qtbot.waitSignal(model.modelReset):
        assert model.apply(added, removed) is True
    kept = [p for p in TREE_PATHS if p != "note 10.md" and not p.startswith("A/deep/")]
    expected = VaultTreeModel(kept + added)
    assert not model.index_for_path("A/deep/er/leaf.md").isValid()
    assert sorted(model.file_paths()) == sorted(expected.file_paths())
    assert names(model) == names(expected)


# The panel


@pytest.fixture
def panel(qtbot) -> TreePanel:
    tree = TreePanel()
    qtbot.addWidget(tree)
    tree.resize(320, 480)
    tree.set_vault_paths(TREE_PATHS)
    tree.show()
    qtbot.waitExposed(tree)
    tree.focus_view()
    return tree


def row_center(tree: TreePanel, path: str) -> QPointF:
    index = tree.model.index_for_path(path)
    tree.view.scrollTo(index)
    return QPointF(tree.view.visualRect(index).center())


def click(tree: TreePanel, qtbot, path: str) -> None:
    qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=row_center(tree, path).toPoint())


def double_click(tree: TreePanel, path: str) -> None:
    """The events a real double click delivers: press, release, press, double-click, release
    (QTest's mouseDClick does not: with it no click is ever seen)."""
    viewport = tree.view.viewport()
    pos = row_center(tree, path)
    for kind in (
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseButtonRelease,
    ):
        left = Qt.MouseButton.LeftButton
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else left
        event = QMouseEvent(kind, pos, viewport.mapToGlobal(pos), left, held, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)


def activations(tree: TreePanel) -> list[str]:
    emitted: list[str] = []
    tree.note_activated.connect(emitted.append)
    return emitted


def test_click_on_a_file_activates_it(panel, qtbot):
    with qtbot.waitSignal(panel.note_activated) as activated:
        click(panel, qtbot, "note 2.md")
    assert activated.args == ["note 2.md"]


def test_double_click_on_a_file_activates_it_once(panel):
    emitted = activations(panel)
    double_click(panel, "z.png")
    assert emitted == ["z.png"]


def test_enter_activates_the_current_file(panel, qtbot):
    panel.view.setCurrentIndex(panel.model.index_for_path("Note 3.md"))
    with qtbot.waitSignal(panel.note_activated) as activated:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert activated.args == ["Note 3.md"]
    with qtbot.waitSignal(panel.note_activated):
        qtbot.keyClick(panel.view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)


def test_arrow_keys_select_without_activating(panel, qtbot):
    emitted = activations(panel)
    panel.view.setCurrentIndex(panel.model.index_for_path("note 2.md"))
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.current_path() == "note 10.md"
    assert emitted == []
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert emitted == ["note 10.md"]


def test_typing_a_non_ascii_letter_selects_without_activating(qtbot):
    tree = TreePanel()
    qtbot.addWidget(tree)
    tree.set_vault_paths(["абрикос.md", "Яблоко.md", "zebra.md"])
    tree.show()
    qtbot.waitExposed(tree)
    emitted = activations(tree)
    # Built by hand: QTest's keyClicks aborts on non-ASCII text.
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(tree.view, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, "я"))
    assert tree.current_path() == "Яблоко.md"
    assert emitted == []


def test_folders_open_and_close_by_keyboard_and_click(panel, qtbot):
    emitted = activations(panel)
    view, folder = panel.view, panel.model.index_for_path("A")
    view.setCurrentIndex(folder)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.isExpanded(folder)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not view.isExpanded(folder)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.isExpanded(folder)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert not view.isExpanded(folder)
    click(panel, qtbot, "A")
    assert view.isExpanded(folder)
    double_click(panel, "b")
    assert view.isExpanded(panel.model.index_for_path("b"))
    assert emitted == []


def test_select_path_opens_the_parents_without_activating(panel):
    emitted = activations(panel)
    assert panel.select_path("A/deep/er/leaf.md") is True
    assert panel.current_path() == "A/deep/er/leaf.md"
    assert panel.expanded_paths() == ["A", "A/deep", "A/deep/er"]
    assert panel.view.visualRect(panel.model.index_for_path("A/deep/er/leaf.md")).isValid()
    assert panel.select_path("missing.md") is False
    assert panel.current_path() == "A/deep/er/leaf.md"
    assert emitted == []


def test_expanded_paths_round_trip_to_a_new_panel(panel, qtbot):
    panel.set_expanded_paths(["A/deep", "b", "A/deep/er/leaf.md", "gone"])
    assert panel.expanded_paths() == ["A/deep", "b"]  # inner folder kept while A is closed
    other = TreePanel()
    qtbot.addWidget(other)
    other.set_vault_paths(TREE_PATHS)
    other.set_expanded_paths(panel.expanded_paths())
    assert other.expanded_paths() == ["A/deep", "b"]


@pytest.mark.parametrize("reset", [False, True, "to a shape"], ids=["row-signals", "model-reset", "shape"])
def test_apply_changes_keeps_selection_and_open_folders(panel, monkeypatch, reset):
    if reset is True:
        monkeypatch.setattr(VaultTreeModel, "RESET_THRESHOLD", 0)
    emitted = activations(panel)
    panel.set_expanded_paths(["b"])
    panel.select_path("A/deep/er/leaf.md")
    added, removed = ["A/deep/er/new.md", "b/y.md", "c/z.md"], ["note 2.md", "b/x.md"]
    # The tree after the batch, as the session makes it off the GUI thread for a big batch.
    shape = TreeShape.of([*(p for p in TREE_PATHS if p not in removed), *added]) if reset == "to a shape" else None
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    panel.apply_changes(added=added, removed=removed, shape=shape)
    assert len(resets) == (1 if reset else 0)
    assert panel.current_path() == "A/deep/er/leaf.md"
    assert panel.expanded_paths() == ["A", "A/deep", "A/deep/er", "b"]
    assert names_under(panel.model, "b") == ["y"]
    assert emitted == []


def test_folder_emptied_and_refilled_in_one_batch_stays_open(panel):
    panel.set_expanded_paths(["b"])
    panel.apply_changes(added=["b/renamed.md"], removed=["b/x.md"])
    assert panel.expanded_paths() == ["b"]
    assert names_under(panel.model, "b") == ["renamed"]


def test_a_small_batch_looks_only_at_the_folders_it_touches(panel, monkeypatch):
    panel.set_expanded_paths(["A", "A/deep", "b"])

    def every_folder():
        raise AssertionError("a small batch must not walk the whole tree")

    monkeypatch.setattr(panel.model, "loaded_folder_paths", every_folder)
    panel.apply_changes(added=["b/renamed.md", "A/deep/new.md"], removed=["b/x.md"])
    monkeypatch.undo()
    assert panel.expanded_paths() == ["A", "A/deep", "b"]


def test_removing_the_selected_file_clears_the_selection(panel):
    panel.select_path("b/x.md")
    panel.apply_changes(added=[], removed=["b/x.md"])
    assert not panel.model.index_for_path("b").isValid()
    assert panel.current_path() != "b/x.md"


# The real sample vault


def test_seed_kb_tree(seed_kb):
    paths = [f.path for f in Vault(seed_kb).scan()]
    model = VaultTreeModel(paths)
    assert names(model) == ["ai", "channels", "media", "papers"]
    digest = model.index_for_path("channels/alphaxiv_digest.txt")
    assert digest.isValid()
    assert digest.data() == "alphaxiv_digest.txt"
    assert names_under(model, "ai") == ["research_advances"]
    assert names_under(model, "ai/research_advances") == ["neurips_2025", "neurips_2025_day4"]
    assert len(names_under(model, "media")) == 1
