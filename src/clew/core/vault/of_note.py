"""Which vault a lone note belongs to: `clew NOTE.md`, as the desktop's "Open with Clew" runs it."""

from __future__ import annotations

from pathlib import Path

# Folders an editor keeps at a vault's root: Obsidian, Foam (VS Code), Logseq.
VAULT_MARKERS = (".obsidian", ".foam", "logseq")


def vault_of_note(note: Path) -> tuple[Path, str]:
    """The vault folder holding ``note`` and the note's path inside it: the nearest folder above
    it with an editor's vault marker, else the note's own folder."""
    note = note.absolute()
    for folder in note.parents:
        if any((folder / marker).is_dir() for marker in VAULT_MARKERS):
            return folder, note.relative_to(folder).as_posix()
        if folder == Path.home():
            break
    return note.parent, note.name
