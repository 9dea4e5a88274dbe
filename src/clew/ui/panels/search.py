"""The vault search panel: a query box and the matching notes, each with its line, match highlighted."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from clew.core.search.fulltext import SearchHit
from clew.core.vault.shown_names import shown_name
from clew.ui.widgets.html_delegate import HtmlItemDelegate, marked
from clew.ui.background.search_upkeep import SearchUpkeep
from clew.ui.widgets.list_navigation import ListNavigation

HitRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2
_LIMIT = 200
_HELP = 'words (all must match), "exact phrase", path:folder, tag:name, -exclude'


class SearchPanel(QWidget):
    """Typing searches (after a short pause); Enter on a result emits ``hit_activated``."""

    # vault path, line, the line's text. The path as an object: a Qt string would drop the
    # bytes of a file name that are not UTF-8, and the note could not be opened.
    hit_activated = Signal(object, int, str)

    def __init__(self, upkeep: SearchUpkeep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.upkeep = upkeep
        self.edit = QLineEdit(self)
        self.edit.setObjectName("searchEdit")
        self.edit.setPlaceholderText("Search the vault…")
        self.edit.setToolTip(_HELP)
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(_HELP, self)
        self.status.setObjectName("panelHeader")
        self.status.setWordWrap(True)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setItemDelegate(HtmlItemDelegate(HtmlRole, self.results, wrap=True))
        self.results.itemActivated.connect(self._activate)
        self.results.itemClicked.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        self.setFocusProxy(self.edit)
        ListNavigation(self.edit, self.results)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.run)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self._enter)
        upkeep.results.connect(self._show)
        upkeep.updated.connect(self._on_index_updated)
        upkeep.progress.connect(lambda done, total: self.status.setText(f"Indexing for search… {done}/{total}"))
        upkeep.failed.connect(self.status.setText)

    def run(self) -> None:
        self._timer.stop()
        text = self.edit.text()
        if not text.strip():
            self.results.clear()
            self.status.setText(_HELP)
            return
        self.upkeep.search(text, _LIMIT)

    def _on_index_updated(self) -> None:
        if self.edit.text().strip():
            self.run()

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run()
        elif self.results.currentItem() is not None:
            self._activate(self.results.currentItem())

    def _show(self, text: str, hits: list[SearchHit]) -> None:
        if text != self.edit.text():
            return
        self.results.clear()
        for hit in hits:
            path = shown_name(hit.path)
            item = QListWidgetItem(f"{path}:{hit.line}: {hit.snippet}")
            item.setData(HitRole, hit)
            item.setToolTip(f"{path}, line {hit.line}")
            folder, _slash, name = path.rpartition("/")
            where = f"{folder}/ · line {hit.line}" if folder else f"line {hit.line}"
            item.setData(HtmlRole, f"<b>{escape(name)}</b> <span style='color:#777'>{escape(where)}</span><br>"
                                   + marked(hit.snippet, hit.match_start, hit.match_length))
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        more = "+" if len(hits) >= _LIMIT else ""
        indexing = "" if self.upkeep.ready else " (still indexing)"
        self.status.setText(f"{len(hits)}{more} note{'s' if len(hits) != 1 else ''}{indexing}" if hits
                            else f"No note matches{indexing}.")

    def _activate(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            hit: SearchHit = item.data(HitRole)
            self.hit_activated.emit(hit.path, hit.line, hit.line_text)
