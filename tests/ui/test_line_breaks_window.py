"""The "Strict line breaks" setting in the window: toggled from the command palette, the open
note is drawn again at once where the reader was, and the choice is remembered; a vault whose
.obsidian/app.json sets it is followed, and the setting says so and cannot be changed."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.driving import press, type_text
from vault_files import write

Key = Qt.Key
LONG = "\n\n".join(f"Line {n} one\nLine {n} two" for n in range(150))


def shown(window) -> str:
    return window.note_view.browser.document().toPlainText()


def vault(tmp_path: Path, name: str, app_json: dict | None = None) -> Path:
    notes = {"Home.md": "# Home\n\nPlugin ID: x\nLinks: y\n\n" + LONG + "\n"}
    if app_json is not None:
        notes[".obsidian/app.json"] = json.dumps(app_json)
    return write(tmp_path / name, notes)


def run_from_palette(qtbot, window, words: str) -> None:
    window.note_view.setFocus()
    window.command_palette()
    palette = window.palette
    qtbot.waitUntil(palette.edit.hasFocus)
    type_text(palette.edit, words)
    assert palette.names()[0] == "strict_line_breaks"
    press(qtbot, palette.edit, Key.Key_Return)


def test_the_palette_toggles_strict_line_breaks_and_the_note_is_drawn_again_in_place(make_window, qtbot,
                                                                                     tmp_path):
    window = make_window(vault(tmp_path, "kb"), "Home.md")
    action = window.actions["strict_line_breaks"]
    assert "Plugin ID: x\nLinks: y" in shown(window) and not action.isChecked() and action.isEnabled()
    bar = window.note_view.browser.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    place = bar.value()

    with qtbot.waitSignal(window.note_view.rendered, timeout=10_000):
        run_from_palette(qtbot, window, "strict line")
    assert "Plugin ID: x Links: y" in shown(window) and "Line 7 one Line 7 two" in shown(window)
    assert action.isChecked() and window.context.settings.strict_line_breaks
    qtbot.waitUntil(lambda: bar.value() == place)

    with qtbot.waitSignal(window.note_view.rendered, timeout=10_000):
        action.trigger()  # the View menu's item
    assert "Plugin ID: x\nLinks: y" in shown(window) and not window.context.settings.strict_line_breaks


def test_the_setting_is_remembered_across_restarts(make_window, qtbot, tmp_path):
    root = vault(tmp_path, "kb")
    first = make_window(root, "Home.md")
    with qtbot.waitSignal(first.note_view.rendered, timeout=10_000):
        first.actions["strict_line_breaks"].trigger()
    first.close()
    again = make_window(root, "Home.md")
    assert again.actions["strict_line_breaks"].isChecked() and "Plugin ID: x Links: y" in shown(again)


def test_a_vault_whose_app_json_sets_strict_line_breaks_opens_strict_and_says_so(make_window, qtbot, tmp_path):
    window = make_window(vault(tmp_path, "strict", {"strictLineBreaks": True}), "Home.md")
    action = window.actions["strict_line_breaks"]
    assert not window.context.settings.strict_line_breaks  # the reader's own choice is untouched
    assert "Plugin ID: x Links: y" in shown(window)
    assert action.isChecked() and not action.isEnabled()
    assert action.text().endswith("(set by this vault)") and "app.json" in action.statusTip()
    window.command_palette()
    type_text(window.palette.edit, "strict line")
    assert "strict_line_breaks" not in window.palette.names()
    press(qtbot, window.palette.edit, Key.Key_Escape)

    # A vault that says nothing follows the reader's setting again.
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_vault_path(vault(tmp_path, "plain"), "Home.md")
    assert "Plugin ID: x\nLinks: y" in shown(window)
    assert not action.isChecked() and action.isEnabled() and not action.text().endswith("(set by this vault)")


def test_a_vault_whose_app_json_sets_line_breaks_keeps_them_in_strict_mode(make_window, qtbot, tmp_path):
    window = make_window(None)
    window.actions["strict_line_breaks"].trigger()
    with qtbot.waitSignal(window.note_shown, timeout=10_000):
        window.open_vault_path(vault(tmp_path, "breaks", {"strictLineBreaks": False}), "Home.md")
    action = window.actions["strict_line_breaks"]
    assert "Plugin ID: x\nLinks: y" in shown(window) and not action.isChecked() and not action.isEnabled()
    assert window.context.settings.strict_line_breaks


def test_a_link_preview_follows_the_views_mode(make_window, qtbot, tmp_path):
    root = write(tmp_path / "kb", {"a.md": "see [[b]]\n", "b.md": "one\ntwo\n"})
    window = make_window(root, "a.md")
    for strict, expected in ((False, "one\ntwo"), (True, "one two")):
        if strict:
            with qtbot.waitSignal(window.note_view.rendered, timeout=10_000):
                window.actions["strict_line_breaks"].trigger()
        window.activateWindow()
        window.note_view.setFocus()
        qtbot.keyClick(window.note_view.browser, Key.Key_Tab)
        with qtbot.waitSignal(window.hover.shown, timeout=10_000):
            window.actions["preview_link"].trigger()
        assert expected in window.hover.popup.browser.toPlainText()
        qtbot.keyClick(window.note_view.browser, Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.hover.visible)
