"""The inline title in the window: shown on top of a note, left out of the outline, hidden by the
View menu's "Show Inline Title", and remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from clew.ui.main_window import MainWindow
from clew.ui.settings import Settings
from tests.ui.driving import open_window, window_context


def _view_menu_actions(window: MainWindow) -> list[str]:
    (menu,) = [action.menu() for action in window.menuBar().actions() if action.text() == "&View"]
    return [action.objectName() for action in menu.actions()]


def test_the_title_is_shown_hidden_from_the_view_menu_and_remembered(qtbot, tmp_path: Path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "Plan.md").write_text("Body text.\n\n## Steps\n\nmore\n", encoding="utf-8")
    settings_file = tmp_path / "settings.ini"
    window, context = open_window(qtbot, vault, "Plan.md", settings_file)
    try:
        window.restore_state()
        action = window.actions["show_inline_title"]
        assert "show_inline_title" in _view_menu_actions(window) and action.isChecked()
        document = window.note_view.browser.document()
        assert document.firstBlock().text() == "Plan"
        assert [heading.text for heading in window.outline.headings] == ["Steps"]

        with qtbot.waitSignal(window.note_view.rendered, timeout=10_000):
            action.trigger()
        assert not action.isChecked()
        assert window.note_view.browser.document().firstBlock().text() == "Body text."
        assert [heading.text for heading in window.outline.headings] == ["Steps"]
        assert Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)).inline_title is False
    finally:
        context.shutdown()

    again = MainWindow(window_context(settings_file))
    qtbot.addWidget(again)
    try:
        again.restore_state()
        assert not again.actions["show_inline_title"].isChecked() and not again.note_view.inline_title
    finally:
        again.context.shutdown()
