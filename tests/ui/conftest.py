"""Fixtures of the window tests: a shown MainWindow on a vault, with its own settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from clew.ui.settings import Settings


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "clew-settings.ini"


@pytest.fixture
def make_window(qtbot, settings_file):
    """Factory: a shown MainWindow on ``vault`` (optionally at ``note``), indexed and rendered."""
    contexts: list[AppContext] = []

    def make(vault: Path | None, note: str = "") -> MainWindow:
        context = AppContext.create(Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)))
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
