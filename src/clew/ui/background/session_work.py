"""The work of a VaultSession's opening stages and batches, each run off the GUI thread (no Qt
here): what each stage reads, builds or writes, and the results it hands back."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

from clew.core.index.build import (
    ChangesRead, GatheredFacts, file_stamps, per_file_slices, read_changes, restore_index, save_snapshot, stale_paths,
)
from clew.core.index.graph import VaultIndex
from clew.core.index.queued_repairs import QueuedNote, unqueue
from clew.core.index.snapshot import StoredFiles
from clew.core.index.store import FactsStore
from clew.core.memory.collector import bulk_allocation
from clew.core.offload.index_child import build_index_in_child_first
from clew.core.offload.scan_child import stale_since
from clew.core.vault.changes import ChangeBatch
from clew.core.vault.files import Vault, VaultFile
from clew.core.vault.known import KnownFiles
from clew.core.vault.tree_shape import TreeShape


@dataclass(frozen=True)
class Listing:
    """The vault's files as first listed, before any note is read: every vault path, sorted,
    and the tree of them the session's ``prepare_listing`` built in the background (or None)."""

    paths: list[str]
    prepared: TreeShape | None = None


@dataclass(frozen=True)
class Found:
    """A first opening's vault paths, in the walk's (sorted) order, as soon as it found them:
    before the session's files and the tree are made of them, what a scan of the files for the
    open note's backlinks needs (``OpenNoteLinks.look_ahead``)."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class Listed:
    """The vault's files, before any note is read: as the session knows them, and for the panels."""

    known: KnownFiles
    listing: Listing


@dataclass(frozen=True)
class Restored:
    """A warm opening's index as the store's snapshot kept it, and the files' stamps it was kept for."""

    index: VaultIndex
    files: StoredFiles


@dataclass(frozen=True)
class Scanned:
    """A first opening's files, as scanned once watched."""

    files: list[VaultFile]
    listed: Listed


@dataclass(frozen=True)
class Indexed:
    index: VaultIndex
    gathered: GatheredFacts


@dataclass(frozen=True)
class Stale:
    """What a warm opening found changed since the store's snapshot: those paths as a batch,
    and what the disk holds at them now."""

    batch: ChangeBatch
    read: ChangesRead



# -- the opening's stages, each run in the background -------------------------------------------

def restore(vault: Vault, store: FactsStore, prepare_listing, allow_watches: threading.Event,
             progress) -> Restored | None:
    """A warm opening: the files as the store last listed them, then the index as its snapshot
    kept it; the files are reported (for the tree) only with the index, just before it. None
    when the store has no snapshot to trust (the files listed are reported then): the watches
    a first opening scans after are allowed at once, placed while the GUI thread, still busy
    showing the new window, gets to this stage's end."""
    # The files are not reported at once: the tree's first layouts (~900 calls into its Python
    # model each) then came while this thread read the snapshot, and each call waited for the
    # GIL behind it: 60-150 ms stalls at 100k notes, where the tree is now shown ~0.5 s later.
    # The collector waits while the listing is made too: its passes over the paths and stamps
    # being made held the GIL 5-13 ms each, as the window is first shown.
    with contextlib.closing(store.warm_reading()) as reading:
        with bulk_allocation():
            files = next(reading)
            listing = listed(KnownFiles.from_columns(*files), prepare_listing) if files is not None else None
        with bulk_allocation():
            # Its paths the listing's strings (each ~150 bytes at 100k notes, held by the tree too).
            snapshot = next(reading)
    if snapshot is None:
        if listing is not None:
            progress(listing)
        allow_watches.set()
        return None
    with bulk_allocation():
        index = restore_index(vault, snapshot, store)
    del snapshot  # the index holds what it needs of it
    index.notes()  # sorted here once, not when the first note opens
    progress(listing)
    return Restored(index, files)


