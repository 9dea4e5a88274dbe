"""Keyboard-only browsing: switcher, history with scroll, link hints, Tab through links, reading
keys, find in note, palette, cheat sheet, zoom, focus keys. Every step is a key event."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

from clew.ui.popups import switcher
from clew.ui.reader.link_hints import LinkHints
from tests.ui.driving import open_window, press, type_text

Key = Qt.Key
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
LONG = "\n\n".join(f"Paragraph {n} of filler text that takes a line or two of the view." for n in range(60))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "projects").mkdir(parents=True)
    notes = {
        "Home.md": "# Home\n\nSee [[Alpha]] and [[Beta]] and [[Заметка]].\n\n" + LONG + "\n\n## Tail\n\nThe end.\n",
        "Alpha.md": "# Alpha\n\nBack to [[Home]]. Find me: apple APPLE apple.\n\n## First part\n\n" + LONG
                    + "\n\n## Second part\n\n" + LONG + "\n\n## Third part\n\nlast words\n",
        "Beta.md": "---\ntitle: The Second Letter\naliases: [bee]\n---\nBeta links to [[Alpha]].\n",
        "Заметка.md": "# Заметка\n\nПривет, мир.\n",
        "projects/机器学习.md": "# 机器学习\n\n深度学习笔记。\n",
        "projects/roadmap.md": "# Roadmap\n\nPlans.\n",
    }
    for path, text in notes.items():
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def window(qtbot, vault, tmp_path, monkeypatch):
    # The switcher's first build waits a second after the vault is shown, not to compete with
    # its first paint (tested in test_switcher_upkeep): here, as if that second had passed.
    monkeypatch.setattr(switcher, "FIRST_BUILD_AFTER_MS", 0)
    window, context = open_window(qtbot, vault, "Home.md", tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: len(window.switcher.index) == 6, timeout=10_000)
    yield window
    context.shutdown()


def current(window) -> str:
    return window.note_view.current_path


def back_in(window, qtbot) -> None:
    """A popup closed: wait until the window has the keyboard again (the window system says so later)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window and QApplication.focusWidget() is not None)


def open_switcher(window, qtbot, key=Key.Key_P) -> None:
    press(qtbot, None, key, Ctrl)
    qtbot.waitUntil(window.switcher.edit.hasFocus)


def switch_to(window, qtbot, query: str) -> None:
    open_switcher(window, qtbot)
    type_text(window.switcher.edit, query)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.switcher.edit, Key.Key_Return)
    back_in(window, qtbot)


def test_switcher_opens_a_note_by_fuzzy_name(window, qtbot):
    open_switcher(window, qtbot)
    assert window.switcher.isVisible()
    type_text(window.switcher.edit, "rdmp")
    assert window.switcher.listing.item(0).data(Qt.ItemDataRole.UserRole + 1) == "projects/roadmap.md"
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.switcher.edit, Key.Key_Return)
    back_in(window, qtbot)
    assert current(window) == "projects/roadmap.md" and not window.switcher.isVisible()


@pytest.mark.parametrize("query, expected", [("заметка", "Заметка.md"), ("机器", "projects/机器学习.md"),
                                             ("second letter", "Beta.md"), ("bee", "Beta.md")])
def test_switcher_matches_titles_aliases_russian_and_chinese(window, qtbot, query, expected):
    open_switcher(window, qtbot, Key.Key_O)  # Obsidian's key opens the switcher too
    type_text(window.switcher.edit, query)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.switcher.edit, Key.Key_Return)
    back_in(window, qtbot)
    assert current(window) == expected


def test_switcher_lists_recent_notes_first_and_arrows_choose(window, qtbot):
    for name in ("alpha", "beta"):
        switch_to(window, qtbot, name)
    open_switcher(window, qtbot)
    listing = window.switcher.listing
    first = [listing.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)]
    assert first == ["Beta.md", "Alpha.md", "Home.md"]
    press(qtbot, window.switcher.edit, Key.Key_Down)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.switcher.edit, Key.Key_Return)
    back_in(window, qtbot)
    assert current(window) == "Alpha.md"


def test_escape_closes_the_switcher(window, qtbot):
    open_switcher(window, qtbot)
    press(qtbot, window.switcher.edit, Key.Key_Escape)
    assert not window.switcher.isVisible() and current(window) == "Home.md"


