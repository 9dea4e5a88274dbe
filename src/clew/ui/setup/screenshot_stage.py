"""Setting the window up for `clew --screenshot`: a panel brought forward, a link preview opened,
and the picture taken with the preview (its own window) painted in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QPainter, QPixmap

from clew.ui.reader.hover_preview import find_link
from clew.ui.main_window import MainWindow


@dataclass(frozen=True)
class ScreenshotStage:
    """``panel`` (a tab's name in lower case) to show; ``hover``: the text of the link whose
    preview is open."""

    panel: str = ""
    hover: str = ""


def panels(window: MainWindow) -> dict:
    """The panels a screenshot can bring forward, by the name on their tabs (cli.PANELS)."""
    return {"files": window.tree, "search": window.search_panel, "tags": window.tags,
            "backlinks": window.backlinks, "outgoing": window.outgoing, "outline": window.outline,
            "graph": window.graph}


def set_stage(window: MainWindow, stage: ScreenshotStage, ready: Callable[[], None],
              complain: Callable[[str], None]) -> None:
    """Bring the panel forward and open the preview, then call ``ready`` once both are drawn."""
    waiting = {"graph": stage.panel == "graph", "hover": bool(stage.hover)}

    def part_done(part: str) -> None:
        if waiting[part]:
            waiting[part] = False
            if not any(waiting.values()):
                ready()

    if stage.panel:
        if waiting["graph"]:
            window.graph.drawn.connect(lambda: part_done("graph"))
        window.show_side_panel(panels(window)[stage.panel])
    if stage.hover:
        window.hover.shown.connect(lambda _href: part_done("hover"))
        # After the panel's layout settled, so the link's place is where it will be drawn.
        QTimer.singleShot(50, lambda: _open_preview(window, stage.hover, complain, lambda: part_done("hover")))
    if not any(waiting.values()):
        ready()


def _open_preview(window: MainWindow, text: str, complain: Callable[[str], None],
                  give_up: Callable[[], None]) -> None:
    found = find_link(window.note_view.browser, text)
    if found is None:
        complain(f"no link with the text {text!r} in the note; no preview shown")
        give_up()
        return
    browser = window.note_view.browser
    bar = browser.verticalScrollBar()
    bar.setValue(bar.value() + found[1].top() - browser.viewport().height() * 2 // 3)  # room above it
    href, rect = find_link(browser, text) or found
    window.hover.show_link(href, QRect(browser.viewport().mapToGlobal(rect.topLeft()), rect.size()))


def grab_window(window: MainWindow) -> QPixmap:
    """The window as shown, with the link preview (a window of its own) painted where it is."""
    picture = window.grab()
    popup = window.hover.popup
    if popup.isVisible():
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
        painter.end()
    return picture
