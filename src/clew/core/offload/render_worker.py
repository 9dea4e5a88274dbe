"""Notes rendered in a separate process under a time limit, so a hostile note costs ~2 s, not the app.

Python-Markdown can take minutes on a few KB of nested brackets, and a thread cannot be
stopped; a process can. The worker is a ``spawn`` child (never a fork of a process running Qt
threads); when a render overruns or the child dies, the child is killed and a fresh one started,
and the note is shown as plain text with a notice that says why.

Told that the vault holds mis-encoded notes (``prepare_repairs``), the idle child gets ready to
repair them (``repair_preload``), so that the first one opened does not wait for the repair's
imports and models."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from clew.core.offload.child_process import ChildGone, ChildProcess, TimeLimit
from clew.core.render.formulas import FormulaError, MathStyle, draw_formula
from clew.core.render.page import (
    LoadedNote, RenderRequest, RenderResult, load_page, plain_page, render_loaded,
)
from clew.core.render.markdown import render_note
from clew.core.text.repair_preload import preload_steps

# Seconds a Markdown render may take before the note is shown as plain text instead.
RENDER_TIME_LIMIT = 2.0
# Drawing a formula anew gives the render this many seconds more, up to MATH_TIME_LIMIT in all:
# a note of a few hundred new formulas takes a few seconds once, and is cached after.
FORMULA_TIME = 0.5
MATH_TIME_LIMIT = 60.0
# Seconds reading (and repairing) a note may take; big notes are read a part at a time.
LOAD_TIME_LIMIT = 30.0
# Seconds the child gets to stop when asked, before it is killed.
_STOP_SECONDS = 0.5
_STOP = None

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrepareRepairs:
    """Tells the child to get ready to repair mis-encoded notes, with the repair's models kept
    in ``models``. Nothing is answered."""

    models: Path | None


def _serve(connection: Connection) -> None:
    """The child's loop: load, report the loaded text (the fallback if rendering overruns),
    render, report the result; until told to stop or the parent goes away. Between requests it
    gets ready for repairs when told to, a step at a time: a request that comes meanwhile
    waits for one step (~0.1 s at most), not for all of them."""
    render_note("Warm *up*\n", "warm-up.md", lambda link: None)  # imports and builds, off the clock
    try:
        draw_formula("x^2", False, MathStyle("#000000", 16, 8, Path()))
    except FormulaError:
        pass
    preparing: Iterator[str] = iter(())
    while True:
        for _step in preparing:
            if connection.poll():
                break
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is _STOP:
            return
        if isinstance(request, PrepareRepairs):
            preparing = _prepared(request.models)
            continue
        try:
            loaded = load_page(request)
            if isinstance(loaded, LoadedNote):
                connection.send(("loaded", loaded))
                loaded = render_loaded(request, loaded, lambda: connection.send(("drawing", None)))
            connection.send(("done", loaded))
        except BaseException as error:  # noqa: BLE001 (RecursionError, MemoryError: all go back as text)
            connection.send(("failed", _describe(error)))


def _prepared(models: Path | None) -> Iterator[str]:
    """``preload_steps``; a step that fails ends them, and the first repair loads the rest."""
    try:
        yield from preload_steps(models)
    except Exception as error:  # noqa: BLE001 (getting ready is an optimisation: the repair says what is wrong)
        _log.warning("could not get ready to repair mis-encoded notes ahead of need (%s)", error)


def _describe(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    if isinstance(error, MemoryError):
        return "it needs more memory than Clew allows"
    message = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return message if len(message) <= 200 else message[:199] + "…"


class RenderWorker:
    """One render child, shared by whoever renders (a lock serialises the calls). ``start`` it
    early: the child imports the renderer while the window comes up. ``render`` blocks the
    calling (worker) thread, never for much longer than the time limit."""

    def __init__(self, render_time_limit: float = RENDER_TIME_LIMIT,
                 load_time_limit: float = LOAD_TIME_LIMIT) -> None:
        self.render_time_limit = render_time_limit
        self.load_time_limit = load_time_limit
        self._lock = threading.Lock()
        self._child: ChildProcess | None = None
        self.restarts = 0
        # Told to every child started after ``prepare_repairs``, a replacement too.
        self._preparing: PrepareRepairs | None = None

    @property
    def pid(self) -> int | None:
        return self._child.pid if self._child is not None else None

    def start(self) -> None:
        """Start the child now (it gets ready in the background)."""
        with self._lock:
            self._ensure_started()

    def _ensure_started(self) -> None:
        if self._child is not None and self._child.is_alive():
            return
        self._discard()
        self._child = ChildProcess(_serve, (), name="clew-render", duplex=True)
        if self._preparing is not None:
            self._tell(self._preparing)

    def prepare_repairs(self, models: Path | None) -> None:
        """Have the child get ready to repair mis-encoded notes while it is idle, the repair's
        models kept in ``models``: to be called once the vault is known to hold such notes, so
        that a clean vault's child never holds the models. Waits for a render under way (call
        it off the GUI thread), not for the child to be ready."""
        with self._lock:
            self._preparing = PrepareRepairs(models)
            if self._child is not None and self._child.is_alive():
                self._tell(self._preparing)

    def _tell(self, message: PrepareRepairs) -> None:
        """Send ``message``, which has no answer; a child gone meanwhile is replaced (and told)
        at the next render."""
        with contextlib.suppress(ChildGone):
            self._child.send(message)

    def _discard(self, grace: float = 0) -> None:
        """Kill the child (it may be stuck in a render) and forget it."""
        child, self._child = self._child, None
        if child is not None:
            child.stop(grace)

    def _receive(self, limit: float, check: Callable[[], None] | None) -> tuple[str, object]:
        """The child's next answer; each "drawing" (a formula drawn) moves the deadline on."""
        start = time.monotonic()
        deadline = start + limit
        while True:
            kind, value = self._child.receive(check, deadline)
            if kind != "drawing":
                return kind, value
            deadline = min(max(deadline, time.monotonic() + FORMULA_TIME), start + limit + MATH_TIME_LIMIT)

    def render(self, request: RenderRequest, check: Callable[[], None] | None = None) -> RenderResult:
        """The page for ``request``. ``check`` is called while waiting and may raise to give up
        (the child is then replaced)."""
        with self._lock:
            self._ensure_started()
            loaded: LoadedNote | None = None
            try:
                self._child.send(request)
                kind, value = self._receive(self.load_time_limit, check)
                if kind == "loaded":
                    loaded = value
                    kind, value = self._receive(self.render_time_limit, check)
            except TimeLimit:
                self._replace()
                return self._fallback(request, loaded, f"it took longer than {self.render_time_limit:g} s")
            except ChildGone:
                self._replace()
                return self._fallback(request, loaded, "the renderer stopped working")
            except BaseException:
                self._replace()  # the caller gave up; the child may still be busy with it
                raise
            if kind == "failed":
                return self._fallback(request, loaded, str(value))
            return value

    def _replace(self) -> None:
        self.restarts += 1
        self._discard()
        self._ensure_started()

    @staticmethod
    def _fallback(request: RenderRequest, loaded: LoadedNote | None, reason: str) -> RenderResult:
        if loaded is None:
            message = f"This note could not be read in time ({reason})."
            return RenderResult(request.number, request.path, "", None, (message,), "",
                                unreadable=f"it could not be read in time ({reason})")
        return plain_page(request, loaded, reason)

    def close(self) -> None:
        """Stop the child (asked politely first; killed if busy)."""
        with self._lock:
            if self._child is not None:
                with contextlib.suppress(ChildGone):
                    self._child.send(_STOP)
            self._discard(grace=_STOP_SECONDS)
