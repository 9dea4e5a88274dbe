"""Reading a whole vault into a VaultIndex, and re-reading the files a change touched."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import PurePosixPath

from clew.core.index.bulk_read import GatheredFacts, Progress, gather_facts
from clew.core.index.graph import VaultIndex
from clew.core.index.queued_repairs import finish_queued, unqueue
from clew.core.index.snapshot import Snapshot, Stamp, changed_since, encode_snapshot, stale_between
from clew.core.index.store import FactsStore
from clew.core.memory.collector import bulk_allocation
from clew.core.memory.release import empty_gradually
from clew.core.notes.parsing import NoteFacts, parse_note
from clew.core.text.note_text import NoteUnreadable
from clew.core.vault.files import Vault, VaultFile, is_note
from clew.core.vault.known import KnownFiles
from clew.core.vault.tree_shape import TreeShape


def read_facts(vault: Vault, path: str) -> NoteFacts | None:
    """The facts of the note at ``path``, or None when it cannot be read (gone, binary, …)."""
    try:
        note = vault.note_text(path)
    except NoteUnreadable:
        return None
    if note.binary:
        return NoteFacts(title=PurePosixPath(path).stem)
    return parse_note(note.text, path)


# A warm start that found more changed files than this saves a new snapshot of the index;
# fewer are cheaper to apply again at the next start than a snapshot is to write.
SNAPSHOT_AGAIN_ABOVE = 200


def build_index(vault: Vault, files: list[VaultFile], progress: Progress | None = None,
                store: FactsStore | None = None) -> tuple[VaultIndex, GatheredFacts]:
    """The index of ``files``: with a ``store``, from its snapshot of the index and the files
    changed since; else (or without a snapshot to trust) from every note's facts, taken from
    the store's rows where the file did not change, else read. Also what the store should be
    told: rows (``FactsStore.update``) and whether a snapshot is due (``save_snapshot``)."""
    with bulk_allocation():
        snapshot = store.load_snapshot(map(attrgetter("path"), files)) if store is not None else None
        if snapshot is not None:
            return _from_snapshot(vault, files, snapshot, store, progress)
        gathered = gather_facts(vault, files, read_facts, store, progress)
        index = VaultIndex()
        index.resolver.set_unreadable_folders(vault.folder_links.unreadable)
        index.build((f.path for f in files), gathered.facts)
        gathered.snapshot_due = store is not None
    return index, gathered


def save_snapshot(store: FactsStore, index: VaultIndex, stamps: Mapping[str, Stamp]) -> bool:
    """Keep ``index``, as it stands for the files as ``stamps`` (path -> (size, mtime_ns))
    has them, as the store's snapshot. Nothing may change the index meanwhile (it is read as
    it is encoded); False when the store was busy. The collector waits meanwhile: the encoding
    of a big vault makes millions of objects, and each full pass over them would hold the GIL
    in whichever thread it fell, the GUI thread included."""
    with bulk_allocation():
        return store.save_snapshot(encode_snapshot(index.snapshot(stamps)))


def file_stamps(files: list[VaultFile]) -> dict[str, Stamp]:
    """path -> (size, mtime_ns) of each of ``files``."""
    return {f.path: (f.size, f.mtime_ns) for f in files}


def restore_index(vault: Vault, snapshot: Snapshot, store: FactsStore) -> VaultIndex:
    """The index as ``snapshot`` kept it, for the files as they were then. The facts of a note
    are read back from the store's row when asked for; without a row to trust, from the note
    itself, and the row written again if the note is still as the snapshot saw it."""

    def read_back(path: str, stamp: Stamp) -> NoteFacts | None:
        facts = store.read_back(path, stamp)
        if facts is None:
            facts = read_facts(vault, path)
            on_disk = vault.stat(path)
            # A note changed since has its row written with the change, at its new stamp: not
            # here, under the old one, on whatever thread asked (the window's own, when it shows
            # a note's backlinks after a pull).
            if facts is not None and on_disk is not None and (on_disk.size, on_disk.mtime_ns) == stamp:
                store.update([(on_disk, facts)])
        return facts

    return VaultIndex.restored(snapshot, read_back)


def _from_snapshot(vault: Vault, files: list[VaultFile], snapshot: Snapshot, store: FactsStore,
                   progress: Progress | None) -> tuple[VaultIndex, GatheredFacts]:
    """The index as ``snapshot`` kept it, brought up to the files as they are now."""
    stamps = file_stamps(files)
    changed, gone = changed_since(snapshot, stamps)
    notes_gone = [path for path in gone if path in snapshot.notes]
    index = restore_index(vault, snapshot, store)
    index.resolver.set_unreadable_folders(vault.folder_links.unreadable)
    changed_notes = [VaultFile(path, *stamps[path]) for path in changed if is_note(path)]
    total = len(snapshot.notes) - sum(1 for path in (*changed, *gone) if path in snapshot.notes) + len(changed_notes)
    # Changed since the snapshot, but maybe read in a later run: then the store has their row.
    stored = {f.path: facts for f in changed_notes if (facts := store.read_back(f.path, (f.size, f.mtime_ns)))}
    to_read = [f for f in changed_notes if f.path not in stored]
    unchanged = total - len(to_read)
    gathered = gather_facts(vault, to_read, read_facts, None,
                            lambda done, _total: progress(unchanged + done, total) if progress else None)
    gathered.facts.update(stored)
    gathered.from_store = len(stored)
    for path in gone:
        index.remove(path)
    for path in changed:
        facts = gathered.facts.get(path)
        if facts is not None:
            index.set_note(path, facts)
        elif path in snapshot.notes:
            index.set_unreadable(path)
        else:
            index.add_file(path)
    gathered.gone = notes_gone
    gathered.snapshot_due = len(changed) + len(gone) > SNAPSHOT_AGAIN_ABOVE
    return index, gathered


def index_vault(vault: Vault, files: list[VaultFile] | None = None,
                progress: Progress | None = None, *, store: FactsStore | None = None,
                ) -> tuple[list[VaultFile], VaultIndex]:
    """Read and parse every note of ``files`` (by default, a fresh scan) and build the index.
    With a ``store``, unchanged notes come from it and it learns the rest before returning.
    Unless ``vault``'s repairs defer, the notes a window queued for repair are repaired first.
    ``progress(done, total)`` is called now and then; it may raise to stop the work."""
    if files is None:
        files = vault.scan()
    index, gathered = build_index(vault, files, progress, store)
    # A window may have left notes queued for repair: the answers here hold every repair.
    taken_in = [] if vault.repairs.defers else finish_queued(vault, index, gathered, read_facts)
    if store is not None:
        store.update(gathered.fresh, gathered.gone)
        if (gathered.snapshot_due or taken_in) and save_snapshot(store, index, file_stamps(files)):
            unqueue(vault, taken_in)
    return files, index


@dataclass
class FileUpdate:
    """What a change did to the vault's files, for the tree; the index is already updated."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    # An update too big for a view to follow path by path comes with the tree of every path
    # after it, made off the GUI thread by whoever applied it (None otherwise).
    listing: TreeShape | None = None


