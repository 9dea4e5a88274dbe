"""The open note's links: the backlinks panel lists them at once and shows "reading…" for their
lines until they are read off the GUI thread; a new note cancels the read of the last one; change
batches update the rows."""

from __future__ import annotations

import threading

import pytest
import clew.ui.background.open_note_links as links_module
import clew.ui.background.session_work as session_work_module
from clew.ui.background.tasks import TaskCancelled
from clew.ui.panels.backlinks import READING, PathRole
from tests.ui.driving import hold
from vault_files import write

NOTES = {
    "t.md": "# T\n",
    "u.md": "# U\n",
    "a.md": "# A\n\nSee [[t]] here, and [[u]].\n",
    "b.md": "# B\nAlso [[t]].\n",
}


def rows(window) -> list[tuple[str, str]]:
    """(source, text) of each backlink row."""
    tree = window.backlinks.tree
    return [(tree.topLevelItem(i).child(j).data(0, PathRole), tree.topLevelItem(i).child(j).text(0))
            for i in range(tree.topLevelItemCount()) for j in range(tree.topLevelItem(i).childCount())]


def hold_reads(monkeypatch) -> tuple[threading.Event, list[tuple[str, str]]]:
    """Make the reads of the links' lines wait until the returned event is set; the list gets
    (the note whose links they are, "read" or "cancelled") as each read ends."""
    release, ended = threading.Event(), []
    real_read = links_module._read_lines

    def held_read(vault, lines, lock, own, parts, progress):
        release.wait(10)
        note = own[0]  # the note's own lines: it was drawn before its panels were filled
        try:
            found = real_read(vault, lines, lock, own, parts, progress=progress)
        except TaskCancelled:
            ended.append((note, "cancelled"))
            raise
        ended.append((note, "read"))
        return found

    monkeypatch.setattr(links_module, "_read_lines", held_read)
    return release, ended


def settled_window(make_window, tmp_path, qtbot, note: str = "t.md"):
    vault = write(tmp_path / "v", NOTES)
    window = make_window(vault, note)
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)
    return window, vault


def test_a_note_s_backlinks_show_reading_then_their_lines(make_window, tmp_path, qtbot, monkeypatch):
    window, _vault = settled_window(make_window, tmp_path, qtbot, "u.md")
    release, _ended = hold_reads(monkeypatch)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("t.md")
    assert rows(window) == [("a.md", f"3: {READING}"), ("b.md", f"2: {READING}")]
    assert window.backlinks.header.text() == "Backlinks: 2 in 2 notes"
    assert window.links.reading
    release.set()
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")]


def test_lines_read_in_a_busy_run_are_shown_after_a_timer_due_meanwhile(make_window, tmp_path, qtbot, monkeypatch):
    """The read's outcome often comes while the "reading…" rows are laid out and painted: its rows
    come on the next turn of the event loop, not in that same run of work."""
    import time

    from PySide6.QtCore import Qt, QTimer

    window, _vault = settled_window(make_window, tmp_path, qtbot, "u.md")
    events: list[str] = []
    real_lines_read = links_module.OpenNoteLinks._lines_read

    def busy_lines_read(links, *args, **kwargs) -> None:
        events.append("read")
        done = time.perf_counter() + 0.012
        while time.perf_counter() < done:
            pass  # the rest of a run of 12 ms: the 5 ms timer is due when it ends
        real_lines_read(links, *args, **kwargs)

    monkeypatch.setattr(links_module.OpenNoteLinks, "_lines_read", busy_lines_read)
    window.links.changed.connect(lambda links: events.append("lines") if links.path == "t.md" and not links.reading else None)
    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.timeout.connect(lambda: events.append("beat"))
    beat.start(5)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("t.md")
    qtbot.waitUntil(lambda: "lines" in events, timeout=5000)
    beat.stop()
    assert "beat" in events[events.index("read"):events.index("lines")], events
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")]


def test_a_new_note_cancels_the_read_of_the_last_one(make_window, tmp_path, qtbot, monkeypatch):
    window, _vault = settled_window(make_window, tmp_path, qtbot, "a.md")
    release, ended = hold_reads(monkeypatch)
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("t.md")
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        window.open_note("u.md")
    assert rows(window) == [("a.md", f"3: {READING}")]
    shown = []
    window.links.changed.connect(lambda links: shown.append(links.path))
    release.set()
    qtbot.waitUntil(lambda: ("u.md", "read") in ended, timeout=5000)
    qtbot.waitUntil(lambda: not window.links.reading, timeout=5000)
    assert ("t.md", "read") not in ended  # cancelled at its first note (or before it started)
    assert shown == ["u.md"]
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]].")]


