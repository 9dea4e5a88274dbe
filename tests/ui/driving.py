"""Driving the window in tests as a user would: shortcuts, typed text in any script, a hovered link."""

from __future__ import annotations

import threading
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from clew.ui.reader.hover_preview import find_link
from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from clew.ui.settings import Settings


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` one key event per character (any script: the event carries
    the text, as an input method delivers it)."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, char))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, char))


def press(qtbot, widget: QWidget | None, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """One key press on the widget that has the focus (or ``widget``)."""
    target = widget or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def window_context(settings_file: Path, render_child: bool = False) -> AppContext:
    """The AppContext of a test window, with its own settings file. Notes render in the test's
    process unless ``render_child``: a render child per window costs each test a process start,
    and only the tests of the child's time limit (hostile notes, stalls) need it."""
    return AppContext.create(Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)),
                             render_child=render_child)


def open_window(qtbot, vault: Path, note: str, settings_file: Path) -> tuple[MainWindow, AppContext]:
    context = window_context(settings_file)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.note_shown, timeout=15_000):
        window.open_vault_path(vault, note)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.note_view.setFocus()
    return window, context


def hover(qtbot, window: MainWindow, text: str) -> str:
    """Move the mouse onto the link showing ``text``; its preview's href once shown."""
    found = find_link(window.note_view.browser, text)
    assert found, f"no link with {text!r}"
    href, rect = found
    viewport = window.note_view.browser.viewport()
    # The cursor may already stand there (left by an earlier test in this process): a move
    # to where it is makes no event, so it comes from a point beside the link.
    qtbot.mouseMove(viewport, rect.bottomRight() + QPoint(40, 40))
    with qtbot.waitSignal(window.hover.shown, timeout=10_000) as shown:
        qtbot.mouseMove(viewport, rect.center())
    assert shown.args == [href]
    return href


def nothing_loaded(resource) -> bool:
    """True for what the note view gives for an image it does not load: an empty image, or the
    transparent pixel standing in for one (so that a sized <img> keeps the page's layout sane)."""
    return isinstance(resource, QImage) and (
        resource.isNull() or (resource.width() == resource.height() == 1 and resource.pixelColor(0, 0).alpha() == 0))


def hold(monkeypatch, module: ModuleType, name: str) -> threading.Event:
    """Make ``module.name(*args, progress=...)``, a stage the window runs in the background, wait
    until the returned event is set (at most 10 s): a big vault's stage, still under way."""
    release = threading.Event()
    real = getattr(module, name)

    def held(*args, progress):
        release.wait(10)
        return real(*args, progress=progress)

    monkeypatch.setattr(module, name, held)
    return release
