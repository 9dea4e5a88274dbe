"""The About dialog: version, licence, what Clew is built on, where its settings and caches live."""

from __future__ import annotations

import html
import platform
from importlib import metadata

import PySide6
from PySide6.QtCore import QLibraryInfo, QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from clew import __version__

LICENCE = "MIT"
_BUILT_ON = (
    ("Qt", "https://www.qt.io"),
    ("PySide6", "https://doc.qt.io/qtforpython-6/"),
    ("Python-Markdown", "https://python-markdown.github.io"),
    ("Pygments", "https://pygments.org"),
    ("watchdog", "https://github.com/gorakhargosh/watchdog"),
)


def _project_links() -> list[tuple[str, str]]:
    """The project's own addresses, as its package metadata lists them (none in a bare checkout)."""
    try:
        entries = metadata.metadata("clew").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return []
    return [tuple(part.strip() for part in entry.split(",", 1)) for entry in entries if "," in entry]


def about_html(settings_file: str) -> str:
    def link(name: str, url: str) -> str:
        return f'<a href="{html.escape(url)}">{html.escape(name)}</a>'

    own = " · ".join(link(name, url) for name, url in _project_links())
    built_on = ", ".join(link(name, url) for name, url in _BUILT_ON)
    return (
        f"<h2>Clew {html.escape(__version__)}</h2>"
        "<p>A browser for folders of Markdown notes: the file tree, the note rendered, and the notes "
        "that link to it, kept in step with the disk. Clew reads your notes and never changes them.</p>"
        + (f"<p>{own}</p>" if own else "")
        + f'<p>Licence: {link(LICENCE, "https://opensource.org/license/mit")}. '
        f"Built on {built_on}.</p>"
        f"<p><small>Qt {QLibraryInfo.version().toString()} · PySide6 {PySide6.__version__} · "
        f"Python {platform.python_version()}<br>Settings: {html.escape(settings_file)}<br>"
        "Keyboard shortcuts: F1</small></p>"
    )


def show_about(parent: QWidget, store: QSettings) -> None:
    QMessageBox.about(parent, "About Clew", about_html(store.fileName()))
