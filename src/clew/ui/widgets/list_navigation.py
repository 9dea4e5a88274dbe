"""Arrow and page keys typed in a filter box move through the list under it (switcher, palette, search)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget


class ListNavigation(QObject):
    """Up/Down/PageUp/PageDown typed in a line edit move the current row of a list."""

    def __init__(self, edit: QLineEdit, listing: QListWidget) -> None:
        super().__init__(edit)
        self._listing = listing
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        keys = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in keys:
            self._listing.keyPressEvent(event)
            return True
        return False
