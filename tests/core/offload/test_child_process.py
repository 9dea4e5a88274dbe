"""The one child-process mechanism: messages arrive in order, a deadline is kept, a child that
died is reported with how it ended, and stopping kills and reaps whatever the child is doing."""

from __future__ import annotations

import os
import signal
import sys
import time
import types

import pytest

from clew.core.offload.child_process import ChildGone, ChildProcess, TimeLimit


class GiveUp(Exception):
    pass


# The children's work: module-level, as a spawn child imports it by name.

def _count_to(count: int, connection) -> None:
    for number in range(count):
        connection.send(("progress", number))


def _busy(connection) -> None:
    while True:  # as a render stuck in Python-Markdown: no signal but SIGKILL ends it
        pass


def _exit_with(code: int, connection) -> None:
    os._exit(code)


def _killed(connection) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _started(connection) -> None:
    connection.send("started")


def _echo(connection) -> None:
    while (message := connection.recv()) is not None:
        connection.send(message * 2)


def is_running(pid: int) -> bool:
    """Whether ``pid`` is a process, a zombie included (one not reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def started():
    """Start children for a test; any left running after it are stopped."""
    children: list[ChildProcess] = []

    def start(target, *args, **kwargs) -> ChildProcess:
        child = ChildProcess(target, args, name="clew-test-child", **kwargs)
        children.append(child)
        return child

    yield start
    for child in children:
        try:
            child.stop()
        except ValueError:  # the test stopped it: its process object is closed
            pass


def test_messages_arrive_in_order_and_a_child_that_returned_is_gone(started):
    child = started(_count_to, 3)
    assert [child.receive() for _ in range(3)] == [("progress", 0), ("progress", 1), ("progress", 2)]
    with pytest.raises(ChildGone, match="clew-test-child stopped"):
        child.receive()


@pytest.mark.parametrize(("target", "args", "code"), [(_exit_with, (3,), 3), (_killed, (), -signal.SIGKILL)],
                         ids=["exited", "killed"])
def test_a_child_that_died_is_reported_with_its_exit_code(started, target, args, code):
    child = started(target, *args)
    with pytest.raises(ChildGone, match=rf"exit code {code}\)"):
        child.receive(deadline=time.monotonic() + 30)


def test_a_deadline_is_kept_and_stopping_kills_a_busy_child(started):
    child = started(_busy)
    waited = time.monotonic()
    with pytest.raises(TimeLimit):
        child.receive(deadline=waited + 0.3)
    assert 0.3 <= time.monotonic() - waited < 1.0
    pid = child.pid
    assert child.is_alive()
    child.stop()
    assert not is_running(pid)  # killed and reaped


def test_check_is_called_while_waiting_and_what_it_raises_goes_on(started):
    child = started(_busy)
    calls = []

    def check() -> None:
        calls.append(time.monotonic())
        if len(calls) == 5:
            raise GiveUp

    with pytest.raises(GiveUp):
        child.receive(check)
    assert calls[-1] - calls[0] < 1.0  # every few hundredths of a second
    pid = child.pid
    child.stop()
    assert not is_running(pid)


def test_a_duplex_child_answers_and_a_gone_one_cannot_be_sent_to(started):
    child = started(_echo, duplex=True)
    child.send(21)
    assert child.receive(deadline=time.monotonic() + 30) == 42
    child.send(None)  # the child returns
    with pytest.raises(ChildGone):
        child.receive(deadline=time.monotonic() + 30)
    with pytest.raises(ChildGone):
        child.send(1)


def test_stop_lets_a_child_finish_within_its_grace(started):
    child = started(_echo, duplex=True)
    child.send(None)
    began = time.monotonic()
    child.stop(grace=5)
    assert time.monotonic() - began < 5  # it exited by itself, not at the end of the grace


def test_a_child_does_not_run_the_parents_main_script(started, tmp_path, monkeypatch):
    """spawn would run the main script again in the child (the window's imports Qt and every
    panel); a child of Clew's needs nothing from it."""
    script = tmp_path / "main_script_of_the_parent.py"
    script.write_text("raise SystemExit('the main script ran in the child')\n", encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    child = started(_started)
    assert child.receive(deadline=time.monotonic() + 30) == "started"
    assert sys.modules["__main__"] is main
