"""Link hints: every visible link gets a one- or two-letter label; typing a label follows it."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTextBrowser, QWidget

HINT_LETTERS = "asdfghjklqwertyuiopzxcvbnm"
# How far a label above a link reaches into the link's line: the line's leading, above its letters.
_INTO_LINE = 3
_GAP = 2  # between a label and the link it stands before


def hint_labels(count: int) -> list[str]:
    """Labels that never start one another: single letters while they suffice, else two."""
    if count <= len(HINT_LETTERS):
        return list(HINT_LETTERS[:count])
    return ["".join(pair) for pair in product(HINT_LETTERS, repeat=2)][:count]


def visible_links(browser: QTextBrowser) -> list[tuple[QRect, str]]:
    """(rectangle in the viewport, href) of each link at least partly in view, top to bottom."""
    document = browser.document()
    viewport = browser.viewport().rect()
    start = browser.cursorForPosition(QPoint(0, 0)).block()
    found: list[tuple[QRect, str]] = []
    block = start.previous() if start.previous().isValid() else start
    last_end, last_href = -1, ""  # where the last link fragment ended, and its href
    while block.isValid():
        layout_rect = document.documentLayout().blockBoundingRect(block)
        top = int(layout_rect.top()) - browser.verticalScrollBar().value()
        if top > viewport.bottom():
            break
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            href = fmt.anchorHref() if fmt.isAnchor() else ""
            # A link whose text changes format ("[**a** b](x)") is several fragments in a row:
            # one link. Two links to one note with text between them are two.
            if href and not (href == last_href and fragment.position() == last_end):
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                rect = browser.cursorRect(cursor)
                if viewport.intersects(rect):
                    found.append((rect, href))
            last_end, last_href = fragment.position() + fragment.length(), href
            it += 1
        block = block.next()
    return found


class LinkHints(QObject):
    """Shows labels over ``host`` and listens to ``keyboard``'s keys until a label is typed or Esc."""

    def __init__(self, host: QWidget, keyboard: QWidget, targets: list[tuple[QRect, Callable[[], None]]],
                 place: Callable[[QSize, QRect], QPoint] | None = None) -> None:
        """``place``: where a label of a size goes for a target's rectangle (by default over the
        target's start)."""
        super().__init__(host)
        self._host = host
        self.typed = ""
        self.labels: dict[str, tuple[QLabel, Callable[[], None]]] = {}
        for label, (rect, follow) in zip(hint_labels(len(targets)), targets):
            badge = QLabel(label.upper(), host)
            badge.setObjectName("linkHint")  # the theme's style sheet colours it
            badge.adjustSize()
            badge.move(place(badge.size(), rect) if place else QPoint(max(0, rect.left() - 4), max(0, rect.top() - 2)))
            badge.show()
            badge.raise_()
            self.labels[label] = (badge, follow)
        self._focus = keyboard
        keyboard.installEventFilter(self)
        if not self.labels:
            self.cancel()

    @property
    def active(self) -> bool:
        return bool(self.labels)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.FocusOut:
            self.cancel()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if event.key() == Qt.Key.Key_Backspace:
            self.typed = self.typed[:-1]
            self._filter()
            return True
        text = event.text().lower()
        if len(text) == 1 and text in HINT_LETTERS:
            self.typed += text
            chosen = self.labels.get(self.typed)
            if chosen is not None:
                self.cancel()
                chosen[1]()
            elif not any(label.startswith(self.typed) for label in self.labels):
                self.cancel()
            else:
                self._filter()
            return True
        return True  # other keys do nothing while hints are shown

    def _filter(self) -> None:
        for label, (badge, _follow) in self.labels.items():
            badge.setVisible(label.startswith(self.typed))

    def cancel(self) -> None:
        for badge, _follow in self.labels.values():
            badge.deleteLater()
        self.labels = {}
        self._focus.removeEventFilter(self)
        self.deleteLater()


def _beside_link(browser: QTextBrowser) -> Callable[[QSize, QRect], QPoint]:
    """Labels beside the note's links, never over their text (a short link was hidden whole):
    before a link that starts its line (over the bullet or the margin), else above the link,
    its lower edge a few pixels into the link's line (below it when there is no room above)."""

    def place(badge: QSize, link: QRect) -> QPoint:
        y = link.center().y()
        before = QPoint(link.left() - badge.width() - _GAP, y - badge.height() // 2)
        starts_line = (browser.cursorForPosition(QPoint(before.x(), y)).position()
                       == browser.cursorForPosition(QPoint(link.left() + 1, y)).position())
        if before.x() >= 0 and starts_line:
            return before
        top = link.top() + _INTO_LINE - badge.height()
        return QPoint(max(0, link.left() - _GAP), top if top >= 0 else link.bottom() - _INTO_LINE)

    return place


def browser_hints(browser: QTextBrowser) -> LinkHints:
    """Hints for the links visible in the note view; following one acts like a click."""
    targets = [(rect, lambda href=href: browser.anchorClicked.emit(QUrl(href)))
               for rect, href in visible_links(browser)]
    return LinkHints(browser.viewport(), browser, targets, _beside_link(browser))


def item_view_hints(view: QAbstractItemView) -> LinkHints:
    """Hints for the visible rows of a list or tree (backlinks, outgoing links): a label
    activates its row as Enter would."""
    targets = []
    model = view.model()
    viewport = view.viewport().rect()

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            rect = view.visualRect(index)
            if rect.isValid() and viewport.intersects(rect) and not model.hasChildren(index):
                targets.append((rect, lambda index=index: view.activated.emit(index)))
            walk(index)

    walk(QModelIndex())
    return LinkHints(view.viewport(), view, targets)


class HintKey(QObject):
    """Pressing f (no modifier) in an item view starts its link hints."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.text() == "f"
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            item_view_hints(self._view)
            return True
        return False
