"""A child process and the pipe to it: the one mechanism every child of Clew's runs on.

The child is a ``spawn`` child, never a fork of a process running Qt threads, started without
the parent's main script (``spawning``). The parent waits for its messages in short polls, so
that between them it can ask whether it still wants the answer, and give up at a deadline.
Stopping kills the child, whatever it is stuck in (no thread could be interrupted so), and
reaps it, so that no zombie is left behind.
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from typing import Any

from clew.core.spawning.context import spawn_context

# How often a waiting parent checks whether it still wants the answer.
_POLL_SECONDS = 0.05
# Seconds a killed child gets to be reaped.
_REAP_SECONDS = 5


class ChildGone(Exception):
    """The child closed its end of the pipe: it exited or died."""


class TimeLimit(Exception):
    """No message came from the child before the deadline."""


def _at_lower_priority(niceness: int, work: bytes, connection) -> None:
    """The child of a ``niceness``: lowers its priority, then unpickles ``work`` and runs it.
    Unpickling imports the modules the work is defined in (0.1-0.2 s of CPU for the index's or
    the repair's), which at the parent's priority took a core from the window just as it
    filled its panels."""
    if hasattr(os, "nice"):
        os.nice(niceness)
    target, args = pickle.loads(work)
    target(*args, connection)


class ChildProcess:
    """``target(*args, connection)`` started in a child process named ``name``, ``connection``
    its end of the pipe: it only sends unless ``duplex``. A ``daemon`` child cannot start
    processes of its own, and is killed when this process exits. ``niceness`` is added to the
    child's own before it loads anything of its work."""

    def __init__(self, target: Callable[..., None], args: tuple, *, name: str, daemon: bool = True,
                 duplex: bool = False, niceness: int = 0) -> None:
        context = spawn_context()
        self._connection, theirs = context.Pipe(duplex=duplex)  # unless duplex, ours only receives
        if niceness:
            target, args = _at_lower_priority, (niceness, pickle.dumps((target, args)))
        self._process = context.Process(target=target, args=(*args, theirs), name=name, daemon=daemon)
        self._process.start()
        theirs.close()

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def is_alive(self) -> bool:
        return self._process.is_alive()

    def send(self, message: Any) -> None:
        """Send ``message`` (picklable) to a ``duplex`` child. Raises ChildGone when it is gone."""
        try:
            self._connection.send(message)
        except OSError as error:
            raise ChildGone(self._gone()) from error

    def receive(self, check: Callable[[], None] | None = None, deadline: float | None = None) -> Any:
        """The child's next message. ``check()`` is called first and every few hundredths of a
        second while waiting: whatever it raises goes on (the caller then stops the child).
        Raises TimeLimit once ``deadline`` (``time.monotonic``) has passed, ChildGone when the
        child closed its end of the pipe."""
        while True:
            if check is not None:
                check()
            wait = _POLL_SECONDS
            if deadline is not None:
                wait = min(wait, deadline - time.monotonic())
                if wait <= 0:
                    raise TimeLimit
            try:
                if self._connection.poll(wait):
                    return self._connection.recv()
            except (EOFError, OSError):
                raise ChildGone(self._gone()) from None

    def _gone(self) -> str:
        # A child that died is reaped here, in a moment, to say how it ended.
        self._process.join(_POLL_SECONDS)
        return f"{self._process.name} stopped (exit code {self._process.exitcode})"

    def stop(self, grace: float = 0) -> None:
        """Give the child ``grace`` seconds to exit by itself, then kill it, and reap it. The
        pipe is closed after the kill: closed first, a child sending just then would meet a
        broken pipe while still alive."""
        if grace:
            self._process.join(grace)
        if self._process.is_alive():
            self._process.kill()
        self._process.join(_REAP_SECONDS)
        self._connection.close()
        self._process.close()
