"""The side panes hidden and shown again by actions, the choice remembered in the settings; and
hidden for a while when the window is too narrow for them and the note."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

_HIDDEN_KEY = "state/hidden_panes"
# The tooltip of each panel's tab, by the tab's title.
TAB_TIPS = {
    "Files": "The vault's folders and notes (Ctrl+1)",
    "Search": "Search the text of every note (Ctrl+Shift+F)",
    "Tags": "The vault's tags and their notes (Ctrl+Shift+T)",
    "Backlinks": "The notes that link to this one, and its unlinked mentions (Ctrl+3)",
    "Outgoing": "This note's links: where each goes and how, or why it goes nowhere (Ctrl+4)",
    "Outline": "This note's headings (Ctrl+Shift+L)",
    "Graph": "This note among the notes it links to and that link to it (Ctrl+Alt+G)",
}
# The width a pane gets back when it was dragged shut before it is shown again.
_REOPEN_WIDTH = 280


class PaneToggles:
    """Each pane (by name) is a child of ``splitter`` with a checkable action: checked = shown.
    ``note`` is the splitter's other child, the one the panes make room for: it is never narrower
    than ``note_width()`` while a pane is shown. A pane shown again comes back as wide as it was."""

    def __init__(self, splitter: QSplitter, panes: dict[str, tuple[QWidget, QAction]], store: QSettings,
                 note: QWidget, note_width: Callable[[], int]) -> None:
        self._splitter = splitter
        self._panes = panes
        self._store = store
        self._note = note
        self._note_width = note_width
        self._widths: dict[str, int] = {}  # each pane's width when it was last shown
        self._squeezed: list[str] = []  # panes hidden for want of room, in the order they went
        hidden = set(store.value(_HIDDEN_KEY, []) or [])
        for name, (pane, action) in panes.items():
            pane.setVisible(name not in hidden)
            action.setChecked(name not in hidden)
        splitter.splitterMoved.connect(self._keep_note_width)

    def set_shown(self, name: str, shown: bool) -> None:
        if name in self._squeezed:
            self._squeezed.remove(name)
        self._show(name, shown)
        self._store.setValue(_HIDDEN_KEY, [n for n, (p, _a) in self._panes.items()
                                           if p.isHidden() and n not in self._squeezed])

    def _show(self, name: str, shown: bool) -> None:
        pane, action = self._panes[name]
        focus = pane.window().focusWidget()
        if not shown:
            if focus is not None and pane.isAncestorOf(focus):
                self._note.setFocus()  # the keyboard must not vanish with the pane
            if pane.isVisible() and pane.width() > 0:
                self._widths[name] = pane.width()
        pane.setVisible(shown)
        action.setChecked(shown)
        if shown:
            self._reopen(pane, self._widths.get(name, _REOPEN_WIDTH))

    def widths(self) -> list[int]:
        """The splitter's sizes, a hidden pane's as it was last shown: what to save."""
        sizes = self._splitter.sizes()
        for name, (pane, _action) in self._panes.items():
            at = self._splitter.indexOf(pane)
            if pane.isHidden() and at >= 0:
                sizes[at] = self._widths.get(name, _REOPEN_WIDTH)
        return sizes

    def remember_widths(self, widths: list[int]) -> list[int]:
        """Take saved ``widths`` (as ``widths()`` gave them); the sizes to give the splitter now,
        0 for a hidden pane."""
        sizes = list(widths)
        for name, (pane, _action) in self._panes.items():
            at = self._splitter.indexOf(pane)
            if 0 <= at < len(sizes):
                self._widths[name] = sizes[at] or _REOPEN_WIDTH
                if pane.isHidden():
                    sizes[at] = 0
        return sizes

    def fit(self) -> None:
        """After the window's width changed: while the note would be narrower than it must be,
        hide the right pane, then the left; bring them back, the last hidden first, once the
        window has room for them again. Panes hidden so are not remembered as the user's choice:
        the next start fits them again to the window it has."""
        least = self._note_width()
        handle = self._splitter.handleWidth()
        shown = {name: pane.width() for name, (pane, _a) in self._panes.items() if pane.isVisible()}
        room = self._splitter.width() - sum(shown.values()) - handle * len(shown)
        squeezing = room < least
        for name in ("right", "left"):
            if room >= least:
                break
            if name in shown:
                self._show(name, False)
                self._squeezed.append(name)
                room += shown[name] + handle
        if squeezing:
            # The panes left keep the widths they were squeezed to and the note takes the rest:
            # the splitter would otherwise hand its old width back to a pane.
            sizes = [pane.width() if pane.isVisible() else 0 for pane in map(self._splitter.widget,
                                                                            range(self._splitter.count()))]
            note = self._splitter.indexOf(self._note)
            sizes[note] = room
            self._splitter.setSizes(sizes)
            return
        while self._squeezed:
            name = self._squeezed[-1]
            width = self._widths.get(name, _REOPEN_WIDTH)
            if room - width - handle < least:
                break
            self._squeezed.pop()
            self._show(name, True)
            room -= width + handle

    def _keep_note_width(self, _pos: int, handle: int) -> None:
        """A handle dragged into the note stops where the note keeps its least width."""
        sizes = self._splitter.sizes()
        note = self._splitter.indexOf(self._note)
        short = self._note_width() - sizes[note]
        side = note - 1 if handle == note else note + 1
        if short > 0 and 0 <= side < len(sizes) and sizes[side] > 0:
            given = min(short, sizes[side])
            sizes[side] -= given
            sizes[note] += given
            self._splitter.setSizes(sizes)

    def reveal(self, pane: QWidget) -> None:
        """Show ``pane`` if it is hidden (a panel of it was asked for)."""
        for name, (candidate, _action) in self._panes.items():
            if candidate is pane and pane.isHidden():
                self.set_shown(name, True)

    def _reopen(self, pane: QWidget, width: int) -> None:
        at = self._splitter.indexOf(pane)
        sizes = self._splitter.sizes()
        if at >= 0 and sizes[at] == 0:
            widest = max(range(len(sizes)), key=sizes.__getitem__)
            sizes[at] = width
            sizes[widest] = max(0, sizes[widest] - width)
            self._splitter.setSizes(sizes)


def side_tabs(parent: QWidget, name: str) -> QTabWidget:
    """A pane's tabs. In a narrow pane the titles shorten ("Backl…") rather than hide behind
    scroll arrows: every tab stays one click away."""
    tabs = QTabWidget(parent)
    tabs.setObjectName(name)
    tabs.setDocumentMode(True)
    tabs.setUsesScrollButtons(False)
    tabs.setElideMode(Qt.TextElideMode.ElideRight)
    return tabs


def add_tab(tabs: QTabWidget, panel: QWidget, title: str) -> None:
    """A panel's tab, with its tooltip."""
    tabs.setTabToolTip(tabs.addTab(panel, title), TAB_TIPS.get(title, title))
