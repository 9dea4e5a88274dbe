"""The focused pane is marked: a coloured bar along its top edge follows the keyboard focus;
F6 / Shift+F6 cycle the panes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

_BAR_HEIGHT = 3


class FocusMark(QObject):
    """Watches the application's focus and draws the bar on whichever of ``panes`` holds it."""

    def __init__(self, panes: list[QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panes = panes
        self.marked: QWidget | None = None
        self.bar = QWidget()
        self.bar.setObjectName("focusMark")
        self.bar.setStyleSheet("background-color: #2d6cdf;")
        self.bar.hide()
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        for pane in panes:
            pane.installEventFilter(self)

    def pane_of(self, widget: QWidget | None) -> QWidget | None:
        while widget is not None:
            if widget in self.panes:
                return widget
            widget = widget.parentWidget()
        return None

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        pane = self.pane_of(new)
        if pane is None:
            return  # focus went to a popup or elsewhere: the last pane stays marked
        self.marked = pane
        self.bar.setParent(pane)
        self._place()
        self.bar.show()
        self.bar.raise_()

    def _place(self) -> None:
        if self.marked is not None:
            self.bar.setGeometry(0, 0, self.marked.width(), _BAR_HEIGHT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.marked and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def cycle(self, step: int) -> None:
        """Give the keyboard to the next (or previous) visible pane."""
        shown = [p for p in self.panes if p.isVisible()]
        if not shown:
            return
        current = self.pane_of(QApplication.focusWidget())
        at = shown.index(current) if current in shown else -1
        target = shown[(at + step) % len(shown)]
        if isinstance(target, QTabWidget) and target.currentWidget() is not None:
            target = target.currentWidget()
        target.setFocus()

    def shutdown(self) -> None:
        QApplication.instance().focusChanged.disconnect(self._on_focus_changed)
