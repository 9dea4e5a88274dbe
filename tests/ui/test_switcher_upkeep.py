"""The quick switcher follows the disk: notes added, retitled and deleted are ranked as they are now."""

from __future__ import annotations

from pathlib import Path

from tests.ui.keyboard_helpers import open_window


def top(window, query: str) -> str | None:
    matches = window.switcher.index.rank(query, limit=1)
    return matches[0].entry.path if matches else None


def test_the_switcher_follows_added_retitled_and_deleted_notes(qtbot, tmp_path):
    root = tmp_path / "kb"
    root.mkdir()
    (root / "Home.md").write_text("# Home\n\nStart.\n", encoding="utf-8")
    (root / "Old.md").write_text("---\ntitle: Walrus\n---\nText.\n", encoding="utf-8")
    window, context = open_window(qtbot, root, "Home.md", tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: len(window.switcher.index) == 2, timeout=10_000)
    before = window.switcher.index
    assert top(window, "walrus") == "Old.md"

    (root / "Lighthouse.md").write_text("# Lighthouse\n", encoding="utf-8")
    (root / "Old.md").write_text("---\ntitle: Narwhal\n---\nText.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(window.switcher.index) == 3 and top(window, "narwhal") == "Old.md", timeout=10_000)
    assert top(window, "lighthouse") == "Lighthouse.md" and top(window, "walrus") is None
    assert len(before) == 2  # the index in use until then was never changed under the GUI

    Path(root / "Lighthouse.md").unlink()
    qtbot.waitUntil(lambda: len(window.switcher.index) == 2, timeout=10_000)
    assert top(window, "lighthouse") != "Lighthouse.md"
    context.shutdown()
