"""The vault search panel, driven by keys: Ctrl+Shift+F, type, Down, Enter; it follows the disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from clew.core.search.fulltext import SearchHit
from tests.ui.driving import open_window, press, type_text

Key = Qt.Key
Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
FILLER = "\n\n".join(f"Filler paragraph number {n}, long enough to need scrolling." for n in range(80))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "Home.md").write_text("# Home\n\nStart here.\n", encoding="utf-8")
    (root / "Deep.md").write_text(f"# Deep\n\n{FILLER}\n\nThe hidden treasure is at the bottom.\n", encoding="utf-8")
    (root / "Москва.md").write_text("# Москва\n\nСтолица. ПРИВЕТ из Москвы. #город\n", encoding="utf-8")
    (root / "中文.md").write_text("# 中文\n\n我们学习机器学习。\n", encoding="utf-8")
    return root


@pytest.fixture
def window(qtbot, vault, tmp_path):
    window, context = open_window(qtbot, vault, "Home.md", tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: window.search_upkeep.ready, timeout=15_000)
    yield window
    context.shutdown()


def hits(window) -> list[SearchHit]:
    results = window.search_panel.results
    return [results.item(i).data(Qt.ItemDataRole.UserRole + 1) for i in range(results.count())]


def search(window, qtbot, text: str) -> list[SearchHit]:
    press(qtbot, None, Key.Key_F, Ctrl | Shift)
    edit = window.search_panel.edit
    assert edit.hasFocus() and window.leftbar.currentWidget() is window.search_panel
    press(qtbot, edit, Key.Key_A, Ctrl)
    press(qtbot, edit, Key.Key_Delete)
    with qtbot.waitSignal(window.search_upkeep.results, timeout=5000):
        type_text(edit, text)
    return hits(window)


def test_a_result_opens_its_note_scrolled_to_the_match(window, qtbot):
    found = search(window, qtbot, "hidden treasure")
    assert [(h.path, h.line) for h in found] == [("Deep.md", 163)]
    assert "hidden treasure" in window.search_panel.results.item(0).text()
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.search_panel.edit, Key.Key_Return)
    browser = window.note_view.browser
    assert window.note_view.current_path == "Deep.md"
    assert browser.verticalScrollBar().value() > 0
    assert "hidden treasure" in browser.textCursor().block().text()


def test_russian_in_any_case_and_chinese_of_one_character(window, qtbot):
    assert [h.path for h in search(window, qtbot, "привет")] == ["Москва.md"]
    assert [h.path for h in search(window, qtbot, "学")] == ["中文.md"]
    assert [h.path for h in search(window, qtbot, "tag:город")] == ["Москва.md"]
    assert search(window, qtbot, "nothing-like-this") == []
    assert window.search_panel.status.text().startswith("No note matches")


def test_arrow_keys_choose_among_results(window, qtbot):
    found = search(window, qtbot, "# ")
    assert len(found) == 4
    press(qtbot, window.search_panel.edit, Key.Key_Down)
    chosen = hits(window)[1].path
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        press(qtbot, window.search_panel.edit, Key.Key_Return)
    assert window.note_view.current_path == chosen


def test_search_follows_a_file_changed_on_disk(window, qtbot, vault):
    assert search(window, qtbot, "platypus") == []
    with qtbot.waitSignal(window.search_upkeep.updated, timeout=10_000):
        (vault / "Home.md").write_text("# Home\n\nA platypus lives here now.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: [h.path for h in hits(window)] == ["Home.md"], timeout=5000)
    with qtbot.waitSignal(window.search_upkeep.updated, timeout=10_000):
        (vault / "Home.md").unlink()
    qtbot.waitUntil(lambda: hits(window) == [], timeout=5000)
