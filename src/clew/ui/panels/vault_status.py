"""The status bar's account of the vault: how far its opening or a big change has got, how many
notes it holds, and where it is on disk. It follows the session's signals on its own."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from clew.core.vault.files import Vault
from clew.ui.background.vault_session import VaultSession


class VaultStatus(QWidget):
    """A progress bar (shown while notes are read or a big batch goes in), the note count and
    the vault's folder, for the window's status bar."""

    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(240)  # "Relinking notes 61234/62000" on one line
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.count_label = QLabel(self)
        self.vault_label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.progress, self.count_label, self.vault_label):
            layout.addWidget(widget)
        session.opened.connect(self._on_opened)
        session.progress.connect(lambda done, total: self._set_progress("Reading notes", done, total))
        session.applying.connect(self._show_progress)
        session.indexed.connect(self._show_count)
        session.changed.connect(lambda _batch, _update: self._show_count())

    def _on_opened(self, vault: Vault) -> None:
        self.vault_label.setText(str(vault.root))
        self.count_label.setText("")
        self.progress.setRange(0, 0)  # busy until the first count of notes to read
        self.progress.show()

    def _set_progress(self, what: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{what} %v/%m")

    def _show_progress(self, what: str, done: int, total: int) -> None:
        """A big batch's progress: shown until the batch is in."""
        self._set_progress(what, done, total)
        self.progress.show()

    def _show_count(self) -> None:
        """The index is ready or follows a change: the reading or the batch is over."""
        self.progress.hide()
        count = self._session.index.note_count
        self.count_label.setText(f"{count:,} note{'' if count == 1 else 's'}")
