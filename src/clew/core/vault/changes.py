"""What changed in a vault on disk: batches of changed vault paths, and the collector that builds them."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import cached_property

from clew.core.vault.files import Vault, is_skipped_folder

# watchdog's event type names, so its events can be fed in as they come.
CHANGE_KINDS = frozenset({"created", "modified", "deleted", "moved"})


def _folders_above(path: str) -> list[str]:
    """The folders that contain the vault path ``path``, innermost first, ending with the vault
    root ``""``. String splitting, not pathlib: a folder move brings tens of thousands of
    paths, and a pathlib object per folder costs many times a split."""
    folders = []
    while path:
        path = path.rpartition("/")[0]
        folders.append(path)
    return folders


def _follow_moves(path: str, moves: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    for old, new in moves:
        if path == old:
            path = new
        elif path.startswith(old + "/"):
            path = new + path[len(old) :]
    return path


@dataclass(frozen=True)
class ChangeBatch:
    """The vault paths (``/``-separated, NFC) that changed during one quiet period: every file or
    folder created, modified, deleted, or moved from or to; and the moves, in the order they
    happened. A batch does not say what happened to each path: consumers stat the paths."""

    paths: frozenset[str]
    moves: tuple[tuple[str, str], ...] = ()

    def touches(self, path: str) -> bool:
        """True when ``path`` is a batch path, lies inside one (a changed folder), or contains one
        (a folder with a change inside). The vault root ``""`` contains everything. The batch does
        not know which paths are folders: any path counts as a folder for these prefix tests."""
        if path in self.paths or path in self._folders_with_changes:
            return True
        return any(folder in self.paths for folder in _folders_above(path))

    def moved_to(self, path: str) -> str | None:
        """Where ``path`` is after the batch's moves, followed in order (a file inside a moved
        folder moves with it; a->b then b->c gives c); None if it did not move or came back."""
        new_path = _follow_moves(path, self.moves)
        return None if new_path == path else new_path

    @cached_property
    def _folders_with_changes(self) -> frozenset[str]:
        # Precomputed so that touches() costs the depth of a path, not the size of the batch.
        folders: set[str] = set()
        for path in self.paths:
            while path:
                path = path.rpartition("/")[0]
                if path in folders:
                    break  # and so are the folders above it
                folders.add(path)
        return frozenset(folders)


class ChangeCollector:
    """Gathers file-system events of one vault, from any thread, as vault paths until taken.

    Events outside the vault or inside skipped folders (.git, .obsidian, node_modules, ...) are
    dropped. A move whose source is outside or skipped (an editor's temp file in a dot folder)
    counts as the creation of its destination; a move out of the vault counts as a deletion."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._moves: list[tuple[str, str]] = []

    def add(
        self,
        kind: str,
        src_abs: str | os.PathLike[str],
        dest_abs: str | os.PathLike[str] | None = None,
        *,
        is_directory: bool = False,
    ) -> None:
        """Record one event. ``kind`` is "created", "modified", "deleted" or "moved" (watchdog's
        ``event_type``); ``dest_abs`` is the destination of a move. ``is_directory`` lets the
        creation of a skipped folder itself (``.git``) be dropped too."""
        if kind not in CHANGE_KINDS:
            raise ValueError(f"unknown change kind: {kind!r}")
        src = self._vault_path(src_abs, is_directory)
        dest = self._vault_path(dest_abs, is_directory) if kind == "moved" and dest_abs else None
        with self._lock:
            self._paths.update(path for path in (src, dest) if path is not None)
            # Skip moves already implied by an earlier one: watchdog follows a folder move with
            # one move per file inside it.
            if src is not None and dest is not None and _follow_moves(src, self._moves) != dest:
                self._moves.append((src, dest))

    def take(self) -> ChangeBatch | None:
        """What was collected since the last call, or None if nothing was; then start afresh."""
        with self._lock:
            if not self._paths:
                return None
            batch = ChangeBatch(frozenset(self._paths), tuple(self._moves))
            self._paths = set()
            self._moves = []
        return batch

    def _vault_path(self, abs_path: str | os.PathLike[str], is_directory: bool) -> str | None:
        path = self._vault.rel_path(abs_path)
        if path is None or (is_directory and is_skipped_folder(path.rsplit("/", 1)[-1])):
            return None
        return path
