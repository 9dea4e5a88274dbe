"""Big lists sorted without holding the GIL for long."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from itertools import chain, islice

# Items sorted in one call, at most: a few thousand paths take about a millisecond of C.
SORT_PIECE = 4096


def sorted_in_pieces(items: Iterable, key: Callable | None = None) -> list:
    """``sorted(items, key=key)``, made without holding the GIL for long. One sort is a call
    of C that never lets the GIL go: 12-15 ms for a big vault's 100k paths even when they are
    in order already (each comparison reaches two strings elsewhere in memory), 50-90 ms for
    the switcher's notes by a key. Pieces of a few thousand are sorted one call each. Pieces
    that follow each other in order (a walk's paths, a snapshot's) are joined as they are;
    others are merged in Python, which lets the GIL go (``heapq.merge`` keeps ties in order,
    as ``sorted`` does)."""
    unsorted = iter(items)  # taken a piece at a time: list() of a dict's items is one call too
    pieces = []
    while piece := sorted(islice(unsorted, SORT_PIECE), key=key):
        pieces.append(piece)
    if len(pieces) <= 1:
        return pieces[0] if pieces else []
    by = key if key is not None else _itself
    if all(by(before[-1]) <= by(after[0]) for before, after in zip(pieces, pieces[1:])):
        return list(chain.from_iterable(pieces))
    return list(heapq.merge(*pieces, key=key))


def _itself(item):
    return item
