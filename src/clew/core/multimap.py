"""A dict from a key to a set of strings, compact: most keys of a vault's indexes (a file name, a
link target) lead to one path or a few, kept as the string itself or a tuple; an empty set
alone costs 216 bytes, one of ten strings 728."""

from __future__ import annotations

from collections.abc import Collection, Iterator

# Up to this many strings under a key are a tuple (looked through, copied to add); more, a set.
TUPLE_MOST = 16


class StringMultimap:
    """key -> the strings added under it (no repeats; in no order to rely on)."""

    __slots__ = ("_table",)

    def __init__(self, table: dict[str, str | tuple[str, ...] | set[str]] | None = None) -> None:
        self._table: dict[str, str | tuple[str, ...] | set[str]] = {} if table is None else table

    @classmethod
    def from_lists(cls, lists: dict[str, list[str]]) -> "StringMultimap":
        """The multimap holding each key's list of strings (no repeats within a list)."""
        table: dict[str, str | tuple[str, ...] | set[str]] = {}
        for key, values in lists.items():
            table[key] = values[0] if len(values) == 1 else tuple(values) if len(values) <= TUPLE_MOST else set(values)
        return cls(table)

    @property
    def table(self) -> dict[str, str | tuple[str, ...] | set[str]]:
        """What is kept, as kept: to be stored, and given back to ``__init__``; not to be changed."""
        return self._table

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def get(self, key: str) -> Collection[str]:
        """The strings under ``key`` (empty when none); do not change what is returned."""
        found = self._table.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, str) else found

    def add(self, key: str, value: str) -> None:
        table = self._table
        found = table.get(key)
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

    def discard(self, key: str, value: str) -> None:
        table = self._table
        found = table.get(key)
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
