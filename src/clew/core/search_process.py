"""Writing the search index in a child process, so that its Python work does not hold the GIL.

Bringing the index of a 100k-note vault in step reads, repairs and parses every note and feeds
FTS5: half a minute of Python. In a thread of the GUI process it starves the GUI thread and the
note renders of the GIL; in a ``spawn`` child (never a fork of a process running Qt threads) the
calling thread only waits on a pipe. SQLite's WAL lets queries read meanwhile. The child runs at
a lower priority, so the GUI and the render worker win the CPU on a small machine.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from clew.core.search import SearchIndex
from clew.core.vault import Vault

PROCESS_NAME = "clew-search-index"
# Added to the child's niceness: the index can wait, the window cannot.
CHILD_NICENESS = 10
# How often the waiting thread checks whether the work is still wanted.
_POLL_SECONDS = 0.05
# Seconds a child that has answered gets to exit before it is killed; and to be reaped after.
_JOIN_SECONDS = 5

# Called with (done, total) on progress and with no argument to check in; raising stops the work.
Report = Callable[..., None]


class SearchProcessFailed(Exception):
    """The child could not write the index, or died."""


def _write(db_path: Path, vault: Vault, paths: list[str] | None, connection: Connection) -> None:
    """The child: sync the whole vault (``paths`` None) or update ``paths``; send progress, then
    the outcome."""
    if hasattr(os, "nice"):
        os.nice(CHILD_NICENESS)
    try:
        index = SearchIndex(db_path)
        if paths is None:
            count = index.sync(vault, progress=lambda done, total: connection.send(("progress", (done, total))))
        else:
            index.update(vault, paths)
            count = len(paths)
        connection.send(("done", count))
    except BaseException as error:  # noqa: BLE001 (whatever it is, the parent must hear of it)
        connection.send(("failed", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def write_in_process(db_path: Path, vault: Vault, paths: list[str] | None, report: Report) -> int:
    """Sync the index at ``db_path`` with the whole vault (``paths`` None) or re-read ``paths``,
    in a child process; returns how many notes were read. ``report((done, total))`` hears the
    progress, and ``report()`` is called every few hundredths of a second: when either raises,
    the child is killed and the exception goes on."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_write, args=(Path(db_path), vault, paths, sending),
                              name=PROCESS_NAME, daemon=True)
    process.start()
    sending.close()
    finished = False
    try:
        while True:
            report()
            if not receiving.poll(_POLL_SECONDS):
                continue
            try:
                kind, value = receiving.recv()
            except EOFError:
                raise SearchProcessFailed(f"the search indexer stopped (exit code {process.exitcode})") from None
            if kind == "progress":
                report(value)
            elif kind == "done":
                finished = True
                return value
            else:
                raise SearchProcessFailed(value)
    finally:
        receiving.close()
        if finished:
            process.join(_JOIN_SECONDS)  # it only has to exit
        if process.is_alive():
            process.kill()
        process.join(_JOIN_SECONDS)
        process.close()
