"""The tags panel by keyboard: Ctrl+Shift+T, arrows, Enter lists a tag's notes, Enter opens one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from tests.ui.driving import open_window, press

Key = Qt.Key
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "Home.md").write_text("# Home\n\n#alpha and #Beta/one\n", encoding="utf-8")
    (root / "Two.md").write_text("---\ntags: [alpha, gamma]\n---\n# Two\n\n[[Home]]\n", encoding="utf-8")
    (root / "Three.md").write_text("# Three\n\n#ALPHA again\n", encoding="utf-8")
    return root


@pytest.fixture
def window(qtbot, vault, tmp_path):
    window, context = open_window(qtbot, vault, "Home.md", tmp_path / "settings.ini")
    yield window
    context.shutdown()


def test_tags_with_counts_and_their_notes(window, qtbot, vault):
    press(qtbot, None, Key.Key_T, Ctrl | Shift)
    tree = window.tags.tree
    assert tree.hasFocus()
    labels = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert labels == ["#alpha  (3)", "#Beta/one  (1)", "#gamma  (1)"]
    press(qtbot, tree, Key.Key_Down)
    press(qtbot, tree, Key.Key_Down)
    assert tree.currentItem().text(0) == "#gamma  (1)"
    press(qtbot, tree, Key.Key_Return)
    assert tree.currentItem().text(0) == "Two"
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, tree, Key.Key_Return)
    assert window.note_view.current_path == "Two.md"


def test_tags_follow_a_file_change(window, qtbot, vault):
    press(qtbot, None, Key.Key_T, Ctrl | Shift)
    with qtbot.waitSignal(window.session.changed, timeout=10_000):
        (vault / "Three.md").write_text("# Three\n\n#delta now\n", encoding="utf-8")
    tree = window.tags.tree
    labels = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "#alpha  (2)" in labels and "#delta  (1)" in labels


def test_the_mouse_back_button_goes_back(window, qtbot):
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.tags.note_activated.emit("Two.md")
    viewport = window.note_view.browser.viewport()
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        QApplication.sendEvent(viewport, QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5),
                                                     Qt.MouseButton.BackButton, Qt.MouseButton.BackButton,
                                                     Qt.KeyboardModifier.NoModifier))
    assert window.note_view.current_path == "Home.md"
