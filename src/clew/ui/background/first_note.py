"""Which note an opening of a vault shows first, and when: the note asked for (or last open there)
at once when it is on disk, else the start note as soon as the vault's files are found."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject

from clew.core.vault.files import Vault, is_note
from clew.ui.background.tasks import TaskRunner, while_alive
from clew.ui.background.vault_session import VaultSession

START_NOTES = ("Welcome.md", "README.md", "index.md", "Index.md", "Home.md")


def _start_note_of(vault: Vault, progress) -> str | None:
    return vault.start_note(START_NOTES)


def start_note(paths: list[str] | tuple[str, ...]) -> str:
    for name in START_NOTES:
        if name in paths:
            return name
    # The first one, not a list of all: a list of a big vault's paths holds the window.
    return next((p for p in paths if p.lower().endswith((".md", ".markdown", ".txt"))), "")


class FirstNote:
    """The note the vault being opened shows first, until it is opened: the window tells it each
    step of the opening (opened, files found, files listed) and it opens the note at the first
    step that can."""

    def __init__(self, session: VaultSession, tasks: TaskRunner, owner: QObject,
                 open_note: Callable[[str], None], tell: Callable[[str], None]) -> None:
        self._session = session
        self._tasks = tasks
        self._owner = owner  # a start note found after it closed is not opened
        self._open_note = open_note
        self._tell = tell
        self._wanted: str | None = None  # the note asked for ("" for the start note); None once opened

    @property
    def waiting(self) -> bool:
        return self._wanted is not None

    def ask(self, note: str) -> None:
        self._wanted = note

    def vault_opened(self, vault: Vault) -> None:
        # Drawn at once when on disk, else the start note once found: a big vault's files take
        # seconds to list, and its page needs none of them.
        wanted = self._wanted or ""
        if wanted and is_note(wanted) and vault.stat(wanted) is not None:
            self._open(wanted)
        elif self._wanted is not None:
            self._tasks.run(_start_note_of, vault, on_done=while_alive(self._owner, partial(self._start_note_found, vault)))

    def files_found(self, paths: tuple[str, ...]) -> None:
        """A cold opening found the vault's files: the note asked for, else the start note."""
        if self._wanted is not None:
            self._open(self._wanted if self._wanted in paths else start_note(paths))

    def files_listed(self, paths: list[str] | tuple[str, ...]) -> None:
        if self._wanted is not None:
            wanted = self._wanted
            self._open(wanted if wanted and self._note_there(wanted) else start_note(paths))

    def _start_note_found(self, vault: Vault, note: str | None) -> None:
        if note and self._session.vault is vault and self._wanted is not None:
            self._open(note)

    def _note_there(self, path: str) -> bool:
        """``path`` is a note of the vault: known to the session, or on disk and not known yet (the
        listing came from the cache, from before the note was made; the session catches up)."""
        vault = self._session.vault
        return path in self._session.known or (vault is not None and is_note(path) and vault.stat(path) is not None)

    def _open(self, note: str) -> None:
        """Open ``note``, the opening's first (or nothing), in place of the one asked for."""
        wanted, self._wanted = self._wanted, None
        if wanted and wanted != note:
            self._tell(f"No note {wanted} in this vault; showing {note or 'nothing'}.")
        if note:
            self._open_note(note)
