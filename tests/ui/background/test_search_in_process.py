"""A big vault's search index is written by a child process: search works the same, the index
follows the disk, and closing leaves no child behind."""

from __future__ import annotations

import multiprocessing

from clew.core.offload.search_writer import PROCESS_NAME
from clew.ui.background.search_upkeep import SearchUpkeep
from tests.ui.driving import open_window


def search_children() -> list:
    return [p for p in multiprocessing.active_children() if p.name == PROCESS_NAME]


def test_the_index_is_written_in_a_child_and_follows_the_disk(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(SearchUpkeep, "PROCESS_MIN_NOTES", 0)  # every write goes to a child
    root = tmp_path / "kb"
    root.mkdir()
    (root / "Home.md").write_text("# Home\n\nStart here.\n", encoding="utf-8")
    (root / "Deep.md").write_text("# Deep\n\nThe hidden treasure.\n", encoding="utf-8")
    window, context = open_window(qtbot, root, "Home.md", tmp_path / "settings.ini")
    upkeep = window.search_upkeep
    qtbot.waitUntil(lambda: upkeep.ready, timeout=15_000)
    assert upkeep.index.paths_holding("treasure") == {"Deep.md"}
    with qtbot.waitSignal(upkeep.updated, timeout=15_000):
        (root / "Home.md").write_text("# Home\n\nA teapot now.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: upkeep.index.paths_holding("teapot") == {"Home.md"}, timeout=15_000)
    context.shutdown()
    assert search_children() == []


def test_closing_during_a_sync_ends_the_child(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(SearchUpkeep, "PROCESS_MIN_NOTES", 0)
    root = tmp_path / "kb"
    root.mkdir()
    for n in range(2000):  # enough that the sync is still running when the window closes
        (root / f"n{n}.md").write_text(f"# N{n}\n\n" + "words " * 500, encoding="utf-8")
    window, context = open_window(qtbot, root, "n1.md", tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: window.search_upkeep.writing, timeout=15_000)
    context.shutdown()
    assert search_children() == []
