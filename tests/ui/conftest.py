"""Fixtures of the window tests: a shown MainWindow on a vault, with its own settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from tests.ui.driving import window_context


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "clew-settings.ini"


@pytest.fixture
def make_window(qtbot, settings_file):
    """Factory: a shown MainWindow on ``vault`` (optionally at ``note``), indexed and rendered;
    in the test's process unless ``render_child`` (see driving.window_context)."""
    contexts: list[AppContext] = []

    def make(vault: Path | None, note: str = "", render_child: bool = False) -> MainWindow:
        context = window_context(settings_file, render_child)
        contexts.append(context)
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.restore_state()
        window.show()
        if vault is not None:
            with qtbot.waitSignal(window.note_shown, timeout=10_000):
                window.open_vault_path(vault, note)
        return window

    yield make
    for context in contexts:
        context.shutdown()
