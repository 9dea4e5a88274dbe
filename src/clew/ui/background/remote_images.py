"""Remote images for the note view, when the user allows them: fetched off the GUI thread,
kept for the session (a bounded number), and announced when they arrive so the view can show them."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from clew.core.render.remote_fetch import fetch_image
from clew.ui.background.tasks import TaskRunner

_KEPT_IMAGES = 64


def _fetch_in_background(url: str, progress) -> bytes:  # noqa: ARG001 (a fetch is one call)
    return fetch_image(url)


class RemoteImages(QObject):
    """Answers ``image(url)`` from what has arrived; asks for the rest in the background."""

    arrived = Signal(str)        # the address of an image now available
    failed = Signal(str, str)    # address, why

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.allowed = False
        self._images: OrderedDict[str, QImage] = OrderedDict()
        self._asked: set[str] = set()

    def image(self, url: str) -> QImage | None:
        """The image at ``url`` if it has arrived; otherwise None, and a fetch starts if allowed."""
        if url in self._images:
            self._images.move_to_end(url)
            return self._images[url]
        if self.allowed and url not in self._asked:
            self._asked.add(url)
            self._tasks.run(_fetch_in_background, url, on_done=lambda data, url=url: self._on_fetched(url, data),
                            on_error=lambda error, url=url: self.failed.emit(url, str(error)))
        return None

    def _on_fetched(self, url: str, data: bytes) -> None:
        image = QImage.fromData(data)
        if image.isNull():
            self.failed.emit(url, "not an image Clew can show")
            return
        self._images[url] = image
        while len(self._images) > _KEPT_IMAGES:
            self._images.popitem(last=False)
        self.arrived.emit(url)