def stale_since_snapshot(vault: Vault, index: VaultIndex, files: StoredFiles, progress) -> Stale | None:
    """A warm opening, once watched: what changed since the snapshot, read (None if nothing).
    The window only reads the index until the opening is over, so it is made ready for
    changes here, while the scan's child starts."""
    # Only now: the unreadable folders are found by a walk of the vault, which the watches
    # have just made; done before, the window waited for it.
    index.resolver.set_unreadable_folders(vault.folder_links.unreadable)
    stale = stale_since(vault, files, progress, meanwhile=index.ready_for_changes)
    if not stale:
        return None
    with bulk_allocation():
        read = read_changes(vault, stale)
    return Stale(ChangeBatch(frozenset(stale)), read)


def scan(vault: Vault, prepare_listing, progress) -> Scanned:
    """A first opening, once watched (a change meanwhile is caught): the vault's files. The
    collector waits: at 100k files, its full passes over the files being made held the GIL
    (the window) for 60-200 ms each."""
    with bulk_allocation():
        files = vault.scan()
        progress(Found(tuple(f.path for f in files)))
        return Scanned(files, listed(KnownFiles(files), prepare_listing))


def index_notes(vault: Vault, files: list[VaultFile], store: FactsStore, progress) -> Indexed:
    """A first opening, once the window has the tree: every note read (by a child first)."""
    index, gathered = build_index_in_child_first(vault, files, progress, store)
    index.notes()  # sorted here once, not when the first note opens
    index.ready_for_changes()  # done as the window took the index in, it stalled it
    return Indexed(index, gathered)


def save_first_snapshot(store: FactsStore, index: VaultIndex, files: list[VaultFile], progress) -> bool:
    return save_snapshot(store, index, file_stamps(files))


def listed(known: KnownFiles, prepare_listing) -> Listed:
    paths = known.sorted_paths()
    return Listed(known, Listing(paths, prepare_listing(paths) if prepare_listing else None))


# -- a batch's background work -------------------------------------------------------------------

def prepared(prepare_listing, paths: list[str], progress) -> TreeShape:
    return prepare_listing(paths)


def save_index_snapshot(store: FactsStore, index: VaultIndex, stamps, vault: Vault, taken_in: list[QueuedNote],
                        progress) -> bool:
    """A new snapshot of ``index``; once it is kept, the repaired notes ``taken_in`` (read
    again into the index) leave the repair queue."""
    saved = save_snapshot(store, index, stamps)
    if saved:
        unqueue(vault, taken_in)
    return saved


def store_update(store: FactsStore, fresh, gone, progress) -> bool:
    return store.update(fresh, gone)


def read(vault: Vault, paths, unchanged, progress) -> ChangesRead:
    # Nothing changes the index or ``known`` meanwhile: the session applies nothing while it reads.
    return read_changes(vault, paths, unchanged)


def read_in_slices(vault: Vault, paths, unchanged, known: KnownFiles, store: FactsStore | None,
                   files_per_slice: int, progress) -> tuple[list[ChangesRead], list]:
    # Cut here too: cutting a big folder moved into slices is long work for the GUI thread.
    # Nothing changes ``known`` meanwhile: the session applies nothing while it reads. The
    # collector waits: its full passes over a big vault's index, set off by the facts read,
    # held the GIL. With a ``store``, the notes' facts are left to it as they are read, and
    # read back as they are applied.
    with bulk_allocation():
        return sliced(read_changes(vault, paths, unchanged, store), known, files_per_slice)


def files_in(slices: list[ChangesRead]) -> int:
    return sum(len(part.present) for part in slices)


def sliced(read: ChangesRead, known: KnownFiles, files_per_slice: int) -> tuple[list[ChangesRead], list]:
    """``read`` cut to be applied a few files a turn, popped from the end in order; and the
    notes it read, for the store."""
    slices = per_file_slices(read, known, files_per_slice)
    slices.reverse()
    return slices, read.fresh


def stale_paths_now(vault: Vault, stamps, progress) -> set[str]:
    return stale_paths(vault, stamps)
