"""Labels and tooltips show their text as written: rich text only where a label asks for it.

Qt guesses rich text from a label's or tooltip's first line, and a rich ``<img src="/abs/x.png">``
makes Qt read that file itself: a note line in a link's tooltip, an alias in a panel's header
or a file name would load a file from outside the vault. The guess is turned off for every
label of the application, tooltips included, as Qt makes them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProxyStyle


def make_labels_plain(app: QApplication) -> None:
    """Give the application Clew's style, which makes its labels plain from now on (once per
    application): Fusion, inside ``PlainLabels``. Fusion follows the palette everywhere; the
    native styles of Windows and macOS ignore parts of it, and the dark theme would come out
    half light."""
    # Found as the application's child: with a style sheet, the application's style() is the
    # sheet's style, which draws with this one.
    if app.findChild(PlainLabels) is None:
        app.setStyle(PlainLabels("Fusion"))


class PlainLabels(QProxyStyle):
    """The application's style, which also makes a QLabel left to guess its format (Qt's tooltip
    label among them) plain as it is polished, before it is first laid out. A label that sets
    RichText keeps it, and so do message boxes, whose text Clew writes.

    A style sees each widget polished once; an application event filter, as this was, saw every
    event of every widget, each a call into Python that waited for the GIL while a background
    thread held it (~350 calls as a note's panels filled)."""

    def polish(self, target):  # QStyle's three overloads: a widget, a palette, the application
        if (isinstance(target, QLabel) and target.textFormat() == Qt.TextFormat.AutoText
                and not isinstance(target.window(), QMessageBox)):
            target.setTextFormat(Qt.TextFormat.PlainText)
        return super().polish(target)
