"""One-shot work in a child: its progress and result come back, its failure or death is
ChildFailed, and the caller giving up kills it."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from clew.core.offload.one_shot import ChildFailed, _run, here_or_in_child, run_in_child

NAME = "clew-test-one-shot"


class GiveUp(Exception):
    pass


# The work: module-level, as a spawn child imports it by name.

def _squares(count: int, progress) -> list[int]:
    for done in range(1, count + 1):
        progress(done, count)
    return [n * n for n in range(count)]


def _raises(progress) -> None:
    raise OSError("no room")


def _dies(progress) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _endless(progress) -> None:
    """Reports once, then never ends: only a kill stops it."""
    progress(0, 1)
    while True:
        signal.pause()


def _priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


class PriorityWhenLoaded:
    """Unpickled as the priority of the process that unpickles it: loading a work's arguments
    is when a child imports the modules its work needs."""

    def __reduce__(self):
        return _priority, ()


def _priorities(loaded: int, progress) -> tuple[int, int]:
    return loaded, _priority()


def no_child_left() -> bool:
    return not [p for p in multiprocessing.active_children() if p.name == NAME]


def test_progress_and_the_result_come_back():
    heard = []
    assert run_in_child(_squares, (3,), lambda *value: heard.extend(value), name=NAME) == [0, 1, 4]
    assert heard == [(1, 3), (2, 3), (3, 3)]
    assert no_child_left()


@pytest.mark.parametrize(("work", "message"), [(_raises, "OSError: no room"), (_dies, "stopped (exit code -9)")],
                         ids=["raised", "died"])
def test_work_that_raised_or_a_child_that_died_is_child_failed(work, message):
    with pytest.raises(ChildFailed) as failed:
        run_in_child(work, (), lambda *value: None, name=NAME)
    assert message in str(failed.value)
    assert no_child_left()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities")
def test_a_niced_child_loads_its_work_at_its_lower_priority():
    """Its imports (0.1-0.2 s of CPU for the index's work) would otherwise take a core from the
    window at the window's own priority."""
    lower = min(_priority() + 3, 19)
    assert run_in_child(_priorities, (PriorityWhenLoaded(),), lambda *value: None, name=NAME, niceness=3) == (
        lower, lower)
    assert no_child_left()


def test_giving_up_kills_the_child():
    def report(*value) -> None:
        if value:
            raise GiveUp

    with pytest.raises(GiveUp):
        run_in_child(_endless, (), report, name=NAME)
    assert no_child_left()


@pytest.mark.parametrize("work", [_squares, _raises], ids=["done", "failed"])
def test_a_child_whose_parent_stopped_listening_ends_quietly(work):
    """Sending its outcome into a closed pipe: nothing raised, so no traceback reaches the
    terminal Clew was started from."""
    listening, sending = multiprocessing.Pipe(duplex=False)
    listening.close()
    _run(work, (3,) if work is _squares else (), sending)
    assert sending.closed


@pytest.mark.parametrize(("in_child", "work", "answer", "order"), [
    (False, _squares, "here", ["meanwhile", "here"]),
    (True, _squares, [0, 1, 4], ["meanwhile"]),
    (True, _dies, "here", ["meanwhile", "here"]),  # the child failed: done here after all, meanwhile once
], ids=["here", "child", "child-failed"])
def test_here_or_in_child(in_child, work, answer, order, caplog):
    ran = []
    here = lambda: ran.append("here") or "here"  # noqa: E731
    args = (3,) if work is _squares else ()
    assert here_or_in_child(here, work, args, lambda *value: None, in_child=in_child, name=NAME,
                            meanwhile=lambda: ran.append("meanwhile")) == answer
    assert ran == order
    assert ("so its work is done in this process" in caplog.text) is (work is _dies)
    assert no_child_left()
