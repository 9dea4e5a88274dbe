"""The side panes hidden and shown again by actions, the choice remembered in the settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
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
    """Each pane (by name) is a child of ``splitter`` with a checkable action: checked = shown."""

    def __init__(self, splitter: QSplitter, panes: dict[str, tuple[QWidget, QAction]], store: QSettings,
                 fallback_focus: QWidget) -> None:
        self._splitter = splitter
        self._panes = panes
        self._store = store
        self._fallback_focus = fallback_focus
        hidden = set(store.value(_HIDDEN_KEY, []) or [])
        for name, (pane, action) in panes.items():
            pane.setVisible(name not in hidden)
            action.setChecked(name not in hidden)

    def set_shown(self, name: str, shown: bool) -> None:
        pane, action = self._panes[name]
        focus = pane.window().focusWidget()
        if not shown and focus is not None and pane.isAncestorOf(focus):
            self._fallback_focus.setFocus()  # the keyboard must not vanish with the pane
        pane.setVisible(shown)
        action.setChecked(shown)
        if shown:
            self._reopen(pane)
        self._store.setValue(_HIDDEN_KEY, [n for n, (p, _a) in self._panes.items() if p.isHidden()])

    def reveal(self, pane: QWidget) -> None:
        """Show ``pane`` if it is hidden (a panel of it was asked for)."""
        for name, (candidate, _action) in self._panes.items():
            if candidate is pane and pane.isHidden():
                self.set_shown(name, True)

    def _reopen(self, pane: QWidget) -> None:
        at = self._splitter.indexOf(pane)
        sizes = self._splitter.sizes()
        if at >= 0 and sizes[at] == 0:
            widest = max(range(len(sizes)), key=sizes.__getitem__)
            sizes[at] = _REOPEN_WIDTH
            sizes[widest] = max(0, sizes[widest] - _REOPEN_WIDTH)
            self._splitter.setSizes(sizes)


def add_tab(tabs: QTabWidget, panel: QWidget, title: str) -> None:
    """A panel's tab, with its tooltip."""
    tabs.setTabToolTip(tabs.addTab(panel, title), TAB_TIPS.get(title, title))
