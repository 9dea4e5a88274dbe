"""The cyclic garbage collector paused while many long-lived objects are made, and those objects
kept out of its later passes."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of long-lived objects are made: each
    full collection walks all of them, and they came often enough to make indexing a third
    slower. Reference counting still frees everything that is not a cycle meanwhile. Once
    made, they are moved out of the collector's sight (gc.freeze): a later full collection
    would otherwise walk them all again, a pause of a second on a big vault, in whatever
    thread it happens to run, the GUI thread included."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def pause_collector() -> bool:
    """``bulk_allocation`` for work spread over several turns of an event loop: pause the
    collector now; returns whether it was running, for ``resume_collector``."""
    was_enabled = gc.isenabled()
    gc.disable()
    return was_enabled


def resume_collector(was_enabled: bool) -> None:
    """End what ``pause_collector`` began: what was made meanwhile is moved out of the
    collector's sight, and the collector runs again if it ran before."""
    gc.freeze()
    if was_enabled:
        gc.enable()
