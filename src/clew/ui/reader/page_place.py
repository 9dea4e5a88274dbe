"""Where a page puts the reader once it is set: back at a scroll value, at the rendered form of a
source line, or at the top; and kept there while the page grows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtWidgets import QTextBrowser

_MARKUP_RE = re.compile(r"!?\[\[([^\]|]*\|)?([^\]]*)\]\]|!?\[([^\]]*)\]\([^)]*\)|[*_`>#~=]+|^\s*(?:[-+]|\d+[.)])\s+")


def visible_text(markdown_line: str) -> str:
    """Roughly what a Markdown line looks like once rendered, to find it in the document."""
    def keep(m: re.Match[str]) -> str:
        return m.group(2) or m.group(3) or ""

    return " ".join(_MARKUP_RE.sub(keep, markdown_line).split())


@dataclass(frozen=True)
class Place:
    """Where the reader goes on a page asked for (NoteView.show_note's arguments): a scroll
    value (a refresh, history), else a fragment, else a source ``line`` found by its text
    ``context``, else the top."""

    scroll: int | None = None
    fragment: str = ""
    line: int = 0
    context: str = ""


class PagePlacer:
    """Scrolls ``browser``'s page to a place. The page may still grow once set (the reading
    column is set after Qt's own layout, images arrive): until it is tall enough, each growth
    brings the reader nearer a scroll value it was too short for, unless the reader moves."""

    def __init__(self, browser: QTextBrowser) -> None:
        self._browser = browser
        self._growing_to: int | None = None  # a scroll value the page was too short for, so far
        self.reader_moved = False  # the reader scrolled since the last page was asked for
        bar = browser.verticalScrollBar()
        bar.rangeChanged.connect(self._on_page_grew)
        bar.actionTriggered.connect(self._on_reader_scrolled)

    def forget(self) -> None:
        """Another page is asked for: the last one's place no longer pulls the reader."""
        self._growing_to = None
        self.reader_moved = False

    def scroll_to(self, value: int) -> None:
        bar = self._browser.verticalScrollBar()
        bar.setValue(value)
        self._growing_to = value if bar.value() < value else None

    def to_source_line(self, line: int, context: str, after_title: bool) -> None:
        """Put the rendered form of source ``line`` (whose text is ``context``) in view; not
        looked for in the page's inline title (``after_title``): a line's first words may be in
        the file name too (a backlink line "[[neurips_2025]] …" in the note neurips_2025_day4).
        Not found, the place is guessed from the line's number."""
        browser = self._browser
        text = visible_text(context)
        document = browser.document()
        start = document.firstBlock().next().position() if after_title else 0
        bar = browser.verticalScrollBar()
        for length in (60, 30, 12):
            needle = text[:length].strip()
            if len(needle) < 4:
                continue
            found = document.find(needle, start)
            if not found.isNull():
                browser.setTextCursor(found)
                browser.ensureCursorVisible()
                bar.setValue(bar.value() + browser.cursorRect().top() - browser.viewport().height() // 3)
                return
        lines = max(1, document.blockCount())
        bar.setValue(int(bar.maximum() * min(1.0, line / lines)))

    def _on_page_grew(self, _minimum: int, maximum: int) -> None:
        if self._growing_to is not None:
            self._browser.verticalScrollBar().setValue(min(self._growing_to, maximum))
            if maximum >= self._growing_to:
                self._growing_to = None

    def _on_reader_scrolled(self, _action: int) -> None:
        self._growing_to = None  # the reader moved: the page no longer pulls them anywhere
        self.reader_moved = True
