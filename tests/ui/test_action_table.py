"""The action table: every action has its own shortcut or is in the palette; the cheat sheet lists all."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from clew.ui.actions import ACTIONS, key_sequences
from clew.ui.popups.cheat_sheet import cheat_sheet_html
from clew.ui.main_window import MainWindow
from clew.ui.popups.palette import action_label, shortcut_text
from clew.ui.panels.graph_view import GRAPH_KEYS
from clew.ui.reader.reading_keys import READING_KEYS
from tests.ui.driving import window_context


def test_every_action_has_a_unique_shortcut_or_a_palette_entry(qtbot, tmp_path):
    context = window_context(tmp_path / "s.ini")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.palette.refresh()
    listed = set(window.palette.names())
    seen: dict[str, str] = {}
    for spec in ACTIONS:
        keys = [k.toString() for k in key_sequences(spec)]
        for key in keys:
            assert key not in seen, f"{key} is both {seen[key]} and {spec.name}"
            seen[key] = spec.name
        assert keys or spec.name in listed, f"{spec.name} has no shortcut and is not in the palette"
        if spec.name != "command_palette":
            assert spec.name in listed, f"{spec.name} is missing from the palette"
    html = cheat_sheet_html(window.actions)
    for spec in ACTIONS:
        action = window.actions[spec.name]
        assert action_label(action) in html
        assert shortcut_text(action) in html
    for keys, meaning in READING_KEYS + GRAPH_KEYS:
        assert meaning.split(":")[0] in html
    context.shutdown()


def test_the_issue_keys_are_where_users_expect_them():
    keys = {spec.name: [k.toString() for k in key_sequences(spec)] for spec in ACTIONS}
    assert {"Ctrl+P", "Ctrl+O"} <= set(keys["quick_switcher"])
    assert keys["open_vault"] == ["Ctrl+Shift+O"]
    assert "Ctrl+Shift+P" in keys["command_palette"]
    assert "Ctrl+F" in keys["find_in_note"] and "F3" in keys["find_next"] and "Shift+F3" in keys["find_previous"]
    assert "Ctrl+Shift+F" in keys["search_vault"]
    assert "Alt+Left" in keys["go_back"] and "Alt+Right" in keys["go_forward"]
    assert {"F1", "?"} <= set(keys["cheat_sheet"]) and "F6" in keys["cycle_focus"]
    assert "Ctrl++" in keys["zoom_in"] and "Ctrl+-" in keys["zoom_out"] and "Ctrl+0" in keys["zoom_reset"]


def test_every_action_is_in_a_menu_with_its_shortcut(qtbot, tmp_path):
    context = window_context(tmp_path / "s.ini")
    window = MainWindow(context)
    qtbot.addWidget(window)
    in_menus = {action.objectName(): action for menu in window.menuBar().findChildren(QMenu)
                for action in menu.actions()}
    for spec in ACTIONS:
        assert spec.name in in_menus, f"{spec.name} is in no menu"
        assert in_menus[spec.name].shortcuts() == key_sequences(spec)
    context.shutdown()
