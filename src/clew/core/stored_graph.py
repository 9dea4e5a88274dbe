"""The index as the facts store keeps it: a snapshot of every note's answers and names.

Resolving links and decoding every note's facts are most of a warm start (a million links at
100k notes). A snapshot keeps what the index needs to answer at once: each note's size and
mtime, its links' answers as numbers into a pool of answers, its title, aliases and tags; and
the backlink tables. A reopened vault starts from it and applies what changed on disk since
(files added, gone or changed) as the watcher's changes are applied; each note's facts are
read back from the store's rows only when asked for.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass

from clew.core.links import Resolution

Stamp = tuple[int, int]  # (size, mtime_ns) of a file
# A note in a snapshot: size, mtime_ns, its links' numbers in the pool (array "I" bytes),
# title, aliases, tags.
StoredNoteEntry = tuple[int, int, bytes, str, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Snapshot:
    """``VaultIndex.snapshot``, as ``decode_snapshot`` in the store checks and reads it back."""

    pool: tuple[tuple[str | None, Resolution], ...]
    notes: dict[str, StoredNoteEntry]
    others: dict[str, Stamp]  # the files that are not notes (or were unreadable)
    tables: tuple[dict, dict]


def encode_snapshot(snapshot: Snapshot) -> bytes:
    return pickle.dumps((snapshot.pool, snapshot.notes, snapshot.others, snapshot.tables),
                        protocol=pickle.HIGHEST_PROTOCOL)


def changed_since(snapshot: Snapshot, stamps: Mapping[str, Stamp]) -> tuple[list[str], list[str]]:
    """(the paths that are new or whose size or mtime changed, the paths gone) between
    ``snapshot`` and the files as ``stamps`` has them now."""
    notes, others = snapshot.notes, snapshot.others
    changed = []
    for path, (size, mtime_ns) in stamps.items():
        entry = notes.get(path)
        if entry is None:
            if others.get(path) != (size, mtime_ns):
                changed.append(path)
        elif entry[0] != size or entry[1] != mtime_ns:
            changed.append(path)
    gone = [path for path in (*notes, *others) if path not in stamps]
    return changed, gone
