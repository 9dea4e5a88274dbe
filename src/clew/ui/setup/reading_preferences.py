"""How the reader likes notes shown, kept in the settings: zoom, full width, line breaks, the
inline title, remote images and the theme. The actions of these names act here (``build_actions``
looks a name up on the window, then here); the window only assembles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction

from clew.core.vault.obsidian_config import line_breaks
from clew.ui.reader.note_view import NoteView
from clew.ui.reader.reading_keys import ViewZoom
from clew.ui.setup.context import AppContext

SET_BY_VAULT = " (set by this vault)"


class ReadingPreferences:
    """The reading preferences of one window's note view. ``actions`` are set once built (they
    are connected to these methods); ``show_message`` tells the user in the status bar."""

    def __init__(self, context: AppContext, note_view: NoteView, show_message: Callable[[str], None]) -> None:
        self._settings = context.settings
        self._theme = context.theme
        self._note_view = note_view
        self._show_message = show_message
        self.zoom = ViewZoom(note_view.browser, context.settings.store)
        self.actions: dict[str, QAction] = {}

    def restore(self) -> None:
        """The view and the actions' checks as the settings keep them."""
        settings, view = self._settings, self._note_view
        self.actions["allow_remote_images"].setChecked(settings.remote_images)
        self.actions["full_width_text"].setChecked(settings.full_width)
        self.actions["strict_line_breaks"].setChecked(settings.strict_line_breaks)
        view.strict_line_breaks = settings.strict_line_breaks
        view.set_full_width(settings.full_width)
        view.set_remote_images(settings.remote_images)
        self.actions["show_inline_title"].setChecked(settings.inline_title)
        view.inline_title = settings.inline_title

    def allow_remote_images(self, allowed: bool) -> None:
        self._settings.remote_images = allowed
        self._note_view.set_remote_images(allowed)
        self._show_message("Remote images are loaded." if allowed else
                           "Remote images are not loaded; activate one's chip to load a note's images.")

    def zoom_in(self) -> None:
        self.zoom.zoom_in()
        self._note_view.refresh()  # formulas are drawn at the font's size

    def zoom_out(self) -> None:
        self.zoom.zoom_out()
        self._note_view.refresh()

    def zoom_reset(self) -> None:
        self.zoom.reset()
        self._note_view.refresh()

    def full_width_text(self, full_width: bool) -> None:
        self._settings.full_width = full_width
        self._note_view.set_full_width(full_width)

    def strict_line_breaks(self, strict: bool) -> None:
        self._settings.strict_line_breaks = strict
        self._note_view.set_strict_line_breaks(strict)

    def follow_line_breaks(self, root: Path) -> None:
        """The vault's app.json decides, when it says; the setting then shows its choice and
        cannot be changed (the reader's own choice is kept for other vaults)."""
        mode = line_breaks(root, self._settings.strict_line_breaks)
        action = self.actions["strict_line_breaks"]
        action.setChecked(mode.strict)
        action.setEnabled(not mode.set_by_vault)
        action.setText(action.text().removesuffix(SET_BY_VAULT) + (SET_BY_VAULT if mode.set_by_vault else ""))
        action.setStatusTip("This vault's .obsidian/app.json sets “strictLineBreaks”; Clew follows it."
                            if mode.set_by_vault else "A single newline in a paragraph is a space, not a line break.")
        self._note_view.set_strict_line_breaks(mode.strict)

    def show_inline_title(self, shown: bool) -> None:
        self._settings.inline_title = shown
        self._note_view.set_inline_title(shown)

    def theme_light(self) -> None:
        self._theme.choose("light")

    def theme_dark(self) -> None:
        self._theme.choose("dark")

    def theme_system(self) -> None:
        self._theme.choose("system")
