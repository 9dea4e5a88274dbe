"""The note view's browser: a QTextBrowser that reads images only from inside the vault's boundary
(formulas from Clew's cache, ``data:`` URLs, remote images the user allowed) and keeps them
sized to the reading column."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QWidget

from clew.core.vault.cache_dir import formula_cache_dir
from clew.core.vault.files import Vault
from clew.ui.background.remote_images import RemoteImages
from clew.ui.reader.file_urls import data_url_bytes, held_file, local_path
from clew.ui.reader.image_fit import fit_images
from clew.ui.reader.typography import ReadingColumn


class NoteBrowser(QTextBrowser):
    """A QTextBrowser that reads images only from inside the vault's boundary (and formulas from
    Clew's cache) and scales them to the text column."""

    painted = Signal(int)  # a page was drawn: its number (see set_html)

    def __init__(self, parent: QWidget | None = None, remote: RemoteImages | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.math_dir = formula_cache_dir()
        self.remote = remote
        self.column = ReadingColumn(self)
        self.column.applied.connect(self._fit_images)
        self._has_images = False
        self.refused: list[Path] = []  # the page's images outside the vault, not read
        self.page_number = 0  # of the pages set: a paint reports which it drew
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def loadResource(self, kind: int, url: QUrl):  # noqa: N802 (Qt override)
        """Only images: from inside the vault, formulas from Clew's cache, ``data:`` URLs and remote
        images the user allowed. Anything refused is an empty resource, never None: given None, Qt
        opens the path itself; an image that cannot be had is a transparent pixel (below)."""
        if kind != QTextDocument.ResourceType.ImageResource:
            return QByteArray()  # a note brings no style sheets or pages of its own
        image = self._image(url)
        # Never a null image: Qt sizes an <img width=16> it cannot load by the image's proportions,
        # 0/0, and the page's height came out negative: the whole note was blank.
        return self._fitted(image) if not image.isNull() else _transparent_pixel()

    def _image(self, url: QUrl) -> QImage:
        if url.scheme() in ("http", "https"):  # only present when the user allows remote images
            image = self.remote.image(url.toString()) if self.remote else None
            return image if image is not None else QImage()
        if url.scheme() == "data":
            return QImage.fromData(data_url_bytes(url))
        path = local_path(url)
        if path is not None and self._is_formula(path):
            return self._formula(path)
        held = held_file(self.vault, url)
        if held is None and path is not None and path.exists():
            self.refused.append(path)
        return QImage(str(held)) if held is not None else QImage()

    def _is_formula(self, path: Path) -> bool:
        """True for a formula's SVG in Clew's cache: the one place outside the vault images come from."""
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return False
        return real.parent == self.math_dir.resolve() and real.suffix == ".svg"

    def _formula(self, path: Path) -> QImage:
        """A formula's SVG drawn at the screen's pixel density, so it is as sharp as the text."""
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return QImage()
        ratio = self.devicePixelRatioF()
        image = QImage(renderer.defaultSize() * ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.setDevicePixelRatio(ratio)
        return image

    def _fitted(self, image: QImage) -> QImage:
        """``image`` no wider than the screen: the page draws it at the column's width
        (image_fit), and keeps no more pixels than the widest column could show."""
        screen = self.screen()
        widest = screen.availableGeometry().width() * screen.devicePixelRatio() if screen else 4096
        if not image.isNull() and image.width() > widest:
            image = image.scaledToWidth(int(widest), Qt.TransformationMode.SmoothTransformation)
        return image

    def _fit_images(self) -> None:
        if self._has_images:
            fit_images(self.document(), self.column.width)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        self.painted.emit(self.page_number)

    def set_html(self, markup: str) -> None:
        """Show ``markup`` in the reading column."""
        self.page_number += 1
        self.refused = []
        self._has_images = "<img" in markup
        self.setHtml(markup)
        self.column.apply()


def _transparent_pixel() -> QImage:
    pixel = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
    pixel.fill(Qt.GlobalColor.transparent)
    return pixel
