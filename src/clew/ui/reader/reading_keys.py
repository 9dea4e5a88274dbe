"""Keys for reading in the note view: j/k, Space, g g / G, [ / ], f for link hints; and zoom."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTextBrowser

from clew.ui.reader.doc_headings import current_heading, document_headings, heading_top, scroll_to_heading

# What the cheat sheet shows for the view's own keys (they act only while the note has focus).
READING_KEYS: tuple[tuple[str, str], ...] = (
    ("j / ↓", "Scroll down"),
    ("k / ↑", "Scroll up"),
    ("Space / Shift+Space", "Page down / up"),
    ("g g / G", "Top / bottom of the note"),
    ("[ / ]", "Previous / next heading"),
    ("f", "Link hints: type a link's letters to follow it (Esc cancels)"),
    ("Tab / Shift+Tab, Enter", "Move between links, follow the selected one"),
    ("Back / Forward mouse buttons", "Back / forward in history"),
)

_ZOOM_KEY = "preferences/zoom"
_ZOOM_LIMIT = 12


def _typed(event: QKeyEvent, shift: bool) -> str:
    """The character of a key press; from the key code when the event carries no text (as
    synthetic events may not)."""
    text = event.text()
    if text and text.isprintable():
        return text.upper() if shift and text.islower() else text
    key = event.key()
    if Qt.Key.Key_A <= key <= Qt.Key.Key_Z:
        letter = chr(key)
        return letter if shift else letter.lower()
    return ""


class ReadingKeys(QObject):
    """An event filter on the note's QTextBrowser; ``on_hints`` starts link hints."""

    def __init__(self, browser: QTextBrowser, on_hints) -> None:
        super().__init__(browser)
        self._browser = browser
        self._on_hints = on_hints
        self._pending_g = False
        browser.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers & ~Qt.KeyboardModifier.ShiftModifier:
            self._pending_g = False
            return False
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        return self._handle(_typed(event, shift), event.key(), shift)

    def _handle(self, text: str, key: int, shift: bool) -> bool:
        bar = self._browser.verticalScrollBar()
        pending_g, self._pending_g = self._pending_g, False
        if text == "g":
            if pending_g:
                bar.setValue(bar.minimum())
            else:
                self._pending_g = True
            return True
        actions = {
            "j": lambda: bar.setValue(bar.value() + bar.singleStep() * 3),
            "k": lambda: bar.setValue(bar.value() - bar.singleStep() * 3),
            "G": lambda: bar.setValue(bar.maximum()),
            "[": lambda: self.jump_heading(-1),
            "]": lambda: self.jump_heading(+1),
            "f": self._on_hints,
        }
        if text in actions:
            actions[text]()
            return True
        if key == Qt.Key.Key_Space:
            bar.setValue(bar.value() + (-1 if shift else 1) * bar.pageStep())
            return True
        return False

    def jump_heading(self, direction: int) -> None:
        headings = document_headings(self._browser)
        if not headings:
            return
        here = current_heading(self._browser, headings)
        top = self._browser.verticalScrollBar().value()
        if direction > 0:
            target = next((h for h in headings if heading_top(self._browser, h) > top + 8), None)
        else:
            before = [h for h in headings if heading_top(self._browser, h) < top - 8]
            target = before[-1] if before else None
            if here is not None and heading_top(self._browser, here) < top - 8:
                target = here
        if target is not None:
            scroll_to_heading(self._browser, target)


class ViewZoom:
    """Zoom steps of the note's font, remembered in the settings file."""

    def __init__(self, browser: QTextBrowser, store: QSettings) -> None:
        self._browser = browser
        self._store = store
        self._base = browser.font().pointSizeF()
        self.steps = 0
        self.set_steps(int(store.value(_ZOOM_KEY, 0) or 0))

    def set_steps(self, steps: int) -> None:
        self.steps = max(-_ZOOM_LIMIT // 2, min(_ZOOM_LIMIT, steps))
        font = self._browser.font()
        font.setPointSizeF(max(4.0, self._base * (1.1 ** self.steps)))
        self._browser.setFont(font)
        self._browser.document().setDefaultFont(font)
        self._store.setValue(_ZOOM_KEY, self.steps)

    def zoom_in(self) -> None:
        self.set_steps(self.steps + 1)

    def zoom_out(self) -> None:
        self.set_steps(self.steps - 1)

    def reset(self) -> None:
        self.set_steps(0)
