"""Running long Python work in a child process, so that it does not hold the GUI process's GIL.

Reading a 100k-note vault is half a minute of Python. In a thread of the GUI process it
starves the GUI thread of the GIL (each Qt callback into Python waits for it); in a child
(``child_process``) the calling thread only waits on a pipe. The child reports progress; the
caller may stop the work at any time, which kills the child.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from clew.core.offload.child_process import ChildGone, ChildProcess

# Seconds a child that has answered gets to exit before it is killed.
_EXIT_SECONDS = 5

# Called with (done, total) on progress and with no argument to check in; raising stops the work.
Report = Callable[..., None]

_log = logging.getLogger(__name__)


class ChildFailed(Exception):
    """The work raised in the child, or the child died."""


def _run(work: Callable[..., Any], args: tuple, connection: Connection) -> None:
    """The child: ``work(*args, progress)``; sends each progress, then the outcome. A parent
    that stopped listening (it gave up on the work, or quit) is told nothing, and the child
    ends quietly: a traceback of the broken pipe would reach the terminal Clew was started from."""
    try:
        result = work(*args, lambda done, total: connection.send(("progress", (done, total))))
        connection.send(("done", result))
    except BaseException as error:  # noqa: BLE001 (whatever it is, the parent must hear of it)
        with contextlib.suppress(OSError):
            connection.send(("failed", f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


def run_in_child(work: Callable[..., Any], args: tuple, report: Report, *, name: str, niceness: int = 0,
                 daemon: bool = True, meanwhile: Callable[[], None] | None = None) -> Any:
    """``work(*args, progress)`` (a module-level function, its result picklable) in a child
    process named ``name``, ``niceness`` added to its own; a ``daemon`` child cannot start
    processes of its own. ``report((done, total))`` hears
    the progress, and ``report()`` is called every few hundredths of a second: when either
    raises, the child is killed and the exception goes on. Raises ChildFailed when the work
    raised or the child died. ``meanwhile()`` runs here once the child is started: a child
    takes a third of a second to start, which the caller would only wait."""
    child = ChildProcess(_run, (work, args), name=name, daemon=daemon, niceness=niceness)
    finished = False
    try:
        if meanwhile is not None:
            meanwhile()
        while True:
            try:
                kind, value = child.receive(report)
            except ChildGone as error:
                raise ChildFailed(str(error)) from None
            if kind == "progress":
                report(value)
            elif kind == "done":
                finished = True
                return value
            else:
                raise ChildFailed(value)
    finally:
        child.stop(grace=_EXIT_SECONDS if finished else 0)


def here_or_in_child(here: Callable[[], Any], work: Callable[..., Any], args: tuple, report: Report, *,
                     in_child: bool, name: str, niceness: int = 0,
                     meanwhile: Callable[[], None] | None = None) -> Any:
    """The same answer two ways: ``work(*args, progress)`` in a child process (``run_in_child``)
    when ``in_child``, else ``here()`` in this process; and ``here()`` after all when the child
    fails, which is logged (work too small for a child's start, or a child that cannot run, is
    still done). ``meanwhile()`` runs once: while the child starts, else before ``here()``."""
    if in_child:
        try:
            return run_in_child(work, args, report, name=name, niceness=niceness, meanwhile=meanwhile)
        except ChildFailed as error:  # meanwhile ran as the child started
            _log.warning("%s failed, so its work is done in this process: %s", name, error)
    elif meanwhile is not None:
        meanwhile()
    return here()
