"""A heartbeat for window tests: the longest the event loop went without answering."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer

BEAT_MS = 10
# The most a hostile note may hold the event loop (issue 18): a window that still answers.
MOST_STALL_MS = 2000


class Heartbeat:
    """Beats every BEAT_MS while running; ``worst_ms`` is the longest gap beyond a beat, the
    longest the window could not have answered a key or a paint."""

    def __init__(self) -> None:
        self._clock = QElapsedTimer()
        self._timer = QTimer()
        self._timer.timeout.connect(self._beat)
        self.worst_ms = 0.0

    def __enter__(self) -> "Heartbeat":
        self._clock.start()
        self._timer.start(BEAT_MS)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._beat()
        self._timer.stop()

    def _beat(self) -> None:
        self.worst_ms = max(self.worst_ms, self._clock.restart() - BEAT_MS)