@dataclass
class ChangesRead:
    """What the disk holds now at a batch's paths: the files under each, each note's facts
    (None when unreadable), and the files found as the index already has them (not read).
    Read off the GUI thread; applied to the index on it."""

    present: dict[str, list[VaultFile]] = field(default_factory=dict)
    facts: dict[str, NoteFacts | None] = field(default_factory=dict)
    unchanged: set[str] = field(default_factory=set)
    # The notes read whose facts were left to the store (``read_changes``), not in ``facts``.
    stored: set[str] = field(default_factory=set)

    @property
    def fresh(self) -> list[tuple[VaultFile, NoteFacts]]:
        """The notes read, with their facts, for the store."""
        files = {f.path: f for found in self.present.values() for f in found}
        return [(files[path], facts) for path, facts in self.facts.items() if facts is not None]


def _files_under(vault: Vault, path: str) -> list[VaultFile]:
    """``path`` if it is a file of the vault, or every file below it if it is a folder."""
    if vault.abs_path(path).is_dir():
        return vault.scan(path)
    file = vault.stat(path)
    return [file] if file else []


# A file written this recently may be written again within its mtime's granularity, keeping
# its size and mtime: it is read whatever its stamp says (git's "racily clean" files).
RACY_SECONDS = 2


def unchanged_in(index: VaultIndex, known: KnownFiles) -> Callable[[VaultFile], bool]:
    """Whether a file found on disk is as ``index`` has it: known at the same size and mtime,
    not written in the last RACY_SECONDS, and, for a note, read (not left unreadable). A folder
    moved back and forth, or reported again after a re-scan, is then not read and applied again:
    such a batch may bring tens of thousands of files that did not change."""
    written_before = time.time_ns() - RACY_SECONDS * 1_000_000_000

    def unchanged(file: VaultFile) -> bool:
        return (file.mtime_ns < written_before and known.stamp(file.path) == (file.size, file.mtime_ns)
                and (not is_note(file.path) or index.has_facts(file.path)))

    return unchanged


# With a store to leave them to, the facts of a batch's notes are written to it this many at a time.
STORED_EVERY = 500


