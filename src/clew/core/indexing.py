"""Reading a whole vault into a VaultIndex, and re-reading the files a change touched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from clew.core.bulkread import GatheredFacts, Progress, bulk_allocation, gather_facts
from clew.core.index import VaultIndex
from clew.core.knownfiles import KnownFiles
from clew.core.mojibake import repair_note
from clew.core.parsing import NoteFacts, parse_note
from clew.core.reading import NoteText, NoteUnreadable, read_note
from clew.core.store import FactsStore
from clew.core.stored_graph import encode_graph, graph_fingerprint
from clew.core.vault import Vault, VaultFile, is_note


def read_facts(vault: Vault, path: str) -> NoteFacts | None:
    """The facts of the note at ``path``, or None when it cannot be read (gone, binary, …)."""
    try:
        note = read_note(vault.abs_path(path))
    except NoteUnreadable:
        return None
    if note.binary:
        return NoteFacts(title=PurePosixPath(path).stem)
    return parse_note(text_as_parsed(note), path)


def text_as_parsed(note: NoteText) -> str:
    """The text of a note read from disk as the parser sees it: mojibake repaired."""
    fixed = repair_note(note.text, note.encoding)
    return fixed.text if fixed else note.text


def build_index(vault: Vault, files: list[VaultFile], progress: Progress | None = None,
                store: FactsStore | None = None) -> tuple[VaultIndex, GatheredFacts]:
    """The index of ``files``, with their facts taken from ``store`` where the file did not
    change, else read; also what the store should be told (see ``FactsStore.update``)."""
    with bulk_allocation():
        gathered = gather_facts(vault, files, read_facts, store, progress)
        index = VaultIndex()
        if store is None:
            index.build((f.path for f in files), gathered.facts)
            return index, gathered
        stamps = {f.path: (f.size, f.mtime_ns) for f in files}
        fingerprint = graph_fingerprint(stamps, {path: facts.aliases for path, facts in gathered.facts.items()})
        graph = store.load_graph() if gathered.from_store else None
        if graph is None or graph.fingerprint != fingerprint:
            index.build(stamps, gathered.facts)
            store.save_graph(encode_graph(fingerprint, stamps, index.resolutions(), index.tables()))
        else:
            # Only the notes read afresh are resolved; their answers are kept the next time
            # the files or aliases change (until then, they are few and resolved each time).
            fresh = {f.path for f, _facts in gathered.fresh}
            known = {path: None if path in fresh else graph.resolutions(path, stamps[path], len(facts.links))
                     for path, facts in gathered.facts.items()}
            whole = len(graph.entries) == len(known) and all(found is not None for found in known.values())
            index.build(stamps, gathered.facts, known, graph.tables if whole else None)
    return index, gathered


def index_vault(vault: Vault, files: list[VaultFile] | None = None,
                progress: Progress | None = None, *, store: FactsStore | None = None,
                ) -> tuple[list[VaultFile], VaultIndex]:
    """Read and parse every note of ``files`` (by default, a fresh scan) and build the index.
    With a ``store``, unchanged notes come from it and it learns the rest before returning.
    ``progress(done, total)`` is called now and then; it may raise to stop the work."""
    if files is None:
        files = vault.scan()
    index, gathered = build_index(vault, files, progress, store)
    if store is not None:
        store.update(gathered.fresh, gathered.gone)
    return files, index


@dataclass
class FileUpdate:
    """What a change did to the vault's files, for the tree; the index is already updated."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)


@dataclass
class ChangesRead:
    """What the disk holds now at a batch's paths: the files under each, and each note's facts
    (None when unreadable). Read off the GUI thread; applied to the index on it."""

    present: dict[str, list[VaultFile]] = field(default_factory=dict)
    facts: dict[str, NoteFacts | None] = field(default_factory=dict)

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


def read_changes(vault: Vault, paths: Iterable[str]) -> ChangesRead:
    """Look at ``paths`` (files or folders created, changed, deleted or moved) on disk now."""
    read = ChangesRead()
    for path in sorted(set(paths)):
        read.present[path] = _files_under(vault, path)
        for file in read.present[path]:
            if is_note(file.path) and file.path not in read.facts:
                read.facts[file.path] = read_facts(vault, file.path)
    return read


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
        for current in sorted(present):
            if current not in known:
                update.added.append(current)
            elif current in previous:
                update.modified.append(current)
            if isinstance(known, KnownFiles):
                known.record(present[current])
            else:
                known.add(current)
            if is_note(current):
                note = read.facts.get(current)
                if note is None:
                    # Unreadable for now, but still a file links may reach, as in a fresh index.
                    index.remove(current)
                    index.add_file(current)
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
    entries: list[tuple[str, list[VaultFile]]] = []
    for path, files in read.present.items():
        present = {f.path for f in files}
        entries += [(gone, []) for gone in sorted(_known_under(known, path) - present)]
        entries += [(f.path, [f]) for f in files]
    slices = []
    for start in range(0, len(entries), files_per_slice):
        part = dict(entries[start : start + files_per_slice])
        facts = {p: read.facts[p] for p in part if p in read.facts}
        slices.append(ChangesRead(part, facts))
    return slices


def stale_paths(vault: Vault, stamps: dict[str, tuple[int, int]]) -> set[str]:
    """The paths whose file appeared, vanished, or changed size or mtime since ``stamps``
    (path -> (size, mtime_ns)) were taken: what a re-scan finds when file events were lost."""
    files = vault.scan()
    changed = {f.path for f in files if stamps.get(f.path) != (f.size, f.mtime_ns)}
    return changed | (stamps.keys() - {f.path for f in files})
