"""The cheat sheet: every shortcut, generated from the action table, the view's reading keys
and the local graph's keys."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from clew.ui.actions import ACTIONS
from clew.ui.panels.graph_view import GRAPH_KEYS
from clew.ui.popups.popup import Popup
from clew.ui.popups.palette import action_label, shortcut_text
from clew.ui.reader.reading_keys import READING_KEYS


def cheat_sheet_html(actions: dict[str, QAction]) -> str:
    """One table per menu, in the table's order, then the keys of the note view and the graph's."""
    parts = ["<h2>Keyboard shortcuts</h2>"]
    menu = None
    for spec in ACTIONS:
        if spec.menu != menu:
            if menu is not None:
                parts.append("</table>")
            menu = spec.menu
            parts.append(f"<h3>{escape(menu.replace('&', ''))}</h3><table cellpadding='3'>")
        action = actions[spec.name]
        keys = shortcut_text(action) or "(command palette)"
        parts.append(f"<tr><td width='240'><b>{escape(keys)}</b></td><td>{escape(action_label(action))}</td></tr>")
    for title, rows in (("In the note", READING_KEYS), ("In the local graph", GRAPH_KEYS)):
        parts.append(f"</table><h3>{title}</h3><table cellpadding='3'>")
        for keys, meaning in rows:
            parts.append(f"<tr><td width='240'><b>{escape(keys)}</b></td><td>{escape(meaning)}</td></tr>")
    parts.append("</table>")
    return "".join(parts)


class CheatSheet(Popup):
    """Lists every shortcut; Esc closes."""

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cheatSheet")
        self.setWindowTitle("Keyboard shortcuts")
        self.text = QTextBrowser(self)
        self.text.setHtml(cheat_sheet_html(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def popup(self) -> None:
        self.place(640, 680)
        self.show_with_keyboard(self.text)
