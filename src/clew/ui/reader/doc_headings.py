"""The headings of the document a QTextBrowser shows (Qt keeps <h1>-<h6> as heading levels), and
scrolling to them: what the outline panel and the `[` / `]` keys use."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser


@dataclass(frozen=True)
class DocHeading:
    level: int
    text: str
    position: int  # the heading block's position in the document


def document_headings(browser: QTextBrowser) -> list[DocHeading]:
    found = []
    block = browser.document().begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level > 0 and block.text().strip():
            found.append(DocHeading(level, block.text().strip(), block.position()))
        block = block.next()
    return found


def heading_top(browser: QTextBrowser, heading: DocHeading) -> int:
    """The scroll value that puts ``heading`` at the top of the view."""
    block = browser.document().findBlock(heading.position)
    return int(browser.document().documentLayout().blockBoundingRect(block).top())


def scroll_to_heading(browser: QTextBrowser, heading: DocHeading) -> None:
    browser.verticalScrollBar().setValue(heading_top(browser, heading))
    cursor = QTextCursor(browser.document().findBlock(heading.position))
    browser.setTextCursor(cursor)


def current_heading(browser: QTextBrowser, headings: list[DocHeading]) -> DocHeading | None:
    """The heading of the section being read: the last one at or above the top of the view
    (a few lines of slack, so a heading just scrolled to counts)."""
    top = browser.verticalScrollBar().value() + 8
    current = None
    for heading in headings:
        if heading_top(browser, heading) <= top:
            current = heading
        else:
            break
    return current
