"""The page's paint and what follows the note being drawn (it is reported shown, the tree and
the links panels are filled) are two runs of work: a timer due meanwhile (a key's repeat, the
window's own timers) is taken between them, not after both."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer

from clew.ui.reader.note_browser import NoteBrowser
from vault_files import write


def test_a_timer_due_during_the_page_s_paint_runs_before_the_note_is_reported_drawn(
        make_window, tmp_path, qtbot, monkeypatch):
    events: list[str] = []
    real_paint = NoteBrowser.paintEvent

    def slow_paint(browser, event) -> None:
        done = time.perf_counter() + 0.012
        while time.perf_counter() < done:
            pass  # a page that takes 12 ms to paint: the 5 ms timer is due when it ends
        events.append("paint")
        real_paint(browser, event)

    # Before the window is made: PySide looks the override up once.
    monkeypatch.setattr(NoteBrowser, "paintEvent", slow_paint)
    window = make_window(write(tmp_path / "v", {"a.md": "# A\n\n[[b]]\n", "b.md": "# B\n\nBack to [[a]].\n"}), "a.md")
    events.clear()
    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.timeout.connect(lambda: events.append("beat"))
    window.note_view.rendered.connect(lambda _path: events.append("drawn"))
    beat.start(5)
    for note in ["b.md", "a.md", "b.md", "a.md"]:
        events.clear()
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            window.open_note(note)
        drawn = events.index("drawn")
        last_paint = max(i for i, event in enumerate(events[:drawn]) if event == "paint")
        assert "beat" in events[last_paint:drawn], events
    beat.stop()