def test_a_batch_changing_a_linking_note_updates_its_row(make_window, tmp_path, qtbot):
    window, vault = settled_window(make_window, tmp_path, qtbot)
    (vault / "b.md").write_text("# B\nAlso [[t]], said again.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: ("b.md", "2: Also [[t]], said again.") in rows(window), timeout=5000)
    assert rows(window)[0] == ("a.md", "3: See [[t]] here, and [[u]].")


def test_a_deleted_linking_note_drops_its_row(make_window, tmp_path, qtbot):
    window, vault = settled_window(make_window, tmp_path, qtbot)
    (vault / "a.md").unlink()
    qtbot.waitUntil(lambda: [source for source, _text in rows(window)] == ["b.md"], timeout=5000)
    assert window.backlinks.header.text() == "Backlinks: 1 in 1 note"
    assert not window.links.reading


def test_a_cold_vault_shows_backlinks_found_by_a_scan_then_the_index_s(make_window, tmp_path, qtbot, monkeypatch):
    from clew.ui.panels.backlinks import PROVISIONAL

    release = hold(monkeypatch, session_work_module, "index_notes")  # a big vault's index, being built
    seen: list[tuple[bool, bool]] = []  # (provisional, indexed) of each NoteLinks about t.md with backlinks
    vault = write(tmp_path / "v", dict(NOTES, **{"c.md": "# C\n`[[t]]` in code.\n"}))
    window = make_window(None)
    window.links.changed.connect(
        lambda links: seen.append((links.provisional, links.index is not None)) if links.path == "t.md" and links.backlinks else None)
    window.open_vault_path(vault, "t.md")
    qtbot.waitUntil(lambda: rows(window) == [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")],
                    timeout=5000)
    assert window.backlinks.header.text() == "Backlinks: 2 in 2 notes"
    assert window.backlinks.notice.isVisible() and window.backlinks.notice.text() == PROVISIONAL
    assert window.session.index is None and window.links.current.provisional
    with qtbot.waitSignal(window.session.indexed, timeout=5000):
        release.set()
    qtbot.waitUntil(lambda: window.links.current.index is not None and not window.links.reading, timeout=5000)
    assert window.backlinks.header.text() == "Backlinks: 2 in 2 notes" and not window.backlinks.notice.isVisible()
    assert not window.links.current.provisional
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")]
    assert seen[0] == (True, False) and seen[-1] == (False, True)


def test_the_index_s_answer_after_a_scan_s_reads_no_line_again(make_window, tmp_path, qtbot, monkeypatch):
    """The lines the scan's answer was shown with serve the index's equal answer: the panel never
    goes back to "reading…", and its rows are kept (marked here; see test_backlinks_fill)."""
    release = hold(monkeypatch, session_work_module, "index_notes")
    window = make_window(None)
    window.open_vault_path(write(tmp_path / "v", NOTES), "t.md")
    lines = [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")]
    qtbot.waitUntil(lambda: window.links.current.provisional and rows(window) == lines, timeout=5000)
    kept = window.backlinks.tree.topLevelItem(0).child(0)
    kept.setData(0, PathRole + 90, "kept")
    reads, emitted = [], []
    real_read = links_module._read_lines
    monkeypatch.setattr(links_module, "_read_lines", lambda *args, progress: reads.append(args) or real_read(
        *args, progress=progress))
    window.links.changed.connect(lambda links: emitted.append(links.reading))
    with qtbot.waitSignal(window.session.indexed, timeout=5000):
        release.set()
    qtbot.waitUntil(lambda: window.links.current.index is not None and not window.links.current.provisional,
                    timeout=5000)
    assert reads == [] and True not in emitted
    assert rows(window) == lines and not window.backlinks.notice.isVisible()
    assert window.backlinks.tree.topLevelItem(0).child(0).data(0, PathRole + 90) == "kept"


def test_opening_another_note_while_indexing_scans_for_that_one(make_window, tmp_path, qtbot, monkeypatch):
    release = hold(monkeypatch, session_work_module, "index_notes")
    window = make_window(None)
    window.open_vault_path(write(tmp_path / "v", NOTES), "t.md")
    qtbot.waitUntil(lambda: window.links.current.provisional and window.links.current.path == "t.md", timeout=5000)
    window.open_note("u.md")
    qtbot.waitUntil(lambda: window.links.current.provisional and window.links.current.path == "u.md"
                    and not window.links.reading, timeout=5000)
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]].")]
    release.set()
    qtbot.waitUntil(lambda: window.links.current.index is not None, timeout=5000)


def hold_session_walk(monkeypatch) -> threading.Event:
    """Make a cold opening's walk of the vault (the session's scan, once watched) wait until
    the returned event is set: the listing of a big vault, still under way."""
    return hold(monkeypatch, session_work_module, "scan")


def test_a_cold_opening_draws_the_note_asked_for_and_scans_its_backlinks_before_the_vault_is_listed(
        make_window, tmp_path, qtbot, monkeypatch):
    release = hold_session_walk(monkeypatch)
    window = make_window(None)
    with qtbot.waitSignal(window.note_view.rendered, timeout=5000) as drawn:
        window.open_vault_path(write(tmp_path / "v", NOTES), "t.md")
    assert drawn.args == ["t.md"]
    qtbot.waitUntil(lambda: window.links.current.provisional and window.links.current.path == "t.md"
                    and not window.links.reading, timeout=5000)
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")]
    assert window.session.known == set() and window.tree.current_path() is None  # not listed yet
    release.set()
    qtbot.waitUntil(lambda: window.tree.current_path() == "t.md", timeout=5000)  # its row, once listed
    qtbot.waitUntil(lambda: window.links.current.index is not None, timeout=5000)


def test_a_cold_opening_without_the_note_asked_for_draws_the_start_note_before_the_vault_is_listed(
        make_window, tmp_path, qtbot, monkeypatch):
    release = hold_session_walk(monkeypatch)
    window = make_window(None)
    with qtbot.waitSignal(window.note_view.rendered, timeout=5000) as drawn:
        window.open_vault_path(write(tmp_path / "v", NOTES), "gone.md")
    assert drawn.args == ["a.md"]  # the first note in path order, found by a walk as far as it
    assert "No note gone.md in this vault; showing a.md." in window.statusBar().currentMessage()
    assert window.session.known == set()
    release.set()
    qtbot.waitUntil(lambda: window.tree.current_path() == "a.md", timeout=5000)


def test_a_start_note_at_the_vault_s_top_comes_first(make_window, tmp_path, qtbot, monkeypatch):
    release = hold_session_walk(monkeypatch)
    window = make_window(None)
    with qtbot.waitSignal(window.note_view.rendered, timeout=5000) as drawn:
        window.open_vault_path(write(tmp_path / "v", dict(NOTES, **{"README.md": "# Read me\n", "0/z.md": "z\n"})))
    assert drawn.args == ["README.md"]
    release.set()
    qtbot.waitUntil(lambda: window.tree.current_path() == "README.md", timeout=5000)


@pytest.mark.parametrize("big", [True, False], ids=["big", "small"])
def test_a_big_vault_is_scanned_before_the_note_is_drawn_a_small_one_after(make_window, tmp_path, qtbot, monkeypatch,
                                                                           big):
    import clew.core.offload.backlinks_child as backlinks_child
    import clew.ui.reader.note_view as note_view_module

    monkeypatch.setattr(backlinks_child, "SCAN_IN_CHILD_MIN_FILES", 1 if big else 1000)
    release_index = hold(monkeypatch, session_work_module, "index_notes")
    release_draw = hold(monkeypatch, note_view_module, "_render_in_background")  # a page slow to draw
    release_walk = hold_session_walk(monkeypatch)  # nor are the vault's files found yet
    drawn_when_scanned = []  # for each scan, whether the note was drawn as it started
    real_scan = links_module._scan_backlinks

    def scan(*args, progress):
        drawn_when_scanned.append(window.note_view.shown_text is not None)
        return real_scan(*args, progress=progress)

    monkeypatch.setattr(links_module, "_scan_backlinks", scan)
    window = make_window(None)
    window.open_vault_path(write(tmp_path / "v", NOTES), "t.md")
    if big:
        qtbot.waitUntil(lambda: drawn_when_scanned == [False], timeout=5000)
    assert window.note_view.shown_text is None  # not drawn yet
    with qtbot.waitSignal(window.note_view.rendered, timeout=5000):
        release_draw.set()
    qtbot.waitUntil(lambda: window.links.current.provisional and window.links.current.path == "t.md"
                    and not window.links.reading, timeout=5000)
    assert rows(window) == [("a.md", "3: See [[t]] here, and [[u]]."), ("b.md", "2: Also [[t]].")]
    assert drawn_when_scanned == [not big]  # a small vault's scan waits for the note to be drawn
    release_walk.set()
    release_index.set()
    qtbot.waitUntil(lambda: window.links.current.index is not None, timeout=5000)