def test_back_and_forward_return_to_the_scroll_position(window, qtbot):
    bar = window.note_view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 500)
    for _ in range(10):
        press(qtbot, window.note_view.browser, Key.Key_J)
    left_at = bar.value()
    assert left_at > 0
    switch_to(window, qtbot, "alpha")
    assert bar.value() == 0
    press(qtbot, window.note_view.browser, Key.Key_G, Shift)
    bottom = bar.value()
    assert bottom == bar.maximum() > 0
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.note_view.browser, Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert current(window) == "Home.md" and bar.value() == left_at
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.note_view.browser, Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    # Back where it was left; waited for, as the page may still be growing to its full height.
    assert current(window) == "Alpha.md"
    qtbot.waitUntil(lambda: bar.value() == bottom)


def test_a_page_that_grows_after_its_place_was_restored_brings_the_reader_there(window, qtbot):
    view = window.note_view
    bar = view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    wanted = bar.maximum() + 300
    view.placer.scroll_to(wanted)  # the page is still too short for it: it pulls the reader as it grows
    end = QTextCursor(view.browser.document())
    end.movePosition(QTextCursor.MoveOperation.End)
    for _ in range(40):
        end.insertBlock()
        end.insertText("A paragraph that arrives late, as an image or a formula would.")
    qtbot.waitUntil(lambda: bar.maximum() >= wanted)
    assert bar.value() == wanted
    assert view.placer._growing_to is None


def test_link_hints_follow_a_link_by_its_letters(window, qtbot):
    browser = window.note_view.browser
    press(qtbot, browser, Key.Key_F)
    badges = [w for w in browser.viewport().findChildren(QLabel) if w.objectName() == "linkHint"]
    assert [b.text() for b in badges] == ["A", "S", "D"]
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, browser, Key.Key_S)
    assert current(window) == "Beta.md"


def test_escape_cancels_link_hints(window, qtbot):
    browser = window.note_view.browser
    press(qtbot, browser, Key.Key_F)
    hints = browser.viewport().findChildren(LinkHints)
    assert hints and hints[0].active
    press(qtbot, browser, Key.Key_Escape)
    assert not hints[0].active
    press(qtbot, browser, Key.Key_A)  # a letter is a letter again
    assert current(window) == "Home.md"


def test_link_hints_in_the_backlinks_panel(window, qtbot):
    switch_to(window, qtbot, "alpha")
    press(qtbot, None, Key.Key_3, Ctrl)
    tree = window.backlinks.tree
    assert tree.hasFocus()
    press(qtbot, tree, Key.Key_F)
    assert tree.viewport().findChildren(LinkHints)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, tree, Key.Key_A)
    assert current(window) in {"Beta.md", "Home.md"}


def test_tab_moves_between_links_and_enter_follows(window, qtbot):
    browser = window.note_view.browser
    press(qtbot, browser, Key.Key_Tab)
    press(qtbot, browser, Key.Key_Tab)
    assert browser.textCursor().charFormat().anchorHref() or browser.textCursor().selectedText() == "Beta"
    press(qtbot, browser, Key.Key_Tab, Shift)
    assert browser.textCursor().selectedText() == "Alpha"
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, browser, Key.Key_Return)
    assert current(window) == "Alpha.md"


def test_reading_keys_scroll_page_and_jump(window, qtbot):
    browser = window.note_view.browser
    bar = browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 500)
    press(qtbot, browser, Key.Key_J)
    assert bar.value() > 0
    press(qtbot, browser, Key.Key_K)
    assert bar.value() == 0
    press(qtbot, browser, Key.Key_Space)
    assert bar.value() >= bar.pageStep() - 1
    press(qtbot, browser, Key.Key_Space, Shift)
    assert bar.value() == 0
    press(qtbot, browser, Key.Key_G, Shift)
    assert bar.value() == bar.maximum()
    press(qtbot, browser, Key.Key_G)
    press(qtbot, browser, Key.Key_G)
    assert bar.value() == 0


def test_brackets_move_between_headings_and_the_outline_follows(window, qtbot):
    switch_to(window, qtbot, "alpha")
    browser = window.note_view.browser
    outline = window.outline
    assert [h.text for h in outline.headings] == ["Alpha", "First part", "Second part", "Third part"]
    press(qtbot, browser, Key.Key_BracketRight)
    press(qtbot, browser, Key.Key_BracketRight)
    qtbot.waitUntil(lambda: outline.tree.currentItem() is not None
                    and outline.tree.currentItem().text(0) == "Second part")
    press(qtbot, browser, Key.Key_BracketLeft)
    qtbot.waitUntil(lambda: outline.tree.currentItem().text(0) == "First part")


