"""The quick switcher: a popup to open a note by typing a few letters of its name, title or path."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from clew.core.memory.collector import bulk_allocation
from clew.core.index.graph import VaultIndex
from clew.core.search.ranking import RecentNotes, SwitcherIndex
from clew.core.vault.shown_names import shown_name
from clew.ui.widgets.html_delegate import HtmlItemDelegate
from clew.ui.widgets.list_navigation import ListNavigation
from clew.ui.background.tasks import while_alive
from clew.ui.popups.popup import Popup
from clew.ui.background.tasks import TaskRunner
from clew.ui.background.vault_session import VaultSession

PathRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2
_SHOWN = 50
# The first build of a vault's index waits until this long after the backlinks were shown.
FIRST_BUILD_AFTER_MS = 1000


def _build_index(index: VaultIndex, previous: SwitcherIndex, progress) -> SwitcherIndex:
    """Runs off the GUI thread: gathering a big vault's titles is a long call. A change the GUI
    thread makes meanwhile is seen by the next build. The collector waits meanwhile: its full
    passes over the new entries would hold the GIL the GUI thread needs."""
    with bulk_allocation():
        return SwitcherIndex.from_notes(index.titles(), previous)


class QuickSwitcher(Popup):
    """Type, see notes ranked, Enter opens (``note_chosen``). The ranking index is rebuilt off the
    GUI thread whenever the vault's notes change; until then the last one serves. The GUI thread
    only keeps each note's title and aliases, updated for the notes a batch touched.

    A vault's first build waits until the session has caught up with the disk and
    FIRST_BUILD_AFTER_MS have passed since the backlinks were shown, or until the switcher is
    opened: built as soon as the window had the backlinks, it would share the GIL with the
    window filling its panels and with the opening's own work (on a first opening, caught up
    comes right after the backlinks, hence the wait as well)."""

    note_chosen = Signal(object)

    def __init__(self, session: VaultSession, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickSwitcher")
        self.setWindowTitle("Open a note")
        self.setModal(True)
        self._session = session
        self._tasks = tasks
        self._build_number = 0
        self._first_build_due = False
        self.index = SwitcherIndex([])
        self.recent = RecentNotes()
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Type a note's name, title, alias or folder…  (Enter opens, Esc closes)")
        self.listing = QListWidget(self)
        self._paths: list[str] = []  # the vault path of each row of ``listing``
        self.listing.setObjectName("switcherList")
        self.listing.setItemDelegate(HtmlItemDelegate(HtmlRole, self.listing))
        self.listing.setUniformItemSizes(True)
        self.listing.itemActivated.connect(self._choose)
        self.hint = QLabel(self)
        self.hint.setObjectName("switcherHint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.listing)
        layout.addWidget(self.hint)
        ListNavigation(self.edit, self.listing)
        self.edit.textChanged.connect(self.refresh)
        self.edit.returnPressed.connect(lambda: self._choose(self.listing.currentItem()))
        self._rebuild_timer = QTimer(self, singleShot=True, interval=300)
        self._rebuild_timer.timeout.connect(self._rebuild)
        self._first_build_timer = QTimer(self, singleShot=True)
        self._first_build_timer.timeout.connect(self._on_first_build_time)
        self._since_indexed = QElapsedTimer()
        session.opened.connect(self._on_opened)
        session.indexed.connect(self._on_indexed)
        session.caught_up.connect(self._on_caught_up)
        session.changed.connect(self._on_changed)

    def _on_opened(self, _vault) -> None:
        self.recent.clear()
        self._build_number += 1  # a build for the last vault is not wanted any more
        self._first_build_timer.stop()
        self._since_indexed.invalidate()
        self._first_build_due = True
        self.index = SwitcherIndex([])

    def _on_indexed(self) -> None:
        self._since_indexed.start()

    def _on_caught_up(self) -> None:
        if not self._first_build_due:
            return
        shown_for = self._since_indexed.elapsed() if self._since_indexed.isValid() else 0
        if shown_for >= FIRST_BUILD_AFTER_MS:
            self._rebuild()
        else:
            self._first_build_timer.start(FIRST_BUILD_AFTER_MS - shown_for)

    def _on_first_build_time(self) -> None:
        if self._first_build_due:
            self._rebuild()

    def _on_changed(self, _batch, _update) -> None:
        if not self._first_build_due:  # else the first build, when it comes, sees the change
            self._rebuild_timer.start()

    def _rebuild(self) -> None:
        index = self._session.index
        if index is None:
            return
        self._first_build_due = False
        self._build_number += 1
        self._tasks.run(_build_index, index, self.index,
                        on_done=while_alive(self, lambda built, number=self._build_number: self._on_built(number, built)))

    def _on_built(self, number: int, built: SwitcherIndex) -> None:
        if number == self._build_number:
            self.index = built
            if self.isVisible():
                self.refresh()

    def remember(self, path: str) -> None:
        """A note was opened: it leads the list on an empty query."""
        self.recent.add(path)

    def popup(self) -> None:
        if self._first_build_due:
            self._rebuild()  # shown when built: "still being read" until then
        self.place(720, 520)
        self.edit.clear()
        self.refresh()
        self.show_with_keyboard(self.edit)

    def refresh(self) -> None:
        matches = self.index.rank(self.edit.text(), self.recent.paths, limit=_SHOWN)
        self.listing.clear()
        # Kept in Python: through Qt, a name's bytes that are not UTF-8 would be lost.
        self._paths = [match.entry.path for match in matches]
        for match in matches:
            entry = match.entry
            folder = entry.path.rpartition("/")[0]
            extra = [shown_name(folder) + "/"] if folder else []
            if entry.title and entry.title != entry.name:
                extra.insert(0, entry.title)
            if entry.aliases:
                extra.append("aka " + ", ".join(entry.aliases))
            name = shown_name(entry.name)
            item = QListWidgetItem(name)
            item.setData(PathRole, entry.path)
            item.setToolTip(shown_name(entry.path))
            recent = ' <span style="color:#2d6cdf">recent</span>' if match.recent and not self.edit.text() else ""
            item.setData(HtmlRole, f"<b>{escape(name)}</b>{recent} &nbsp;"
                                   f'<span style="color:#777">{escape(" · ".join(extra))}</span>')
            self.listing.addItem(item)
        if matches:
            self.listing.setCurrentRow(0)
        count = len(self.index)
        self.hint.setText("No note matches." if not matches and self.edit.text()
                          else f"{count} notes" if count else "The vault is still being read…")

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.hide()
        self.note_chosen.emit(self._paths[self.listing.row(item)])
