"""The tags panel by keyboard: Ctrl+Shift+T, arrows, Enter lists a tag's notes, Enter opens one; a
#tag chip in a note (clicked, by link hint, by Tab and Enter) lists its tag's notes there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from clew.ui.reader.link_hints import visible_links
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


def chip_rect(browser, href: str) -> QRect:
    """Where the chip linking to ``href`` is drawn, in the viewport."""
    rects = [rect for rect, found in visible_links(browser) if found == href]
    assert rects, f"no chip {href} in view"
    return rects[0]


def shows_tag_notes(window, tag_label: str, note: str) -> bool:
    tree = window.tags.tree
    current = tree.currentItem()
    return (window.tags.isVisible() and tree.hasFocus() and current is not None
            and current.parent() is not None and current.parent().text(0) == tag_label and current.text(0) == note)


def test_clicking_a_tag_chip_lists_that_tags_notes(window, qtbot):
    browser = window.note_view.browser
    rect = chip_rect(browser, "tag:Beta/one")
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() + QPoint(8, 0))
    qtbot.waitUntil(lambda: shows_tag_notes(window, "#Beta/one  (1)", "Home"))
    assert window.note_view.current_path == "Home.md"  # the note stays; the panel lists the tag's notes


def test_a_chip_by_link_hint_and_by_tab_and_enter(window, qtbot):
    browser = window.note_view.browser
    hrefs = [href for _rect, href in visible_links(browser)]
    assert hrefs == ["tag:alpha", "tag:Beta/one"]
    press(qtbot, browser, Key.Key_F)
    press(qtbot, browser, Key.Key_A)
    qtbot.waitUntil(lambda: shows_tag_notes(window, "#alpha  (3)", "Home"))
    browser.setFocus()
    press(qtbot, browser, Key.Key_Tab)
    press(qtbot, browser, Key.Key_Tab)
    assert browser.textCursor().charFormat().anchorHref() == "tag:Beta/one"
    press(qtbot, browser, Key.Key_Return)
    qtbot.waitUntil(lambda: shows_tag_notes(window, "#Beta/one  (1)", "Home"))


def test_a_chip_finds_its_tag_whatever_its_case_and_says_when_there_is_none(window, qtbot):
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("Three.md")
    window.note_view.browser.anchorClicked.emit(QUrl("tag:ALPHA"))
    qtbot.waitUntil(lambda: shows_tag_notes(window, "#alpha  (3)", "Home"))
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.note_view.browser.anchorClicked.emit(QUrl("tag:nowhere"))
    assert any("No notes tagged #nowhere" in m for m in messages)
