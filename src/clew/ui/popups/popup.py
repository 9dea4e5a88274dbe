"""The base of the keyboard's popups (switcher, palette, cheat sheet): placed over the window's
top centre, and handing the keyboard back to the window when they close."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget


class Popup(QDialog):
    def place(self, width: int, height: int) -> None:
        """Size the popup and centre it near the top of its window."""
        parent = self.parentWidget()
        if parent is None:
            self.resize(width, height)
            return
        width = min(width, max(320, parent.width() - 40))
        self.resize(width, min(height, max(240, parent.height() - 120)))
        corner = parent.mapToGlobal(parent.rect().topLeft())
        self.move(corner.x() + (parent.width() - width) // 2, corner.y() + 60)

    def show_with_keyboard(self, focus: QWidget) -> None:
        """Show the popup and give it the keyboard, at ``focus``. Shown alone, a popup was not
        given the keyboard by every window system (Xvfb without a window manager), and its Esc
        went to the window beneath."""
        self.show()
        self.raise_()
        self.activateWindow()
        focus.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # Not every window system re-activates the window under a closed dialog by itself.
        super().hideEvent(event)
        if self.parentWidget() is not None:
            self.parentWidget().activateWindow()
