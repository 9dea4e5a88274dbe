"""The link graph as the facts store keeps it: what each note's links resolved to.

Resolving is most of a warm start (a million links at 100k notes). The answers hold while the
vault has the same files and the same aliases, which a fingerprint of both names; a note's
answers also need the note unchanged, which its size and mtime tell. So a reopened vault whose
files did not move resolves only the links of the notes that changed.
"""

from __future__ import annotations

import hashlib
import pickle
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from clew.core.links import Resolution

Stamp = tuple[int, int]  # (size, mtime_ns) of a file


def graph_fingerprint(paths: Iterable[str], aliases: Mapping[str, tuple[str, ...]]) -> str:
    """Names the vault's set of files and every note's aliases: all a link's file depends on
    besides the link itself and the folder of its note."""
    digest = hashlib.sha256()
    digest.update("\0".join(sorted(paths)).encode("utf-8", "surrogateescape"))
    for note in sorted(aliases):
        if aliases[note]:
            digest.update(repr((note, aliases[note])).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def encode_graph(fingerprint: str, stamps: Mapping[str, Stamp],
                 resolutions: Mapping[str, tuple[Resolution, ...]], tables: tuple[dict, dict]) -> bytes:
    """The blob the store keeps. Equal answers are kept once (most links of a vault reach the
    same few answers), each note's as an array of their numbers; with the index's ``tables``."""
    pool: dict[Resolution, int] = {}
    entries = {}
    for path, found in resolutions.items():
        stamp = stamps.get(path)
        if stamp is not None:
            picks = array("I", [pool.setdefault(resolution, len(pool)) for resolution in found])
            entries[path] = (stamp[0], stamp[1], picks.tobytes())
    return pickle.dumps((fingerprint, tuple(pool), entries, tables), protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True)
class StoredGraph:
    """A graph read back (see ``decode_graph`` in the store, which checks its shape)."""

    fingerprint: str
    pool: tuple[Resolution, ...]
    entries: dict[str, tuple[int, int, bytes]]
    tables: tuple[dict, dict]

    def resolutions(self, path: str, stamp: Stamp, link_count: int) -> tuple[Resolution, ...] | None:
        """The answers for the links of ``path`` as its file is now (``stamp``), or None when
        they were kept for another version of it (or not at all)."""
        entry = self.entries.get(path)
        if entry is None or (entry[0], entry[1]) != stamp:
            return None
        picks = array("I")
        picks.frombytes(entry[2])
        if len(picks) != link_count or (picks and max(picks) >= len(self.pool)):
            return None
        pool = self.pool
        return tuple(pool[i] for i in picks)
