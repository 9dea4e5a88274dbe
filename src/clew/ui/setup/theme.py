"""The app's theme: light or dark, following the system's colour scheme unless the reader chose
one; applied as the application's palette and style sheet, announced to the note view."""

from __future__ import annotations

from string import Template

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from clew.core.render.themes import THEME_NAMES, ThemeColours, theme_colours
from clew.ui.setup.resources import style_sheet_template
from clew.ui.settings import Settings

FOLLOW_SYSTEM = "system"
THEME_CHOICES = (FOLLOW_SYSTEM, *THEME_NAMES)
_PALETTE_ROLES = {
    QPalette.ColorRole.Window: "window", QPalette.ColorRole.WindowText: "text",
    QPalette.ColorRole.Base: "background", QPalette.ColorRole.AlternateBase: "hover",
    QPalette.ColorRole.Text: "text", QPalette.ColorRole.Button: "window", QPalette.ColorRole.ButtonText: "text",
    QPalette.ColorRole.ToolTipBase: "background", QPalette.ColorRole.ToolTipText: "text",
    QPalette.ColorRole.Highlight: "selection_active", QPalette.ColorRole.HighlightedText: "selection_text",
    QPalette.ColorRole.Link: "internal", QPalette.ColorRole.LinkVisited: "internal",
    QPalette.ColorRole.PlaceholderText: "muted", QPalette.ColorRole.Accent: "accent",
    QPalette.ColorRole.Mid: "lines", QPalette.ColorRole.Dark: "lines",
}


def theme_palette(colours: ThemeColours) -> QPalette:
    """A palette for every widget the style sheet does not reach (menus, dialogs, buttons)."""
    palette = QPalette()
    for role, name in _PALETTE_ROLES.items():
        palette.setColor(role, QColor(getattr(colours, name)))
    disabled = QColor(colours.muted)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def theme_style_sheet(colours: ThemeColours) -> str:
    return Template(style_sheet_template()).substitute(vars(colours))


def system_theme() -> str:
    """"dark" when the system says its colour scheme is dark, else "light"."""
    dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    return "dark" if dark else "light"


class ThemeManager(QObject):
    """Holds the reader's choice (``system``, ``light`` or ``dark``, in the preferences) and
    applies the theme it means; ``changed`` carries the theme now shown."""

    changed = Signal(str)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.choice = settings.theme if settings.theme in THEME_CHOICES else FOLLOW_SYSTEM
        self.name = ""
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_changed)
        self._apply()

    @property
    def colours(self) -> ThemeColours:
        return theme_colours(self.name)

    def choose(self, choice: str, *, remember: bool = True) -> None:
        """Show ``choice`` from now on; ``remember`` keeps it for the next start."""
        if choice not in THEME_CHOICES:
            raise ValueError(f"unknown theme {choice!r}: use one of {', '.join(THEME_CHOICES)}")
        self.choice = choice
        if remember:
            self._settings.theme = choice
        self._apply()

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == FOLLOW_SYSTEM:
            self._apply()

    def _apply(self) -> None:
        name = system_theme() if self.choice == FOLLOW_SYSTEM else self.choice
        if name == self.name:
            return
        self.name = name
        colours = theme_colours(name)
        app = QApplication.instance()
        app.setPalette(theme_palette(colours))
        app.setStyleSheet(theme_style_sheet(colours))
        self.changed.emit(name)
