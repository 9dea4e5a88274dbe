"""Reading a whole vault into a VaultIndex, and re-reading the files a change touched."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from clew.core.index import VaultIndex
from clew.core.parsing import NoteFacts, parse_note
from clew.core.reading import NoteUnreadable, read_note
from clew.core.vault import FileKind, Vault, VaultFile, is_note

Progress = Callable[[int, int], None]


def read_facts(vault: Vault, path: str) -> NoteFacts | None:
    """The facts of the note at ``path``, or None when it cannot be read (gone, binary, …)."""
    try:
        note = read_note(vault.abs_path(path))
    except NoteUnreadable:
        return None
    if note.binary:
        return NoteFacts(title=PurePosixPath(path).stem)
    return parse_note(note.text, path)


def index_vault(vault: Vault, files: list[VaultFile] | None = None,
                progress: Progress | None = None) -> tuple[list[VaultFile], VaultIndex]:
    """Read and parse every note of ``files`` (by default, a fresh scan) and build the index.
    ``progress(done, total)`` is called now and then; it may raise to stop the work."""
    if files is None:
        files = vault.scan()
    notes = [f.path for f in files if f.kind is FileKind.NOTE]
    facts: dict[str, NoteFacts] = {}
    for done, path in enumerate(notes, 1):
        note = read_facts(vault, path)
        if note is not None:
            facts[path] = note
        if progress and (done % 200 == 0 or done == len(notes)):
            progress(done, len(notes))
    index = VaultIndex()
    index.build((f.path for f in files), facts)
    return files, index


@dataclass
class FileUpdate:
    """What a change did to the vault's files, for the tree; the index is already updated."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)


def _files_under(vault: Vault, path: str) -> list[str]:
    """``path`` if it is a file of the vault, or every file below it if it is a folder."""
    if vault.abs_path(path).is_dir():
        return [f.path for f in vault.scan(path)]
    return [path] if vault.stat(path) else []


def apply_changes(vault: Vault, index: VaultIndex, known: set[str], paths: Iterable[str]) -> FileUpdate:
    """Bring ``index`` and the set of ``known`` file paths in step with the disk for ``paths``
    (files or folders that were created, changed, deleted or moved)."""
    update = FileUpdate()
    for path in sorted(set(paths)):
        prefix = path + "/"
        present = set(_files_under(vault, path))
        previous = {p for p in known if p == path or p.startswith(prefix)}
        for gone in sorted(previous - present):
            index.remove(gone)
            known.discard(gone)
            update.removed.append(gone)
        for current in sorted(present):
            if current not in known:
                known.add(current)
                update.added.append(current)
            elif current in previous:
                update.modified.append(current)
            if is_note(current):
                note = read_facts(vault, current)
                if note is None:
                    # Unreadable for now, but still a file links may reach, as in a fresh index.
                    index.remove(current)
                    index.add_file(current)
                else:
                    index.set_note(current, note)
            else:
                index.add_file(current)
    return update