def test_outline_panel_scrolls_the_view_to_a_heading(window, qtbot):
    switch_to(window, qtbot, "alpha")
    press(qtbot, None, Key.Key_L, Ctrl | Shift)
    tree = window.outline.tree
    assert tree.hasFocus()
    for _ in range(3):
        press(qtbot, tree, Key.Key_Down)
    assert tree.currentItem().text(0) == "Third part"
    press(qtbot, tree, Key.Key_Return)
    bar = window.note_view.browser.verticalScrollBar()
    assert bar.value() > bar.maximum() // 2


def test_find_in_note_counts_highlights_and_steps(window, qtbot):
    switch_to(window, qtbot, "alpha")
    press(qtbot, window.note_view.browser, Key.Key_F, Ctrl)
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    type_text(bar.edit, "apple")
    assert bar.count.text() == "1 of 3"
    assert len(window.note_view.browser.extraSelections()) == 3
    press(qtbot, bar.edit, Key.Key_Return)
    assert bar.count.text() == "2 of 3"
    press(qtbot, bar.edit, Key.Key_F3)
    assert bar.count.text() == "3 of 3"
    press(qtbot, bar.edit, Key.Key_Return, Shift)
    assert bar.count.text() == "2 of 3"
    press(qtbot, bar.edit, Key.Key_Backspace)
    type_text(bar.edit, "zzz")
    assert bar.count.text() == "No matches"
    press(qtbot, bar.edit, Key.Key_Escape)
    assert not bar.isVisible() and window.note_view.browser.hasFocus()


def test_command_palette_runs_an_action_by_name(window, qtbot):
    press(qtbot, None, Key.Key_P, Ctrl | Shift)
    palette = window.palette
    qtbot.waitUntil(palette.edit.hasFocus)
    type_text(palette.edit, "outline")
    assert palette.names()[0] == "show_outline"
    assert "Ctrl+Shift+L" in palette.listing.item(0).text()
    press(qtbot, palette.edit, Key.Key_Return)
    assert window.sidebar.currentWidget() is window.outline and not palette.isVisible()


def test_f1_and_question_mark_show_the_cheat_sheet(window, qtbot):
    press(qtbot, window.note_view.browser, Key.Key_F1)
    assert window.cheat.isVisible()
    # The keyboard is the cheat sheet's, with or without a window manager: Esc closes it.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.cheat
                    and QApplication.focusWidget() is window.cheat.text)
    press(qtbot, None, Key.Key_Escape)
    assert not window.cheat.isVisible()
    back_in(window, qtbot)
    press(qtbot, window.note_view.browser, Key.Key_Question)
    assert window.cheat.isVisible()


def test_zoom_keys_change_the_view_and_are_remembered(window, qtbot, vault, tmp_path):
    browser = window.note_view.browser
    size = browser.font().pointSizeF()
    press(qtbot, browser, Key.Key_Plus, Ctrl)
    press(qtbot, browser, Key.Key_Equal, Ctrl)
    assert browser.font().pointSizeF() > size
    press(qtbot, browser, Key.Key_Minus, Ctrl)
    assert window.reading.zoom.steps == 1
    window.context.settings.sync()
    again, context = open_window(qtbot, vault, "Home.md", tmp_path / "settings.ini")
    assert again.reading.zoom.steps == 1
    press(qtbot, again.note_view.browser, Key.Key_0, Ctrl)
    assert again.reading.zoom.steps == 0
    context.shutdown()


def test_focus_keys_and_f6_mark_the_focused_pane(window, qtbot):
    press(qtbot, None, Key.Key_1, Ctrl)
    assert window.tree.view.hasFocus() and window.focus_mark.marked is window.leftbar
    press(qtbot, None, Key.Key_2, Ctrl)
    assert window.note_view.browser.hasFocus() and window.focus_mark.marked is window.note_view
    mark = window.focus_mark.bar
    assert mark.isVisible() and mark.parentWidget() is window.note_view
    press(qtbot, None, Key.Key_F6)
    assert window.focus_mark.marked is window.sidebar
    press(qtbot, None, Key.Key_F6)
    assert window.focus_mark.marked is window.leftbar
    press(qtbot, None, Key.Key_F6, Shift)
    assert window.focus_mark.marked is window.sidebar
    press(qtbot, None, Key.Key_3, Ctrl)
    assert window.backlinks.tree.hasFocus()
    assert QApplication.focusWidget() is window.backlinks.tree
