"""A dict from a key to a set of strings, compact: most keys of a vault's indexes (a file name, a
link target) lead to one path or a few, kept as the string itself or a tuple; an empty set
alone costs 216 bytes, one of ten strings 728."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from operator import itemgetter

from clew.core.memory.parts import dict_in_parts
from clew.core.memory.release import empty_gradually

# Up to this many strings under a key are a tuple (looked through, copied to add); more, a set.
TUPLE_MOST = 16


class StringMultimap:
    """key -> the strings added under it (no repeats; in no order to rely on)."""

    __slots__ = ("_table", "_names")

    def __init__(self, table: dict[str, str | tuple[str, ...] | set[str] | bytes] | None = None,
                 names: Sequence[str] = ()) -> None:
        """``table`` is taken over as it is. Its values may also be array "I" bytes: the numbers
        of strings in ``names``, made strings when their key is first used. A restored index's
        tables come so from the store: decoding every value at once would hold up a warm start
        for keys most sessions never ask about."""
        self._table: dict[str, str | tuple[str, ...] | set[str] | bytes] = {} if table is None else table
        self._names = names

    @classmethod
    def from_lists(cls, lists: dict[str, list[str]]) -> "StringMultimap":
        """The multimap holding each key's list of strings (no repeats within a list)."""
        table: dict[str, str | tuple[str, ...] | set[str]] = {}
        for key, values in lists.items():
            table[key] = values[0] if len(values) == 1 else tuple(values) if len(values) <= TUPLE_MOST else set(values)
        return cls(table)

    def items(self) -> Iterator[tuple[str, str | tuple[str, ...] | set[str]]]:
        """Each key and what is kept under it, to be stored; a value still numbers is decoded
        for the caller only. Decoded for good, every value of a restored table would stay
        strings once a snapshot was saved (a tuple of references where array bytes held the
        numbers: tens of MB at 100k notes). Nothing may change the table meanwhile."""
        names = self._names
        for key, value in self._table.items():
            yield key, _decoded(value, names) if type(value) is bytes else value

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def get(self, key: str) -> Collection[str]:
        """The strings under ``key`` (empty when none); do not change what is returned."""
        found = self._table.get(key)
        if type(found) is bytes:
            found = self._decode(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, str) else found

    def add(self, key: str, value: str) -> None:
        table = self._table
        found = table.get(key)
        if type(found) is bytes:
            found = self._decode(key)
        if found is None:
            table[key] = value
        elif isinstance(found, str):
            if found != value:
                table[key] = (found, value)
        elif isinstance(found, tuple):
            if value not in found:
                table[key] = found + (value,) if len(found) < TUPLE_MOST else {*found, value}
        else:
            found.add(value)

    def add_all(self, keys: Iterable[str], values: Iterable[str]) -> None:
        """``add`` of each of ``values`` under the key beside it (no value twice). Into an empty
        table, entered in one call, then the few keys that came more than once added to: a
        warm start fills the resolver's tables with every path of a big vault (~100k ``add``
        calls, ~70 ms a table)."""
        if self._table:
            for key, value in zip(keys, values):
                self.add(key, value)
            return
        keys, values = list(keys), list(values)
        table = self._table = dict_in_parts(keys, values)
        if len(table) == len(keys):
            return
        # Each key holds the last of its values: the others are added to it.
        for key, value in zip(keys, values):
            if table[key] is not value:
                self.add(key, value)

    def discard(self, key: str, value: str) -> None:
        table = self._table
        found = table.get(key)
        if type(found) is bytes:
            found = self._decode(key)
        if found is None:
            return
        if isinstance(found, str):
            if found == value:
                del table[key]
            return
        if isinstance(found, tuple):
            if value in found:
                rest = tuple(v for v in found if v != value)
                table[key] = rest[0] if len(rest) == 1 else rest
            return
        found.discard(value)
        if len(found) <= TUPLE_MOST:
            table[key] = tuple(found)

    def dismantle(self) -> None:
        """Empty the table an entry at a time (see ``VaultIndex.dismantle``)."""
        empty_gradually(self._table)

    def _decode(self, key: str) -> str | tuple[str, ...] | set[str]:
        """What is kept under ``key``, still numbers, decoded and kept so. (Asked for only when
        a value is bytes: a call on every ``add`` would slow building the resolver's tables.)"""
        found = self._table[key] = _decoded(self._table[key], self._names)  # type: ignore[arg-type]
        return found


def _decoded(numbers: bytes, names: Sequence[str]) -> str | tuple[str, ...] | set[str]:
    """The strings of ``names`` that ``numbers`` (array "I" bytes) count, as a table keeps them."""
    found = itemgetter(*memoryview(numbers).cast("I"))(names)
    if type(found) is str:
        return found
    return found if len(found) <= TUPLE_MOST else set(found)
