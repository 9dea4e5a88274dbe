"""The render child gets ready to repair mis-encoded notes only when told (core/offload/render_worker.py):
a step at a time while idle, a note asked for meanwhile waiting for one step, and a child
started after an overrun told again."""

from __future__ import annotations

import threading
from multiprocessing import Pipe

import pytest

import clew.core.offload.render_worker as render_worker
from clew.core.offload.render_worker import PrepareRepairs, RenderWorker
from clew.core.render.page import RenderRequest
from vault_files import write


@pytest.fixture
def child(monkeypatch, tmp_path):
    """The child's loop on a thread of this process: (the parent's end of its pipe, a request
    for a clean note, what happened in the child in order)."""
    happened: list[str] = []
    monkeypatch.setattr(render_worker, "draw_formula", lambda *args: None)  # the warm-up's, not needed here
    real_load = render_worker.load_page
    monkeypatch.setattr(render_worker, "load_page", lambda request: happened.append("render") or real_load(request))
    parent, child_end = Pipe(duplex=True)
    loop = threading.Thread(target=render_worker._serve, args=(child_end,))
    loop.start()
    root = write(tmp_path / "v", {"a.md": "# A\n\nplain text\n"})
    yield parent, RenderRequest(1, root, "a.md", {}), happened
    parent.send(render_worker._STOP)
    loop.join(10)


def rendered(parent) -> str:
    """The child's answers to one request, up to the page: its HTML."""
    while True:
        kind, value = parent.recv()
        if kind == "done":
            return value.html


def test_a_child_told_nothing_never_gets_ready_and_a_told_one_does(child, monkeypatch, tmp_path):
    parent, request, happened = child
    prepared = threading.Event()

    def steps(models):
        happened.append(f"ready with {models.name}")
        yield "all"
        prepared.set()

    monkeypatch.setattr(render_worker, "preload_steps", steps)
    parent.send(request)
    assert "plain text" in rendered(parent)
    assert happened == ["render"]
    parent.send(PrepareRepairs(tmp_path / "models"))
    assert prepared.wait(10)
    assert happened == ["render", "ready with models"]


def test_a_note_asked_for_while_the_child_gets_ready_waits_for_one_step_only(child, monkeypatch, tmp_path):
    parent, request, happened = child
    asked, prepared = threading.Event(), threading.Event()

    def steps(_models):
        asked.wait(10)  # the note is asked for during the first step
        happened.append("step 1")
        yield "1"
        happened.append("step 2")
        yield "2"
        prepared.set()

    monkeypatch.setattr(render_worker, "preload_steps", steps)
    parent.send(PrepareRepairs(tmp_path / "models"))
    parent.send(request)
    asked.set()
    assert "plain text" in rendered(parent)
    assert prepared.wait(10)
    assert happened == ["step 1", "render", "step 2"]


def test_a_failing_step_leaves_the_child_serving(child, monkeypatch, tmp_path):
    parent, request, happened = child

    def steps(_models):
        raise OSError("the models folder is gone")
        yield

    monkeypatch.setattr(render_worker, "preload_steps", steps)
    parent.send(PrepareRepairs(tmp_path / "models"))
    parent.send(request)
    assert "plain text" in rendered(parent)


class FakeChild:
    """A render child that only keeps what it is sent."""

    def __init__(self, *_args, **_kwargs) -> None:
        self.sent: list[object] = []
        self.alive = True
        self.pid = None

    def is_alive(self) -> bool:
        return self.alive

    def send(self, message) -> None:
        self.sent.append(message)

    def stop(self, grace: float = 0) -> None:
        self.alive = False


def test_the_worker_tells_its_child_and_every_child_started_after(monkeypatch, tmp_path):
    children: list[FakeChild] = []
    monkeypatch.setattr(render_worker, "ChildProcess", lambda *args, **kwargs: children.append(FakeChild()) or children[-1])
    worker = RenderWorker()
    worker.start()
    assert children[0].sent == []  # a clean vault's child: never told
    worker.prepare_repairs(tmp_path / "models")
    assert children[0].sent == [PrepareRepairs(tmp_path / "models")]
    children[0].alive = False  # an overrun, or it died: the next render starts another
    worker.start()
    assert len(children) == 2 and children[1].sent == [PrepareRepairs(tmp_path / "models")]


def test_a_real_child_told_to_get_ready_renders_as_before(tmp_path):
    root = write(tmp_path / "v", {"a.md": "# A\n\nplain text\n"})
    worker = RenderWorker()
    try:
        worker.prepare_repairs(tmp_path / "no models yet")
        assert "plain text" in worker.render(RenderRequest(1, root, "a.md", {})).html
    finally:
        worker.close()
