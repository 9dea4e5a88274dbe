"""Composition root: the QApplication, the AppContext, the window; and the screenshot mode."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from clew import __version__
from clew.ui.setup.context import AppContext
from clew.ui.main_window import MainWindow
from clew.ui.setup.resources import demo_vault, icon_path
from clew.ui.setup.screenshot_stage import ScreenshotStage, grab_window, set_stage
from clew.ui.settings import APPLICATION, ORGANIZATION, Settings
from clew.ui.widgets.plain_labels import make_labels_plain

_SCREENSHOT_TIMEOUT_MS = 60_000


def _application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("clew")
    app.setWindowIcon(QIcon(str(icon_path())))
    make_labels_plain(app)  # Fusion; no note text loads a file as a label's image
    return app


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def create_window(context: AppContext, vault: str | None, note: str | None) -> MainWindow:
    """The window on ``vault`` (else the last vault, else the demo vault), showing ``note``."""
    window = MainWindow(context)
    window.restore_state()
    folder = vault or context.settings.last_vault
    if not folder or not Path(folder).is_dir():
        folder = str(demo_vault())
    window.open_vault_path(folder, note or "")
    return window


def run_gui(vault: str | None = None, note: str | None = None, theme: str = "") -> int:
    """The app; ``theme`` ("light", "dark") overrides the remembered choice for this run."""
    app = _application(sys.argv[:1])
    context = AppContext.create()
    if theme:
        context.theme.choose(theme, remember=False)
    window = create_window(context, vault, note)
    window.show()
    code = app.exec()
    context.shutdown()
    return code


def take_screenshot(output: str, vault: str, note: str | None, size: tuple[int, int],
                    stage: ScreenshotStage = ScreenshotStage(), *, theme: str = "") -> int:
    """Open the window, wait until the vault is indexed and the note shown, set the ``stage``
    (a panel, a link preview), save a PNG, exit."""
    if _headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application(sys.argv[:1])
    # A throwaway settings file: a screenshot neither reads nor changes the user's state.
    scratch = tempfile.NamedTemporaryFile(suffix=".ini", delete=False)
    scratch.close()
    context = AppContext.create(Settings(QSettings(scratch.name, QSettings.Format.IniFormat)))
    if theme:
        context.theme.choose(theme, remember=False)
    window = create_window(context, vault, note)
    window.resize(*size)
    window.show()
    result = {"code": 1, "saving": False}

    def grab() -> None:
        app.processEvents()
        ok = grab_window(window).save(output, "PNG")
        if not ok:
            print(f"clew: could not write the screenshot to {output}", file=sys.stderr)
        result["code"] = 0 if ok else 1
        app.quit()

    def save() -> None:
        # The picture shows the backlinks' lines and the mentions found, not "reading…" or
        # "searching…".
        if window.links.reading:
            window.links.changed.connect(lambda _links: save(), Qt.ConnectionType.SingleShotConnection)
        elif window.backlinks.searching:
            window.backlinks.mentions_settled.connect(save, Qt.ConnectionType.SingleShotConnection)
        else:
            grab()

    def settled(*_args: object) -> None:
        if not result["saving"]:
            result["saving"] = True
            # Let the layout settle before grabbing.
            set_stage(window, stage, lambda: QTimer.singleShot(300, save),
                      lambda problem: print(f"clew: {problem}", file=sys.stderr))

    window.note_shown.connect(settled)
    window.session.indexed.connect(lambda: None if window.note_view.current_path else settled())

    def too_slow() -> None:
        print("clew: the vault did not finish loading in time; saving the window as it is", file=sys.stderr)
        grab()

    QTimer.singleShot(_SCREENSHOT_TIMEOUT_MS, too_slow)
    app.exec()
    window.close()
    context.shutdown()
    os.unlink(scratch.name)
    return result["code"]
