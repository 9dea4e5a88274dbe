"""Pages rendered by several render children at once and handed back in order, for a batch of
notes: one child renders a typical note in ~10 ms, nearly all of an export's time, and each
child is a process of its own, so the cores share the work. A thread per child waits on it (the
wait is a poll that lets go of the GIL); the caller makes the requests on its own thread, which
owns the index."""

from __future__ import annotations

import os
import queue
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from clew.core.offload.render_worker import RenderWorker
from clew.core.render.page import RenderRequest, RenderResult

Render = Callable[[RenderRequest], RenderResult]
# Render children at most: past the cores they only share them, each with its renderer's memory.
MOST_LANES = 4


def lane_count() -> int:
    return max(1, min(os.cpu_count() or 1, MOST_LANES))


class RenderLanes:
    """``lanes`` render children (or one ``render`` function given, for tests), started at once so
    they get ready while the caller indexes the vault; a context manager that stops them."""

    def __init__(self, render: Render | None = None, lanes: int | None = None) -> None:
        self._workers: list[RenderWorker] = []
        if render is None:
            self._workers = [RenderWorker() for _ in range(lanes or lane_count())]
            for worker in self._workers:
                worker.start()
        self._free: queue.SimpleQueue[Render] = queue.SimpleQueue()
        for lane in [w.render for w in self._workers] or [render]:
            self._free.put(lane)
        self.lanes = len(self._workers) or 1
        self._pool = ThreadPoolExecutor(self.lanes, thread_name_prefix="clew-export")

    def _render(self, request: RenderRequest) -> RenderResult:
        lane = self._free.get()
        try:
            return lane(request)
        finally:
            self._free.put(lane)

    def rendered(self, requests: Iterable[RenderRequest]) -> Iterator[RenderResult]:
        """Each request's page, in the order of ``requests``; a few requests are made ahead
        (twice the lanes), never the whole batch."""
        waiting: deque[Future[RenderResult]] = deque()
        for request in requests:
            waiting.append(self._pool.submit(self._render, request))
            if len(waiting) >= 2 * self.lanes:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()

    def __enter__(self) -> "RenderLanes":
        return self

    def __exit__(self, *exc_info) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        for worker in self._workers:
            worker.close()
