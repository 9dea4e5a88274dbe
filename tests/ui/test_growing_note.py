"""A note growing by megabytes a second while it is open: the window keeps answering, and
follows the note to its end once it stops growing."""

from __future__ import annotations

import threading

import pytest

from heartbeat import MOST_STALL_MS, Heartbeat

BYTES_PER_SECOND = 3_000_000
GROWING_SECONDS = 3.0
LOG_LINES = {
    "links": "2026-12-05 07:00:00 INFO worker 17 finished step {:07d}, see [[a]] and https://example.org/x\n",
    "plain": "2026-12-05 07:00:00 INFO worker 17 finished step {:07d} of the long job, nothing to see\n",
}


def _grow(path, line: str, stop: threading.Event) -> None:
    """Append ``line``s to ``path`` at BYTES_PER_SECOND, in tenths of a second, until ``stop``."""
    written = 0
    with open(path, "a", encoding="utf-8") as log:
        while not stop.is_set():
            chunk = "".join(line.format(written + n) for n in range(BYTES_PER_SECOND // 10 // len(line)))
            log.write(chunk)
            log.flush()
            written += chunk.count("\n")
            stop.wait(0.1)


@pytest.mark.parametrize("line", sorted(LOG_LINES))
def test_a_note_growing_megabytes_a_second_never_stalls_the_window(make_window, qtbot, tmp_path, line):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n\n[[growing]]\n", encoding="utf-8")
    (vault / "growing.md").write_text("# Growing\n\n", encoding="utf-8")
    window = make_window(vault, "growing.md", render_child=True)  # as the app renders: off this process
    stop = threading.Event()
    grower = threading.Thread(target=_grow, args=(vault / "growing.md", LOG_LINES[line], stop))
    with Heartbeat() as heartbeat:
        grower.start()
        qtbot.waitUntil(lambda: (vault / "growing.md").stat().st_size > BYTES_PER_SECOND * GROWING_SECONDS,
                        timeout=int(GROWING_SECONDS * 10_000))
        stop.set()
        grower.join()
        grown = (vault / "growing.md").stat()
        qtbot.waitUntil(lambda: window.session.known.stamp("growing.md") == (grown.st_size, grown.st_mtime_ns),
                        timeout=60_000)
    assert heartbeat.worst_ms < MOST_STALL_MS
