"""The one way to run work off the GUI thread: a thread pool whose tasks report back by signals,
and ``while_alive`` for results that may outlive the widget waiting for them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from shiboken6 import isValid


class TaskCancelled(Exception):
    """Raised by a task's ``progress`` callable once the task is cancelled, to end the work early."""


class Task:
    """One background call: where its outcome goes, and a cancel flag its worker sees."""

    def __init__(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
        on_progress: Callable[[Any], None] | None,
    ) -> None:
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self._cancel_requested = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel_requested.is_set()

    def cancel(self) -> None:
        """Ask the worker to stop (its next ``progress`` call raises); deliver nothing more."""
        self._cancel_requested.set()


class _TaskRunnable(QRunnable):
    """Runs ``fn`` on a pool thread; the outcome travels back through the runner's signals."""

    def __init__(
        self,
        task: Task,
        fn: Callable[..., Any],
        args: tuple,
        finished: Callable[[Task, bool, Any], None],
        progressed: Callable[[Task, Any], None],
    ) -> None:
        super().__init__()
        self._task, self._fn, self._args = task, fn, args
        self._finished, self._progressed = finished, progressed

    def run(self) -> None:
        try:
            self._report()  # a task cancelled while queued does not start
            result = self._fn(*self._args, progress=self._report)
        except Exception as error:  # every failure, TaskCancelled included, goes back to the GUI thread
            self._finished(self._task, False, error)
        else:
            self._finished(self._task, True, result)

    def _report(self, value: Any = None) -> None:
        if self._task.cancelled:
            raise TaskCancelled
        if value is not None:
            self._progressed(self._task, value)


class TaskRunner(QObject):
    """Runs ``fn(*args, progress=report)`` on its own pool of two threads and calls ``on_done``
    (result), ``on_error`` (exception) and ``on_progress`` (value) on the GUI thread.

    ``fn`` always gets the ``progress`` keyword: ``progress(value)`` reports a value (not None),
    ``progress()`` only checks in; both raise ``TaskCancelled`` once the task is cancelled. Give
    ``fn`` plain data, never widgets. A cancelled task delivers nothing."""

    _finished = Signal(object, bool, object)
    _progressed = Signal(object, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._unfinished: set[Task] = set()
        self._shut = False
        self._finished.connect(self._deliver_outcome, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> Task:
        task = Task(on_done, on_error, on_progress)
        if self._shut:
            # A signal queued before the window closed can still ask for work as the app ends:
            # it would outlive the runner (and might start a child process nobody stops).
            task.cancel()
            return task
        self._unfinished.add(task)
        self._pool.start(_TaskRunnable(task, fn, args, self._finished.emit, self._progressed.emit))
        return task

    def shutdown(self) -> None:
        """Cancel every task and wait for the running ones to return (they should poll progress);
        tasks asked for afterwards never run."""
        self._shut = True
        for task in self._unfinished:
            task.cancel()
        self._pool.clear()
        self._pool.waitForDone()
        self._unfinished.clear()

    def _deliver_outcome(self, task: Task, succeeded: bool, value: Any) -> None:
        self._unfinished.discard(task)
        if task.cancelled:
            return
        if succeeded:
            if task.on_done is not None:  # work done for its effect only (a store written)
                task.on_done(value)
        elif task.on_error is not None:
            task.on_error(value)
        else:
            logging.getLogger(__name__).error("background task failed", exc_info=value)

    def _deliver_progress(self, task: Task, value: Any) -> None:
        if not task.cancelled and task.on_progress is not None:
            task.on_progress(value)


def while_alive(owner: QObject, fn: Callable[..., Any]) -> Callable[..., None]:
    """``fn``, called only while ``owner``'s Qt object still exists: a task may finish after the
    window that started it closed."""

    def call(*args: Any) -> None:
        if isValid(owner):
            fn(*args)

    return call
