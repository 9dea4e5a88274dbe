"""The files of a vault as the index last saw them: their paths, sizes and mtimes, and what lies under a folder."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from clew.core.memory.parts import dict_in_parts
from clew.core.memory.sorting import sorted_in_pieces
from clew.core.vault.files import VaultFile

# Paths entered into the set per call: a warm opening fills it while the window is first
# painted, and a call over a big vault's every path would hold the GIL through that paint
# (see snapshot._UNPACKED_AT_ONCE).
_ADDED_AT_ONCE = 10_000


class KnownFiles(set):
    """A set of vault paths that also keeps each file's (size, mtime_ns) as last read, and
    answers "which known files lie under this folder" in O(log n + found) (a sorted copy of
    the paths), where a plain set would have to look at every path."""

    def __init__(self, files: Iterable[VaultFile] = ()) -> None:
        self._fill({f.path: (f.size, f.mtime_ns) for f in files})

    @classmethod
    def from_columns(cls, paths: Sequence[str], sizes: Sequence[int], mtimes: Sequence[int]) -> "KnownFiles":
        """The files known as three columns have them: each path, its size and its mtime_ns.
        A stored snapshot's, read back, are columns already: no table of stamps to copy."""
        known = cls.__new__(cls)  # set.__new__ makes it empty; _fill does what __init__ would
        known._fill(dict_in_parts(paths, sizes, mtimes))
        return known

    def _fill(self, stamps: dict[str, tuple[int, int]]) -> None:
        paths = list(stamps)
        for start in range(0, len(paths), _ADDED_AT_ONCE):  # see _ADDED_AT_ONCE
            super().update(paths[start : start + _ADDED_AT_ONCE])
        self._stamps = stamps
        # Sorted from the files' order: a scan's is sorted already, which sorting finds in one
        # pass (the set's own order is random, and sorting that is a full sort).
        self._sorted: list[str] = sorted_in_pieces(stamps)

    def add(self, path: str) -> None:
        if path not in self:
            super().add(path)
            bisect.insort(self._sorted, path)

    def discard(self, path: str) -> None:
        if path in self:
            super().discard(path)
            del self._sorted[bisect.bisect_left(self._sorted, path)]
            self._stamps.pop(path, None)

    def record(self, file: VaultFile) -> None:
        """``file`` is known with this size and mtime."""
        self.add(file.path)
        self._stamps[file.path] = (file.size, file.mtime_ns)

    def sorted_paths(self) -> list[str]:
        return list(self._sorted)

    def stamp(self, path: str) -> tuple[int, int] | None:
        """The (size, mtime_ns) ``path`` was last read at, or None when it is not known."""
        return self._stamps.get(path)

    def copy_stamps(self) -> dict[str, tuple[int, int]]:
        """Each path's (size, mtime_ns), as a plain dict another thread may read."""
        return dict(self._stamps)

    def under(self, path: str) -> set[str]:
        """``path`` itself if known, and every known file inside the folder ``path``."""
        prefix = path + "/"
        found = {path} if path in self else set()
        position = bisect.bisect_left(self._sorted, prefix)
        while position < len(self._sorted) and self._sorted[position].startswith(prefix):
            found.add(self._sorted[position])
            position += 1
        return found
