"""The distinct answers a vault's links get, numbered, and kept as columns.

A vault's links reach several times fewer distinct answers: the key of a link's target and
its Resolution. Each note keeps its links as numbers into this pool. Held as Resolution
objects, a warm start would make every one of them from the store and hash each by value, a
Python call, to number them again. Held as columns (the key, the path reached, and the number
of the rest: how, letter case, candidates, reason, of which a vault has a handful) they are
read back in one quick call per column, backlinks compare paths without making any object,
and a Resolution is made only for a link that is shown.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from clew.core.links.model import How, Resolution, Unresolved
from clew.core.memory.release import empty_gradually

# Everything of an answer but its key and path: how, case-insensitive, candidates, reason.
Shape = tuple[How | None, bool, tuple[str, ...], Unresolved | None]

# A key's answers are looked through in a list up to this many; more, a table by path and shape.
_LISTED_MOST = 8
# The identity cache of ``AnswerPool.number`` forgets everything past this many answers.
NUMBERS_BY_IDENTITY_KEPT = 50_000

_EXTERNAL = Resolution(None)  # a URL: nothing in the vault to reach
_EXTERNAL_SHAPE: Shape = (None, False, (), None)


def shape_of(resolution: Resolution) -> Shape:
    return (resolution.how, resolution.case_insensitive, resolution.candidates, resolution.reason)


@dataclass(frozen=True)
class AnswerColumns:
    """An answer pool as the store keeps it: answer ``n`` is (``keys[n]``, a Resolution of
    ``paths[n]`` and ``shapes[codes[n]]``); ``codes`` is array "I" bytes."""

    keys: list[str | None]
    paths: list[str | None]
    shapes: list[Shape]
    codes: bytes


class AnswerPool:
    """The answers (target key, Resolution) of a vault's links, each by its number. Number 0
    is a URL's answer (no key: no file change can touch it)."""

    EXTERNAL = 0

    def __init__(self, columns: AnswerColumns | None = None) -> None:
        if columns is None:
            columns = AnswerColumns([None], [None], [_EXTERNAL_SHAPE], array("I", [0]).tobytes())
        # Read directly by the index's loops over a note's links: a list lookup per link.
        self.keys = columns.keys
        self.paths = columns.paths
        self._shapes = columns.shapes
        self._codes = array("I", columns.codes)
        self._made: list[Resolution | None] = [None] * len(self.keys)
        self._made[self.EXTERNAL] = _EXTERNAL
        self._shape_numbers = {shape: number for number, shape in enumerate(self._shapes)}
        # key -> the number of its one answer, or a list of the numbers of its few answers, or
        # a table of its many by (path, shape's number): most keys have one. Not one table by
        # (key, path, shape): a tuple for each of a big vault's answers took ~12 MB more at
        # 100k notes.
        self._numbers: dict[str | None, int | list[int] | dict[tuple[str | None, int], int]] | None = None
        self._by_identity: dict[tuple[str, int], tuple[Resolution, int]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def resolution(self, number: int) -> Resolution:
        made = self._made[number]
        if made is None:
            how, case_insensitive, candidates, reason = self._shapes[self._codes[number]]
            made = self._made[number] = Resolution(self.paths[number], how, case_insensitive, candidates, reason)
        return made

    @property
    def ready(self) -> bool:
        """Whether the answers held are numbered (``ready_for_changes`` made its table)."""
        return self._numbers is not None

    def ready_for_changes(self) -> None:
        """Make now what the first new answer would make: the numbers of the answers held, an
        entry for each, which a background task can make instead of the GUI thread. Nothing may
        change the pool meanwhile."""
        if self._numbers is None:
            # A loop, not one dict() call: that call would hold the GIL until the whole table
            # is made, and stall the window; a loop lets other threads in.
            self._numbers = {}
            for number, key in enumerate(self.keys):
                self._enter(key, number)

    def number(self, key: str, resolution: Resolution) -> int:
        """The number of the answer (``key``, ``resolution``), added if new. Equal answers are
        mostly the same object (the resolver shares them), found by identity first."""
        by_identity = self._by_identity.get((key, id(resolution)))
        if by_identity is not None and by_identity[0] is resolution:
            return by_identity[1]
        shape = shape_of(resolution)
        code = self._shape_numbers.get(shape)
        if code is None:
            code = self._shape_numbers[shape] = len(self._shapes)
            self._shapes.append(shape)
        self.ready_for_changes()
        number = self._number_of(key, resolution.path, code)
        if number is None:
            number = len(self.keys)
            self.keys.append(key)
            self.paths.append(resolution.path)
            self._codes.append(code)
            self._enter(key, number)
            # Made again when shown: kept here, a big batch (a folder moved) would keep one
            # for each of the many answers it adds, shown or not.
            self._made.append(None)
        if len(self._by_identity) >= NUMBERS_BY_IDENTITY_KEPT:
            self._by_identity.clear()
        self._by_identity[(key, id(resolution))] = (resolution, number)
        return number

    def _number_of(self, key: str, path: str | None, code: int) -> int | None:
        """The number of the answer held for (``key``, ``path``, ``code``), None if none."""
        found = self._numbers.get(key)
        if found is None:
            return None
        if type(found) is dict:
            return found.get((path, code))
        paths, codes = self.paths, self._codes
        for number in (found,) if type(found) is int else found:
            if paths[number] == path and codes[number] == code:
                return number
        return None

    def _enter(self, key: str | None, number: int) -> None:
        """Enter answer ``number`` (held already) under its ``key`` in ``_numbers``."""
        numbers = self._numbers
        found = numbers.setdefault(key, number)
        if found is number:
            return
        if type(found) is int:
            numbers[key] = [found, number]
        elif type(found) is list and len(found) < _LISTED_MOST:
            found.append(number)
        else:
            if type(found) is list:
                found = numbers[key] = {(self.paths[n], self._codes[n]): n for n in found}
            found.setdefault((self.paths[number], self._codes[number]), number)

    def forget_identities(self) -> None:
        """Forget which objects ``number`` has seen: once a batch of changes is in, the resolver
        shares other answers, and up to NUMBERS_BY_IDENTITY_KEPT of these (~250 bytes each, with
        the answer each keeps) would stay for nothing."""
        self._by_identity.clear()

    def columns(self) -> AnswerColumns:
        """A copy of the pool as the store keeps it."""
        return AnswerColumns(list(self.keys), list(self.paths), list(self._shapes), self._codes.tobytes())

    def dismantle(self) -> None:
        """Empty the pool a table entry at a time (see ``VaultIndex.dismantle``)."""
        for table in (self._numbers or {}, self._by_identity, self._made, self.keys, self.paths):
            empty_gradually(table)
