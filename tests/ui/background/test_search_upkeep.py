"""While the search index is writing a batch, the notes of that batch still count as candidates
for an unlinked-mentions search: the answer is the index's plus what it has not written yet."""

from __future__ import annotations

import threading

import clew.ui.background.search_upkeep as upkeep_module
from clew.core.index.build import FileUpdate
from tests.ui.driving import hold, open_window


def hold_updates(monkeypatch) -> threading.Event:
    """Make the upkeep's updates of the index wait until the returned event is set."""
    return hold(monkeypatch, upkeep_module, "_update")


def test_notes_not_written_yet_are_answered_as_candidates(qtbot, tmp_path, monkeypatch):
    root = tmp_path / "kb"
    root.mkdir()
    (root / "Kyoto.md").write_text("# Kyoto\n", encoding="utf-8")
    (root / "trip.md").write_text("We loved kyoto.\n", encoding="utf-8")
    (root / "other.md").write_text("Nothing yet.\n", encoding="utf-8")
    window, context = open_window(qtbot, root, "Kyoto.md", tmp_path / "settings.ini")
    upkeep = window.search_upkeep
    qtbot.waitUntil(lambda: upkeep.ready and not upkeep.writing, timeout=10_000)
    assert upkeep.notes_holding(["kyoto"]) == {"trip.md", "Kyoto.md"}

    release = hold_updates(monkeypatch)
    (root / "other.md").write_text("Off to Kyoto.\n", encoding="utf-8")
    upkeep._on_changed(None, FileUpdate(modified=["other.md"]))
    assert upkeep.writing
    assert upkeep.notes_holding(["kyoto"]) == {"trip.md", "Kyoto.md", "other.md"}
    with qtbot.waitSignal(upkeep.updated, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: not upkeep.writing, timeout=10_000)
    assert upkeep.notes_holding(["kyoto"]) == {"trip.md", "Kyoto.md", "other.md"}
    context.shutdown()


def three_notes_written(qtbot, tmp_path):
    """A window on a vault of a.md, b.md and c.md, its search index written: (context, upkeep)."""
    root = tmp_path / "kb"
    root.mkdir()
    for name in ("a", "b", "c"):
        (root / f"{name}.md").write_text(f"# {name}\n", encoding="utf-8")
    window, context = open_window(qtbot, root, "a.md", tmp_path / "settings.ini")
    upkeep = window.search_upkeep
    qtbot.waitUntil(lambda: upkeep.ready and not upkeep.writing, timeout=10_000)
    return context, upkeep


def test_many_notes_not_written_yet_put_mention_searches_off_until_written(qtbot, tmp_path, monkeypatch):
    context, upkeep = three_notes_written(qtbot, tmp_path)
    assert not upkeep.lagging
    monkeypatch.setattr(upkeep, "UNWRITTEN_READ_MOST", 1)
    release = hold_updates(monkeypatch)
    upkeep._on_changed(None, FileUpdate(modified=["b.md"]))
    assert not upkeep.lagging  # one note to read for each search: cheap enough
    upkeep._on_changed(None, FileUpdate(modified=["c.md"]))
    assert upkeep.lagging  # b.md in flight and c.md waiting: more than the one allowed
    with qtbot.waitSignal(upkeep.updated, timeout=10_000):
        release.set()
    assert not upkeep.lagging
    context.shutdown()


def test_a_batch_is_written_a_while_after_it_is_applied_with_the_batches_that_follow(qtbot, tmp_path, monkeypatch):
    """Not at once: the write shared the GIL with the window refreshing its panels for the batch."""
    context, upkeep = three_notes_written(qtbot, tmp_path)
    written = []
    real_update = upkeep_module._update
    monkeypatch.setattr(upkeep_module, "_update",
                        lambda index, vault, paths, progress: written.append(paths) or real_update(index, vault, paths,
                                                                                                  progress=progress))
    upkeep._on_changed(None, FileUpdate(modified=["b.md"]))
    upkeep._on_changed(None, FileUpdate(modified=["c.md"]))
    assert upkeep.writing and written == []  # due, not begun
    with qtbot.waitSignal(upkeep.updated, timeout=10_000):
        pass
    assert written == [["b.md", "c.md"]]
    context.shutdown()
