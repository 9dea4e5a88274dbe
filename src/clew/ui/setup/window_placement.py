"""Where the main window opens and how its width is first shared: sized for reading on any screen.

Pure geometry on the screen's available rectangle (device-independent pixels, so a 2800×1800
screen at scale 2 is 1400×900 here); the window applies it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

# The first window takes this much of the screen, centred...
SCREEN_SHARE = 0.8
# ...but no less than this where the screen allows: below it the note column is too narrow to read.
SMALLEST_FIRST = QSize(1024, 680)
# Files | note | backlinks, as shares of the window's width at first start.
PANE_SHARES = (0.20, 0.55, 0.25)
# The note column is never narrower than this many characters while a side pane is shown.
NOTE_COLUMN_CHARS = 40


def first_geometry(available: QRect) -> QRect:
    """The window's rectangle at first start on a screen with ``available`` room."""
    size = QSize(round(available.width() * SCREEN_SHARE), round(available.height() * SCREEN_SHARE))
    size = size.expandedTo(SMALLEST_FIRST).boundedTo(available.size())
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(available.center())
    return rect


def clamped(geometry: QRect, available: QRect) -> QRect:
    """``geometry`` moved and shrunk as little as needed to lie on the screen: a window saved on a
    larger screen opens whole on a smaller one, at the largest size that fits."""
    size = geometry.size().boundedTo(available.size())
    x = min(max(geometry.x(), available.left()), available.left() + available.width() - size.width())
    y = min(max(geometry.y(), available.top()), available.top() + available.height() - size.height())
    return QRect(QPoint(x, y), size)


def pane_sizes(width: int) -> list[int]:
    """The widths of the three panes at first start, for a window ``width`` wide."""
    return [round(width * share) for share in PANE_SHARES]


def fitted_sizes(sizes: list[int], width: int) -> list[int]:
    """Saved pane widths for a window ``width`` wide: kept where they fit; on a narrower window
    (a smaller screen) each shrinks by the same share, so the note keeps its part of the width."""
    total = sum(sizes)
    if total <= width or total <= 0:
        return sizes
    return [size * width // total for size in sizes]