def read_changes(vault: Vault, paths: Iterable[str], unchanged: Callable[[VaultFile], bool] | None = None,
                 store: FactsStore | None = None) -> ChangesRead:
    """Look at ``paths`` (files or folders created, changed, deleted or moved) on disk now;
    the files ``unchanged`` says the index has as they are are listed, not read. With a
    ``store``, the notes read are written to it as they come and their facts left to it
    (``ChangesRead.stored``), for an index that reads facts back from it (``reads_back``):
    a big batch's facts are then never all in memory at once, only STORED_EVERY notes' at most."""
    read = ChangesRead()
    waiting: list[tuple[VaultFile, NoteFacts]] = []
    for path in sorted(set(paths)):
        read.present[path] = _files_under(vault, path)
        for file in read.present[path]:
            if unchanged is not None and unchanged(file):
                read.unchanged.add(file.path)
            elif is_note(file.path) and file.path not in read.facts and file.path not in read.stored:
                facts = read.facts[file.path] = read_facts(vault, file.path)
                if store is not None and facts is not None:
                    waiting.append((file, facts))
                    if len(waiting) >= STORED_EVERY:
                        _leave_to_store(store, waiting, read)
    if waiting:
        _leave_to_store(store, waiting, read)
    return read


def _leave_to_store(store: FactsStore, notes: list[tuple[VaultFile, NoteFacts]], read: ChangesRead) -> None:
    """Write ``notes`` to ``store`` and drop their facts from ``read``; when the store is
    busy they stay, to be written once the batch is in, as a small batch's are."""
    if store.update(notes):
        for file, _facts in notes:
            del read.facts[file.path]
            read.stored.add(file.path)
    notes.clear()


def _known_under(known: set[str], path: str) -> set[str]:
    if isinstance(known, KnownFiles):
        return known.under(path)
    prefix = path + "/"
    return {p for p in known if p == path or p.startswith(prefix)}


def apply_read_changes(index: VaultIndex, known: set[str], read: ChangesRead) -> FileUpdate:
    """Bring ``index`` and the ``known`` file paths in step with what ``read`` found on disk."""
    update = FileUpdate()
    for path, files in read.present.items():
        present = {f.path: f for f in files}
        previous = _known_under(known, path)
        for gone in sorted(previous - present.keys()):
            index.remove(gone)
            known.discard(gone)
            update.removed.append(gone)
        for current in sorted(present.keys() - read.unchanged):
            if current not in known:
                update.added.append(current)
            elif current in previous:
                update.modified.append(current)
            if isinstance(known, KnownFiles):
                known.record(present[current])
            else:
                known.add(current)
            if current in read.stored:
                file = present[current]
                index.set_stored_note(current, (file.size, file.mtime_ns))
            elif is_note(current):
                note = read.facts.get(current)
                if note is None:
                    index.set_unreadable(current)
                else:
                    index.set_note(current, note)
            else:
                index.add_file(current)
    return update


def apply_changes(vault: Vault, index: VaultIndex, known: set[str], paths: Iterable[str]) -> FileUpdate:
    """Bring ``index`` and the set of ``known`` file paths in step with the disk for ``paths``
    (files or folders that were created, changed, deleted or moved). ``known`` may be a
    KnownFiles, which also keeps sizes and mtimes and finds a folder's files without a scan."""
    return apply_read_changes(index, known, read_changes(vault, paths))


def per_file_slices(read: ChangesRead, known: set[str], files_per_slice: int) -> list[ChangesRead]:
    """``read`` cut into slices of about ``files_per_slice`` files each, to be applied one after
    another (``apply_read_changes``) with the same outcome as ``read`` at once. A folder's
    entry becomes one entry per file that was or is under it."""
    # By file: a file of a moved folder comes both under the folder and as a path of its own.
    by_file: dict[str, list[VaultFile]] = {}
    for path, files in read.present.items():
        present = {f.path for f in files}
        by_file.update((gone, []) for gone in sorted(_known_under(known, path) - present))
        by_file.update((f.path, [f]) for f in files if f.path not in read.unchanged)
    entries = list(by_file.items())
    slices = []
    for start in range(0, len(entries), files_per_slice):
        part = dict(entries[start : start + files_per_slice])
        facts = {p: read.facts[p] for p in part if p in read.facts}
        slices.append(ChangesRead(part, facts, stored={p for p in part if p in read.stored}))
    return slices


def stale_paths(vault: Vault, stamps: dict[str, tuple[int, int]]) -> set[str]:
    """The paths whose file appeared, vanished, or changed size or mtime since ``stamps``
    (path -> (size, mtime_ns)) were taken: what a re-scan finds when file events were lost."""
    files = vault.scan()
    stale = stale_between(stamps, file_stamps(files))
    empty_gradually(files)  # freed at once, a big vault's list would hold the GIL meanwhile
    return stale
