"""The window's finish: its icon, the About dialog, panes hidden and shown (and remembered),
and a tooltip on every control."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QTabWidget

from clew import __version__
from clew.ui.popups.about import about_html
from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from clew.ui.setup.window_placement import NOTE_COLUMN_CHARS, first_geometry
from tests.ui.driving import window_context


def make_unsized(qtbot, settings_file) -> tuple[MainWindow, AppContext]:
    """The window as it opens with these settings."""
    context = window_context(settings_file)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    return window, context


def make(qtbot, settings_file) -> tuple[MainWindow, AppContext]:
    window, context = make_unsized(qtbot, settings_file)
    window.resize(1200, 800)
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


def test_the_first_start_fills_most_of_the_screen_with_panes_20_55_25(qtbot, tmp_path):
    context = window_context(tmp_path / "s.ini")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.restore_state()
    window.show()
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    # As first_geometry gives, less the room left for the window's frame and title.
    expected = first_geometry(available)
    assert expected.width() - 10 <= window.width() <= expected.width()
    assert expected.height() - 40 <= window.height() <= expected.height()
    left, note, right = window.splitter.sizes()
    total = left + note + right
    assert abs(left / total - 0.20) < 0.03 and abs(note / total - 0.55) < 0.03 and abs(right / total - 0.25) < 0.03
    context.shutdown()


def test_a_geometry_saved_on_a_larger_screen_opens_whole_on_this_one(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    window.setGeometry(QRect(200, 150, 1500, 950))  # the offscreen screen is 800×800
    window.close()
    context.shutdown()

    window, context = make_unsized(qtbot, tmp_path / "s.ini")
    available = window.screen().availableGeometry()
    assert available.contains(window.geometry())
    assert window.width() >= available.width() - 20  # as large as fits, not a small fallback
    context.shutdown()


def test_side_panes_saved_on_a_larger_screen_shrink_with_the_window(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    window.setGeometry(QRect(0, 0, 1500, 700))
    window.splitter.setSizes([360, 760, 376])
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] == 360)
    window.close()
    context.shutdown()

    window, context = make_unsized(qtbot, tmp_path / "s.ini")  # on the 800-wide screen
    left, note, right = window.splitter.sizes()
    assert left < 250 and right < 260 and note >= window.note_view.least_width(NOTE_COLUMN_CHARS)
    context.shutdown()


def test_a_narrow_window_hides_the_side_panes_first_and_brings_them_back(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    least = window.note_view.least_width(NOTE_COLUMN_CHARS)
    window.resize(least + 150, 700)  # room for the note and part of one pane
    qtbot.waitUntil(lambda: window.sidebar.isHidden())
    qtbot.waitUntil(lambda: window.leftbar.isHidden() or window.note_view.width() >= least)
    assert window.note_view.width() >= least or window.leftbar.isHidden()
    window.resize(least + 100, 700)
    qtbot.waitUntil(lambda: window.leftbar.isHidden() and window.sidebar.isHidden())
    assert not window.actions["show_right_pane"].isChecked()
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: window.leftbar.isVisible() and window.sidebar.isVisible())
    assert window.note_view.width() >= least
    window.close()
    context.shutdown()


def test_panes_hidden_for_want_of_room_are_not_remembered_as_hidden(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    window.resize(window.note_view.least_width(NOTE_COLUMN_CHARS) + 50, 700)
    qtbot.waitUntil(lambda: window.leftbar.isHidden() and window.sidebar.isHidden())
    window.close()
    context.shutdown()

    window, context = make(qtbot, tmp_path / "s.ini")  # 1200 wide: room for all three
    qtbot.waitUntil(lambda: window.leftbar.isVisible() and window.sidebar.isVisible())
    context.shutdown()


def test_a_handle_dragged_into_the_note_stops_at_its_least_width(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    least = window.note_view.least_width(NOTE_COLUMN_CHARS)
    left, _note, right = window.splitter.sizes()
    window.splitter.moveSplitter(window.splitter.width() - right - least - 200, 2)  # the right pane's handle
    window.splitter.splitterMoved.emit(0, 2)
    qtbot.waitUntil(lambda: window.splitter.sizes()[1] >= least)
    assert window.splitter.sizes()[0] == left
    context.shutdown()


def test_side_tabs_shorten_instead_of_scrolling(qtbot, tmp_path):
    window, context = make(qtbot, tmp_path / "s.ini")
    for tabs in (window.leftbar, window.sidebar):
        assert not tabs.usesScrollButtons()
    context.shutdown()


def test_a_pane_hidden_and_shown_across_a_restart_keeps_its_width(qtbot, tmp_path):
    # Windows as they open (the offscreen screen is 800 wide): each start restores the last.
    window, context = make_unsized(qtbot, tmp_path / "s.ini")
    left, note, right = window.splitter.sizes()
    window.splitter.setSizes([left, note + right - 250, 250])
    qtbot.waitUntil(lambda: window.sidebar.width() == 250)
    window.actions["show_right_pane"].trigger()
    window.close()
    context.shutdown()

    window, context = make_unsized(qtbot, tmp_path / "s.ini")
    assert window.sidebar.isHidden()
    window.actions["show_right_pane"].trigger()
    qtbot.waitUntil(lambda: window.sidebar.width() == 250)
    window.close()
    context.shutdown()

    window, context = make_unsized(qtbot, tmp_path / "s.ini")
    assert window.sidebar.isVisible()
    qtbot.waitUntil(lambda: window.sidebar.width() == 250)
    context.shutdown()
