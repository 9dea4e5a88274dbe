"""Big tables made a part at a time: one ``dict()`` or ``update`` over a big vault's entries is
one call, which holds the GIL through every resize of the table (5-50 ms at 100k entries)
while the window is being shown."""

from __future__ import annotations

from collections.abc import Sequence

# Entries added per call.
ITEMS_AT_ONCE = 10_000


def dict_in_parts(keys: Sequence, *columns: Sequence, size: int = ITEMS_AT_ONCE) -> dict:
    """``dict(zip(keys, column))`` of one column of values, or of the tuples of several
    (``dict(zip(keys, zip(*columns)))``), made ``size`` entries at a time."""
    table: dict = {}
    for start in range(0, len(keys), size):
        end = start + size
        parts = [column[start:end] for column in columns]
        table.update(zip(keys[start:end], parts[0] if len(parts) == 1 else zip(*parts)))
    return table
