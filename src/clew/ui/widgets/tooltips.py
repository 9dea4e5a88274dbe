"""Tooltips for the buttons Qt makes by itself (a line edit's clear button, the tab bar's scroll
arrows, the menu bar's overflow, a dialog's standard buttons), so every control says what it does."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLineEdit, QMenuBar, QTabBar, QWidget

_BY_PARENT = (
    (QLineEdit, "Clear the text"),
    (QTabBar, "Scroll the tabs"),
    (QMenuBar, "More menus"),
)


def label_builtin_buttons(root: QWidget) -> None:
    """Give every button under ``root`` that has no tooltip one that says what Qt made it for."""
    for button in root.findChildren(QAbstractButton):
        if button.toolTip():
            continue
        parent = button.parentWidget()
        if isinstance(parent, QDialogButtonBox):
            button.setToolTip(button.text().replace("&", ""))
            continue
        for kind, tip in _BY_PARENT:
            if isinstance(parent, kind):
                button.setToolTip(tip)
                break
