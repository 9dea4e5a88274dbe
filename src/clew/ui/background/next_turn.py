"""A value handed on to a slot on the event loop's next turn, by a zero-ms timer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

_NOTHING = object()


class NextTurn(QObject):
    """Hands the value ``give``n to ``then`` on the event loop's next turn: what follows a paint
    or a slot is then a run of work of its own, which input and timers can come before. A value
    given again before then replaces the one due."""

    def __init__(self, then: Callable[[Any], None], parent: QObject) -> None:
        super().__init__(parent)
        self._then = then
        self._due: Any = _NOTHING
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._hand_on)

    @property
    def pending(self) -> bool:
        return self._due is not _NOTHING

    def give(self, value: Any) -> None:
        self._due = value
        self._timer.start()

    def cancel(self) -> None:
        self._due = _NOTHING
        self._timer.stop()

    def _hand_on(self) -> None:
        value, self._due = self._due, _NOTHING
        if value is not _NOTHING:
            self._then(value)
