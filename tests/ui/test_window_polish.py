"""The window's finish: its icon, the About dialog, panes hidden and shown (and remembered),
and a tooltip on every control."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QTabWidget

from clew import __version__
from clew.ui.popups.about import about_html
from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from tests.ui.driving import window_context


def make(qtbot, settings_file) -> tuple[MainWindow, AppContext]:
    context = window_context(settings_file)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.restore_state()
    window.resize(1200, 800)
    window.show()
    return window, context


def test_the_window_has_the_app_icon_and_an_about_text(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    assert not window.windowIcon().isNull()
    text = about_html(str(tmp_path / "s.ini"))
    assert f"Clew {__version__}" in text and "MIT" in text and "s.ini" in text
    context.shutdown()


def test_panes_hide_and_come_back_and_are_remembered(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    window.actions["show_left_pane"].trigger()
    window.actions["show_right_pane"].trigger()
    assert window.leftbar.isHidden() and window.sidebar.isHidden()
    assert not window.actions["show_left_pane"].isChecked()
    window.close()
    context.shutdown()

    window, context = make(qtbot, tmp_path / "s.ini")
    assert window.leftbar.isHidden() and window.sidebar.isHidden()
    window.actions["focus_backlinks"].trigger()  # asking for a panel brings its pane back
    assert window.sidebar.isVisible() and window.actions["show_right_pane"].isChecked()
    window.actions["show_left_pane"].trigger()
    assert window.leftbar.isVisible() and window.splitter.sizes()[0] > 0
    context.shutdown()


def test_every_button_and_tab_has_a_tooltip(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    missing = []
    for button in window.findChildren(QAbstractButton):
        action = getattr(button, "defaultAction", lambda: None)()
        if not (button.toolTip() or (action is not None and action.toolTip())):
            missing.append(f"{type(button).__name__} {button.objectName() or button.text()!r} "
                           f"in {type(button.parent()).__name__}")
    for tabs in window.findChildren(QTabWidget):
        missing += [f"tab {tabs.tabText(i)}" for i in range(tabs.count()) if not tabs.tabToolTip(i)]
    assert not missing, missing
    context.shutdown()
