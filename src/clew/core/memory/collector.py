"""The cyclic garbage collector paused while many long-lived objects are made, and those objects
kept out of its later passes."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    """The pauses under way, in every thread. The collector is one for the whole process: a
    pause that ended turned it back on under another thread's pause still under way, and a full
    pass then ran in that thread, over a big vault's objects, holding the GIL (and the window)
    for 30-100 ms. It runs again once the last pause ends."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._under_way = 0
        self._was_enabled = False

    def begin(self) -> None:
        with self._lock:
            if self._under_way == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._under_way += 1

    def end(self) -> None:
        """Move what was made out of the collector's sight (gc.freeze): a later full pass would
        otherwise walk it all again, a pause of a second on a big vault, in whatever thread it
        happens to run, the GUI thread included."""
        with self._lock:
            gc.freeze()
            self._under_way -= 1
            if self._under_way == 0 and self._was_enabled:
                gc.enable()


# One per process, as the collector is.
_PAUSES = _Pauses()


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of long-lived objects are made: each
    full collection walks all of them, and they came often enough to make indexing a third
    slower. Reference counting still frees everything that is not a cycle meanwhile."""
    _PAUSES.begin()
    try:
        yield
    finally:
        _PAUSES.end()


def pause_collector() -> None:
    """``bulk_allocation`` for work spread over several turns of an event loop: pause the
    collector now, until ``resume_collector``."""
    _PAUSES.begin()


def resume_collector() -> None:
    """End what ``pause_collector`` began."""
    _PAUSES.end()
