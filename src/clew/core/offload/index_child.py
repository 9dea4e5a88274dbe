"""Indexing a vault the store knows nothing of in a child process; the caller then starts warm.

A first index of a big vault is half a minute of Python (reading, parsing, resolving). Done by
a thread of the window's process, it holds the GIL the GUI thread needs for every callback, and
every note's facts stay in that process's memory. Done by a child (``one_shot``), the child
writes the facts and the snapshot into the store and exits; the window's process then restores
the snapshot as on any warm start (``build.build_index``), reading back facts when asked.
"""

from __future__ import annotations

import logging
from itertools import islice
from pathlib import Path

from clew.core.index.build import build_index, index_vault
from clew.core.index.bulk_read import GatheredFacts, Progress
from clew.core.index.graph import VaultIndex
from clew.core.index.snapshot import ChildStamps, child_stamps, pack_stamp_columns, stamps_from_parent
from clew.core.index.store import FactsStore
from clew.core.offload.one_shot import ChildFailed, Report, run_in_child
from clew.core.vault.files import FileKind, Vault, VaultFile

PROCESS_NAME = "clew-indexer"
# Below this many notes, starting a child (~0.3 s) and restoring its snapshot cost more than
# indexing here.
PROCESS_MIN_NOTES = 2000
# Added to the child's niceness (its worker's is added to that): the child and its worker keep
# both cores of a small machine busy for half a minute, and the window must still win the CPU.
CHILD_NICENESS = 5

_log = logging.getLogger(__name__)


def pack_files(files: list[VaultFile]) -> ChildStamps:
    """``files`` as three objects that pickle in one quick call each (``child_stamps``): a big
    vault's list of VaultFile objects is pickled for the child an object at a time, in one call
    that holds the GIL the GUI thread waits for. Packed from columns: a table of 100k stamps
    made for it held the GIL ~10 ms as it was freed."""
    return child_stamps(pack_stamp_columns([f.path for f in files], [f.size for f in files],
                                           [f.mtime_ns for f in files]))


def unpack_files(packed: ChildStamps) -> list[VaultFile]:
    return [VaultFile(path, *stamp) for path, stamp in stamps_from_parent(packed).items()]


def _index_into_store(vault: Vault, packed: ChildStamps, store_path: Path, progress: Progress) -> None:
    """The child: index the files ``packed`` with the store at ``store_path``, which keeps the
    facts and the snapshot."""
    index_vault(vault, unpack_files(packed), progress, store=FactsStore(store_path))


def _has_notes(files: list[VaultFile], count: int) -> bool:
    """Whether ``files`` hold at least ``count`` notes: counted up to there, not through every
    file of a big vault, Python that would run beside the window's first paint of the tree
    and stall it."""
    notes = (f for f in files if f.kind is FileKind.NOTE)
    return sum(1 for _ in islice(notes, count)) == count


def build_index_in_child_first(vault: Vault, files: list[VaultFile], report: Report,
                               store: FactsStore) -> tuple[VaultIndex, GatheredFacts]:
    """``build_index(vault, files, ..., store)``, a first index of a big vault made by a child
    process first. ``report`` as ``run_in_child``'s: it hears ((done, total)) and check-ins
    (no argument), and raising from it stops the work (and kills the child). A child that
    fails leaves the work to this process."""
    # The snapshot is asked about first: a warm start has one, and then counts no notes.
    if store.usable and not store.has_snapshot() and _has_notes(files, PROCESS_MIN_NOTES):
        try:
            # Not a daemon: on a machine with cores to spare it reads with worker processes.
            run_in_child(_index_into_store, (vault, pack_files(files), store.path), report, name=PROCESS_NAME,
                         niceness=CHILD_NICENESS, daemon=False)
        except ChildFailed as error:
            _log.warning("indexing %s in a child process failed, indexing here: %s", vault.root, error)
    return build_index(vault, files, lambda done, total: report((done, total)), store)
