"""The command palette: every action of the window by name, with its shortcut, fuzzy-filtered."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from rapidfuzz import fuzz, process

from clew.ui.widgets.html_delegate import HtmlItemDelegate
from clew.ui.popups.popup import Popup
from clew.ui.widgets.list_navigation import ListNavigation

NameRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2


def action_label(action: QAction) -> str:
    """The action's text without mnemonics or an ellipsis: "Open Vault"."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def shortcut_text(action: QAction) -> str:
    """The keys every keyboard has: the dedicated keys that Qt's standard keys add (Back,
    Zoom In, Help…) still work but are not listed."""
    keys = [k for k in action.shortcuts()
            if k.count() and k[0].key().value < Qt.Key.Key_Back.value and k[0].key() != Qt.Key.Key_Help]
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class CommandPalette(Popup):
    """Enter runs the chosen action; Esc closes."""

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commandPalette")
        self.setWindowTitle("Commands")
        self.setModal(True)
        self._actions = {name: a for name, a in actions.items() if name != "command_palette"}
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type a command…")
        self.listing = QListWidget(self)
        self.listing.setItemDelegate(HtmlItemDelegate(HtmlRole, self.listing))
        self.listing.itemActivated.connect(self._run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.listing)
        ListNavigation(self.edit, self.listing)
        self.edit.textChanged.connect(self.refresh)
        self.edit.returnPressed.connect(lambda: self._run(self.listing.currentItem()))

    def popup(self) -> None:
        self.place(640, 460)
        self.edit.clear()
        self.refresh()
        self.show_with_keyboard(self.edit)

    def names(self) -> list[str]:
        """The action names listed now, in order."""
        return [self.listing.item(i).data(NameRole) for i in range(self.listing.count())]

    def refresh(self) -> None:
        labels = {name: action_label(a) for name, a in self._actions.items() if a.isEnabled()}
        query = self.edit.text().strip()
        if query:
            found = process.extract(query, labels, scorer=fuzz.WRatio, processor=str.casefold,
                                    score_cutoff=55, limit=None)
            ordered = [name for _label, _score, name in found]
        else:
            ordered = sorted(labels, key=lambda n: labels[n].casefold())
        self.listing.clear()
        for name in ordered:
            keys = shortcut_text(self._actions[name])
            item = QListWidgetItem(f"{labels[name]}  {keys}".strip())
            item.setData(NameRole, name)
            item.setData(HtmlRole, f"{escape(labels[name])} &nbsp; <span style='color:#777'>{escape(keys)}</span>")
            self.listing.addItem(item)
        if ordered:
            self.listing.setCurrentRow(0)

    def _run(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.hide()
        self._actions[item.data(NameRole)].trigger()
