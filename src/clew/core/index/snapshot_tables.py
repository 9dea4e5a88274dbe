"""The tables an index and its snapshot hand each other: a snapshot's table taken as a restored
index's own, the table of sources by target key made again when the store's cannot be trusted,
and each note's entry as the store keeps it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from clew.core.index.link_listing import pool_numbers
from clew.core.index.results import NoteNames
from clew.core.index.snapshot import Stamp, StoredNoteEntry
from clew.core.links.multimap import StringMultimap


def own_table(table: dict | StringMultimap, names: Sequence[str]) -> StringMultimap:
    """A snapshot's table as a multimap of the restored index's own: read back from the store,
    a dict whose values are numbers into ``names``; taken from a live index's snapshot, that
    index's multimap, copied (``StringMultimap.items``), as the two then change apart."""
    if isinstance(table, StringMultimap):
        return StringMultimap({key: set(value) if type(value) is set else value for key, value in table.items()})
    return StringMultimap(table, names)


def sources_by_key_made(outgoing: Mapping[str, bytes], pool_keys: Sequence[str | None]) -> StringMultimap:
    """target key -> the notes with a link of that key, made again from every note's answers
    (``outgoing``: note -> its links' numbers into the pool, whose keys are ``pool_keys``): a
    pass over every link of the vault."""
    by_key: defaultdict[str, list[str]] = defaultdict(list)
    for source, picks in outgoing.items():
        for key in {pool_keys[number] for number in pool_numbers(picks)} - {None}:
            by_key[key].append(source)
    return StringMultimap.from_lists(by_key)


def stored_entries(outgoing: Mapping[str, bytes], stored: Mapping[str, StoredNoteEntry],
                   stamps: Mapping[str, Stamp], names: Callable[[str], NoteNames | None]) -> dict[str, StoredNoteEntry]:
    """Each note's entry in a snapshot for the files as ``stamps`` saw them: its answers
    (``outgoing``) and its names; notes without a stamp are left out."""
    notes: dict[str, StoredNoteEntry] = {}
    for path, picks in outgoing.items():
        stamp = stamps.get(path)
        if stamp is None:
            continue
        entry = stored.get(path)
        if entry is not None and entry.picks is picks and (entry.size, entry.mtime_ns) == stamp:
            # The entry it was restored or linked with: a new one for each note would add
            # ~10 MB at 100k notes to the window's memory while the snapshot is saved.
            notes[path] = entry
            continue
        note_names = names(path)
        if note_names is not None:
            notes[path] = StoredNoteEntry(*stamp, picks, note_names.title, note_names.aliases, note_names.tags)
    return notes
