"""A ``spawn`` context whose processes start without the parent's main module.

``spawn`` runs the parent's main script again in each child, so that what it defines can be
unpickled there. A child of Clew's is sent nothing defined there, and the main script is costly:
the window's imports Qt and its panels (half a second or more), the command line's every stage
of Clew (~0.15 s), in each child and in each of its own children. So while a process is being
started, the main module is a blank one; the real one is back as soon as the child's start-up
data is made.
"""

from __future__ import annotations

import multiprocessing.context
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _main_module_left_out() -> Iterator[None]:
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _Process(multiprocessing.context.SpawnProcess):
    def start(self) -> None:
        with _main_module_left_out():
            super().start()


class _Context(multiprocessing.context.SpawnContext):
    Process = _Process


def spawn_context() -> multiprocessing.context.SpawnContext:
    """``multiprocessing.get_context("spawn")``, but its processes (a ``ProcessPoolExecutor``'s
    too, given it as ``mp_context``) start without the parent's main module."""
    return _Context()
