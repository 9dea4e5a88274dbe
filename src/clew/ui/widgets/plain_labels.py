"""Labels and tooltips show their text as written: rich text only where a label asks for it.

Qt guesses rich text from a label's or tooltip's first line, and a rich ``<img src="/abs/x.png">``
makes Qt read that file itself: a note line in a link's tooltip, an alias in a panel's header
or a file name would load a file from outside the vault. The guess is turned off for every
label of the application, tooltips included, as Qt makes them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox


def make_labels_plain(app: QApplication) -> None:
    """Make the application's labels plain from now on (once per application)."""
    if app.findChild(PlainLabels) is None:
        app.installEventFilter(PlainLabels(app))


class PlainLabels(QObject):
    """An application event filter: a QLabel left to guess its format (Qt's tooltip label among
    them) is made plain as it is polished, before it is first laid out. A label that sets
    RichText keeps it, and so do message boxes, whose text Clew writes."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Every event of the application passes here: the label test comes first, as the
        # cheaper (event.type() makes a Python enum: 1.4 against 0.6 µs an event added).
        if (isinstance(watched, QLabel) and event.type() == QEvent.Type.Polish
                and watched.textFormat() == Qt.TextFormat.AutoText
                and not isinstance(watched.window(), QMessageBox)):
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False
