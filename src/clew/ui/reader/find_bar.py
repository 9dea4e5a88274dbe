"""Find in note: a bar under the view; every match highlighted, the current one selected, a count."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QTextEdit, QToolButton, QWidget

_MAX_MATCHES = 5000


class FindBar(QWidget):
    """Enter / Shift+Enter (or F3 / Shift+F3 through the window's actions) go to the next /
    previous match; Esc closes the bar and gives the note the keyboard back."""

    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._browser = browser
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in note")
        self.count = QLabel(self)
        self.count.setMinimumWidth(90)
        previous = QToolButton(self, text="↑", toolTip="Previous match (Shift+Enter, Shift+F3)")
        following = QToolButton(self, text="↓", toolTip="Next match (Enter, F3)")
        close = QToolButton(self, text="✕", toolTip="Close (Esc)")
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (QLabel("Find:", self), self.edit, self.count, previous, following, close):
            layout.addWidget(widget)
        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(self)
        browser.document().contentsChanged.connect(self._on_document_changed)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        selected = self._browser.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus()
        self.edit.selectAll()
        self._search()

    def close_bar(self) -> None:
        self.hide()
        self._browser.setExtraSelections([])
        self._browser.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                backwards = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.find_previous() if backwards else self.find_next()
                return True
        return False

    def _on_document_changed(self) -> None:
        if self.isVisible():
            self._search()

    def _search(self) -> None:
        needle = self.edit.text()
        document = self._browser.document()
        self.matches, self.current = [], -1
        if needle:
            cursor = document.find(needle, 0)
            while not cursor.isNull() and len(self.matches) < _MAX_MATCHES:
                self.matches.append(cursor)
                cursor = document.find(needle, cursor)
        if self.matches:
            top = self._browser.cursorForPosition(self._browser.viewport().rect().topLeft()).position()
            self.current = next((i for i, c in enumerate(self.matches) if c.position() >= top), 0)
        self._show_current()

    def find_next(self) -> None:
        self._step(+1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if self.matches:
            self.current = (self.current + direction) % len(self.matches)
        self._show_current()

    def _show_current(self) -> None:
        everything = QTextCharFormat()
        everything.setBackground(QColor("#fff2a8"))
        this = QTextCharFormat()
        this.setBackground(QColor("#ff9632"))
        selections = []
        for i, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = this if i == self.current else everything
            selections.append(selection)
        self._browser.setExtraSelections(selections)
        if self.current >= 0:
            self._browser.setTextCursor(self.matches[self.current])
            self._browser.ensureCursorVisible()
            more = "+" if len(self.matches) >= _MAX_MATCHES else ""
            self.count.setText(f"{self.current + 1} of {len(self.matches)}{more}")
        else:
            self.count.setText("No matches" if self.edit.text() else "")
        self.edit.setStyleSheet("QLineEdit { background: #ffd6d6; color: #1f2328; }" if self.edit.text() and not self.matches else "")
