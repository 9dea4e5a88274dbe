"""Images sized to the reading column, again whenever the column's width changes.

Qt's rich text keeps an image at the size its first layout gave it; there is no CSS
``max-width``. Each image's format gets an explicit size instead: the size the note asked for
(or the image's own), scaled down to the column where it is wider. What the note asked for is
kept on the format, so a column that grows gives the image back its room. A small image (an icon
in a sentence) is centred on its line's text."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QFontMetricsF, QImage, QPixmap, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat, QTextImageFormat,
)

# The size the note's HTML gave the image (0 = none), kept on the format the first time it is fitted.
_ASKED_WIDTH = QTextFormat.Property.UserProperty + 1
_ASKED_HEIGHT = QTextFormat.Property.UserProperty + 2
# An image no taller than this many lines of its text is centred on the text (``_alignment``).
_ICON_LINES = 2


def _natural_size(document: QTextDocument, name: str) -> tuple[float, float] | None:
    resource = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
    if isinstance(resource, (QImage, QPixmap)) and not resource.isNull():
        ratio = resource.devicePixelRatio() or 1.0
        return resource.width() / ratio, resource.height() / ratio
    return None


def fitted_size(asked: tuple[float, float], natural: tuple[float, float], column: float) -> tuple[int, int]:
    """The size to draw an image at: ``asked`` (width, height; 0 = not given) with the missing
    side from the ``natural`` size's proportions, scaled down to ``column`` where wider."""
    asked_width, asked_height = asked
    natural_width, natural_height = natural
    if asked_width and asked_height:
        width, height = asked_width, asked_height
    elif asked_width:
        width, height = asked_width, natural_height * asked_width / natural_width
    elif asked_height:
        width, height = natural_width * asked_height / natural_height, asked_height
    else:
        width, height = natural_width, natural_height
    if width > column > 0:
        width, height = column, height * column / width
    return round(width), round(height)


def _alignment(height: float, line: float) -> QTextCharFormat.VerticalAlignment:
    """How an image sits in its line: one no taller than two lines of its text (an icon, a small
    picture in a sentence) is centred on the text, as a reader expects; Qt's default puts its
    bottom on the baseline, and an icon stood above the words around it. A bigger one keeps its
    bottom on the baseline, as Obsidian draws it."""
    if height <= _ICON_LINES * line:
        return QTextCharFormat.VerticalAlignment.AlignMiddle
    return QTextCharFormat.VerticalAlignment.AlignNormal


def fit_images(document: QTextDocument, column: float) -> int:
    """Give every image in ``document`` its size for a column ``column`` pixels wide; the number
    of images whose size changed."""
    changes: list[tuple[int, int, QTextImageFormat]] = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                image = fragment.charFormat().toImageFormat()
                natural = _natural_size(document, image.name())
                if natural is not None and min(natural) > 0:
                    if not image.hasProperty(_ASKED_WIDTH):
                        image.setProperty(_ASKED_WIDTH, max(0.0, image.width()))
                        image.setProperty(_ASKED_HEIGHT, max(0.0, image.height()))
                    asked = (float(image.property(_ASKED_WIDTH)), float(image.property(_ASKED_HEIGHT)))
                    width, height = fitted_size(asked, natural, column)
                    align = _alignment(height, QFontMetricsF(image.font()).height())
                    if (image.width(), image.height(), image.verticalAlignment()) != (width, height, align):
                        image.setWidth(width)
                        image.setHeight(height)
                        image.setVerticalAlignment(align)
                        changes.append((fragment.position(), fragment.length(), image))
            fragments += 1
        block = block.next()
    cursor = QTextCursor(document)
    for position, length, image in changes:
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)
    return len(changes)
