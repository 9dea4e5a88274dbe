"""TaskRunner: results, errors and progress reach the GUI thread; cancelled tasks deliver nothing."""

import threading

import pytest

from clew.ui.background.tasks import TaskCancelled, TaskRunner


@pytest.fixture
def runner(qapp):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


def test_result_is_delivered_on_the_gui_thread(qtbot, runner):
    threads = {}
    delivered = []

    def work(a, b, progress):
        threads["worker"] = threading.current_thread()
        return a + b

    def on_done(result):
        threads["delivery"] = threading.current_thread()
        delivered.append(result)

    runner.run(work, 2, 3, on_done=on_done)
    qtbot.waitUntil(lambda: delivered == [5])
    assert threads["delivery"] is threading.main_thread()
    assert threads["worker"] is not threading.main_thread()


def test_exception_is_delivered_to_on_error(qtbot, runner):
    errors = []

    def work(progress):
        raise KeyError("boom")

    runner.run(work, on_done=lambda result: pytest.fail("no result expected"), on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], KeyError)


def test_progress_reports_arrive_in_order_before_the_result(qtbot, runner):
    events = []

    def work(progress):
        for step in range(3):
            progress(step)
        return "done"

    runner.run(work, on_done=events.append, on_progress=lambda value: events.append(("progress", value)))
    qtbot.waitUntil(lambda: "done" in events)
    assert events == [("progress", 0), ("progress", 1), ("progress", 2), "done"]


@pytest.fixture
def single_thread_runner(qapp):
    # One thread runs tasks in order, so a later task's result arrives after an earlier outcome.
    task_runner = TaskRunner(max_threads=1)
    yield task_runner
    task_runner.shutdown()


def fail_on_delivery(what):
    return lambda value: pytest.fail(f"cancelled task delivered {what}: {value!r}")


def test_cancel_stops_the_worker_and_prevents_delivery(qtbot, single_thread_runner):
    started = threading.Event()
    release = threading.Event()
    worker_saw = []

    def work(progress):
        started.set()
        release.wait(5)
        try:
            progress("late")
        except TaskCancelled:
            worker_saw.append("cancelled")
            raise
        return "result"

    task = single_thread_runner.run(
        work,
        on_done=fail_on_delivery("a result"),
        on_error=fail_on_delivery("an error"),
        on_progress=fail_on_delivery("progress"),
    )
    qtbot.waitUntil(started.is_set)
    task.cancel()
    release.set()
    after = []
    single_thread_runner.run(lambda progress: "next", on_done=after.append)
    qtbot.waitUntil(lambda: after == ["next"])
    assert worker_saw == ["cancelled"]


def test_task_cancelled_while_queued_never_runs(qtbot, single_thread_runner):
    release = threading.Event()
    ran = []
    single_thread_runner.run(lambda progress: release.wait(5), on_done=ran.append)
    queued = single_thread_runner.run(lambda progress: ran.append("queued"), on_done=fail_on_delivery("a result"))
    queued.cancel()
    release.set()
    after = []
    single_thread_runner.run(lambda progress: "next", on_done=after.append)
    qtbot.waitUntil(lambda: after == ["next"])
    assert ran == [True]


def test_shutdown_cancels_and_waits(qtbot, runner):
    started = threading.Event()
    finished = threading.Event()

    def work(progress):
        started.set()
        while True:
            try:
                progress()
            except TaskCancelled:
                finished.set()
                raise

    task = runner.run(work, on_done=lambda result: pytest.fail("no result expected"))
    qtbot.waitUntil(started.is_set)
    runner.shutdown()
    assert task.cancelled and finished.is_set()


def test_a_task_asked_for_after_shutdown_never_runs(qtbot, runner):
    runner.shutdown()
    ran = []
    task = runner.run(lambda progress: ran.append("ran"), on_done=fail_on_delivery("a result"))
    assert task.cancelled
    runner.shutdown()  # waits for whatever was started
    assert ran == []
