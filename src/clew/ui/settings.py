"""Clew's settings through QSettings: preferences apart from window state."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "Clew"
APPLICATION = "Clew"


class Settings:
    """Typed access to QSettings. Window state (geometry, splitters, last vault and note) lives
    under ``state/``; user preferences (theme, full-width text, remote images, inline title) under
    ``preferences/``."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings(ORGANIZATION, APPLICATION)

    def _write(self, key: str, value: object) -> None:
        """Set ``key`` unless it holds ``value`` already. Every value set is written to the file
        on the GUI thread soon after, with two fdatasyncs (its lock file's and its own), even
        when the file holds it: 100 ms once while other programs wrote to the disk, and the
        window sets the last vault at every opening and the last note at every page drawn."""
        if self.store.value(key) != value:
            self.store.setValue(key, value)

    def _text(self, key: str) -> str:
        value = self.store.value(key, "")
        return str(value) if value else ""

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def last_vault(self) -> str:
        return self._text("state/last_vault")

    @last_vault.setter
    def last_vault(self, value: str) -> None:
        self._write("state/last_vault", value)

    def last_note(self, vault: str) -> str:
        """The note last open in ``vault`` (each vault remembers its own)."""
        notes = self.store.value("state/last_notes", {}) or {}
        return str(notes.get(vault, "")) if isinstance(notes, dict) else ""

    def set_last_note(self, vault: str, note: str) -> None:
        notes = self.store.value("state/last_notes", {}) or {}
        notes = dict(notes) if isinstance(notes, dict) else {}
        notes[vault] = note
        self._write("state/last_notes", notes)

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("state/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._write("state/geometry", value)

    @property
    def pane_widths(self) -> list[int] | None:
        """The widths of the files pane, the note and the links pane, in pixels; a hidden pane's
        as it was last shown. Kept as numbers rather than the splitter's own state, which cannot
        be read back before the window is laid out: a window restored on a smaller screen shares
        its width out in the same proportions."""
        value = self.store.value("state/pane_widths")
        try:
            widths = [int(width) for width in (value if isinstance(value, list) else [])]
        except (TypeError, ValueError):
            return None
        return widths if len(widths) == 3 and min(widths) >= 0 and sum(widths) > 0 else None

    @pane_widths.setter
    def pane_widths(self, widths: list[int]) -> None:
        self._write("state/pane_widths", [int(width) for width in widths])

    @property
    def remote_images(self) -> bool:
        """Whether notes may show images from the web (off by default: fetching them tells the
        image's host that the note was opened)."""
        return self._flag("preferences/remote_images", default=False)

    @remote_images.setter
    def remote_images(self, value: bool) -> None:
        self._set_flag("preferences/remote_images", value)

    @property
    def theme(self) -> str:
        """"system", "light" or "dark"."""
        return self._text("preferences/theme") or "system"

    @theme.setter
    def theme(self, value: str) -> None:
        self._write("preferences/theme", value)

    @property
    def full_width(self) -> bool:
        """The note's text spans the whole view instead of a readable column."""
        return self._flag("preferences/full_width", default=False)

    @full_width.setter
    def full_width(self, value: bool) -> None:
        self._set_flag("preferences/full_width", value)

    @property
    def strict_line_breaks(self) -> bool:
        """A single newline in a paragraph is a space, not a line break (Obsidian's "Strict line
        breaks"; off by default, as in Obsidian). A vault whose app.json sets it overrides it."""
        return self._flag("preferences/strict_line_breaks", default=False)

    @strict_line_breaks.setter
    def strict_line_breaks(self, value: bool) -> None:
        self._set_flag("preferences/strict_line_breaks", value)

    @property
    def inline_title(self) -> bool:
        """Each note shows its file name as its title on top (Obsidian's "Show inline title")."""
        return self._flag("preferences/inline_title", default=True)

    @inline_title.setter
    def inline_title(self, value: bool) -> None:
        self._set_flag("preferences/inline_title", value)

    def _flag(self, key: str, default: bool) -> bool:
        return str(self.store.value(key, "true" if default else "false")).lower() == "true"

    def _set_flag(self, key: str, value: bool) -> None:
        # Kept as words: an ini file gives every value back as text.
        self._write(key, "true" if value else "false")

    def sync(self) -> None:
        self.store.sync()
