"""Reading typography in the note view: the font stack, and a centred column of readable width.

QTextBrowser has no CSS ``max-width``; the column is the document's root frame with left and
right margins computed from the viewport's width, again on every resize and font change."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetricsF, QTextDocument
from PySide6.QtWidgets import QTextBrowser

# Characters in a line of the column: 70-80 reads best; 75 of an average lowercase width.
MEASURE_CHARS = 75
MIN_SIDE_MARGIN = 16.0
# The note's text is set this much larger than the UI's (9 pt -> 10.5 pt).
READING_SCALE = 1.15
_SAMPLE = "the quick brown fox jumps over a lazy dog"
_CJK_BY_LOCALE = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR", "zh_TW": "Noto Sans CJK TC",
                  "zh_HK": "Noto Sans CJK HK"}
_EMOJI_FONTS = ("Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji")


def font_families(ui_family: str, locale: QLocale) -> list[str]:
    """The note's fonts in order: the system UI font for Latin and Cyrillic, Noto CJK (the
    locale's variant: Han characters differ between Chinese, Japanese and Korean) and a colour
    emoji font where installed. Qt falls back per character down the list."""
    installed = set(QFontDatabase.families())
    language = locale.name().split("_")[0]
    cjk = _CJK_BY_LOCALE.get(locale.name(), _CJK_BY_LOCALE.get(language, "Noto Sans CJK SC"))
    wanted = [ui_family, "Noto Sans", cjk, *_EMOJI_FONTS]
    return [family for i, family in enumerate(wanted) if (family in installed or i == 0) and family not in wanted[:i]]


def note_font(base: QFont) -> QFont:
    """``base`` (the UI font) a little larger, as reading text is, with the font stack."""
    font = QFont(base)
    font.setPointSizeF(round(base.pointSizeF() * READING_SCALE * 2) / 2)
    # The family it resolves to: an alias such as "Sans Serif" is no family of its own in a list.
    font.setFamilies(font_families(QFontInfo(base).family(), QLocale()))
    return font


# What a character of prose measures where the note must keep room for some: an average over our
# readers' languages, not one letter.
_PROSE_SAMPLE = "The quick brown fox jumps over the lazy dog. Съешь же ещё этих мягких булок."


def prose_char_width(font: QFont) -> float:
    """The average width of a character of prose (English and Russian) in ``font``."""
    return QFontMetricsF(font).horizontalAdvance(_PROSE_SAMPLE) / len(_PROSE_SAMPLE)


def column_margin(viewport_width: float, document: QTextDocument, full_width: bool) -> float:
    """The left (and right) margin that centres a column of MEASURE_CHARS characters."""
    if full_width:
        return MIN_SIDE_MARGIN
    metrics = QFontMetricsF(document.defaultFont())
    measure = metrics.horizontalAdvance(_SAMPLE) / len(_SAMPLE) * MEASURE_CHARS
    return max(MIN_SIDE_MARGIN, (viewport_width - measure) / 2)


class ReadingColumn(QObject):
    """Keeps ``browser``'s text in a centred column (or full width) as the view is resized."""

    applied = Signal()  # the column was set for the view's width and font (changed or not)

    def __init__(self, browser: QTextBrowser, full_width: bool = False) -> None:
        super().__init__(browser)
        self._browser = browser
        self.full_width = full_width
        # After Qt has handled a resize (it lays the document out again for the new width).
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.apply)
        browser.viewport().installEventFilter(self)
        browser.installEventFilter(self)  # zoom changes the font, and so the column's width

    @property
    def width(self) -> float:
        """The width of the text column, for scaling images to it."""
        margin = column_margin(self._browser.viewport().width(), self._browser.document(), self.full_width)
        return self._browser.viewport().width() - 2 * margin

    def set_full_width(self, full_width: bool) -> None:
        self.full_width = full_width
        self.apply()

    def apply(self) -> None:
        """Set the margins; after each setHtml too, which resets the root frame."""
        document = self._browser.document()
        margin = column_margin(self._browser.viewport().width(), document, self.full_width)
        root = document.rootFrame()
        frame = root.frameFormat()
        if abs(frame.leftMargin() - margin) >= 0.5 or abs(frame.rightMargin() - margin) >= 0.5:
            self._set_margin(margin)
        self.applied.emit()

    def _set_margin(self, margin: float) -> None:
        document = self._browser.document()
        root = document.rootFrame()
        frame = root.frameFormat()
        bar = self._browser.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        frame.setLeftMargin(margin)
        frame.setRightMargin(margin)
        root.setFrameFormat(frame)
        # A frame change lays the document out again lazily, as it is drawn; lay it out to the
        # end now, as setHtml does, so positions (links for hints, headings) are true at once.
        document.documentLayout().blockBoundingRect(document.lastBlock())
        bar.setValue(round(fraction * bar.maximum()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self._pending.start()
        return False
