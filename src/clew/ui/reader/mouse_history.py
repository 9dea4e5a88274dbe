"""The mouse's back and forward buttons go back and forward in history, over any pane."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget


class MouseHistory(QObject):
    """Installed on each widget that takes mouse presses (item views' and the browser's viewports)."""

    def __init__(self, widgets: list[QWidget], back: Callable[[], None], forward: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._back, self._forward = back, forward
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.BackButton:
                self._back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self._forward()
                return True
        return False
