"""A vault holding a file name that is not UTF-8, in the window: the search panel finds the note
and shows its name with \\xff escapes (never a Python error), and opens it; the tree shows
the name escaped."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt

from clew.ui.popups import switcher as switcher_module
from hostile_corpus import build_bad_name_vault
from tests.ui.driving import open_window

BAD = os.fsdecode(b"bad-name-\xff\xfe.md")


def test_the_search_panel_finds_opens_and_shows_a_name_that_is_not_utf8(qtbot, tmp_path):
    folder = tmp_path / "bad-names"
    build_bad_name_vault(folder)
    window, context = open_window(qtbot, folder, "fine.md", tmp_path / "settings.ini")
    try:
        qtbot.waitUntil(lambda: window.search_upkeep.ready, timeout=15_000)
        panel = window.search_panel
        with qtbot.waitSignal(window.search_upkeep.results, timeout=5000):
            panel.edit.setText("Still a note")
        assert panel.status.text() == "1 note"
        assert panel.results.item(0).text() == "bad-name-\\xff\\xfe.md:3: Still a note."
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            panel.results.itemActivated.emit(panel.results.item(0))
        assert window.note_view.current_path == BAD
        assert "A name that is not UTF-8" in window.note_view.browser.toPlainText()
        tree = window.tree
        names = [tree.model.data(tree.model.index(row, 0), Qt.ItemDataRole.DisplayRole)
                 for row in range(tree.model.rowCount())]
        assert names == ["bad-name-\\xff\\xfe", "fine"]
    finally:
        window.close()
        context.shutdown()


def test_a_backlink_from_a_note_whose_name_is_not_utf8_shows_it_escaped_and_opens_it(qtbot, tmp_path):
    folder = tmp_path / "bad-names"
    build_bad_name_vault(folder)
    with open(os.fsencode(folder) + b"/bad-name-\xff\xfe.md", "wb") as note:
        note.write(b"# A name that is not UTF-8\n\nSee [[fine]].\n")
    window, context = open_window(qtbot, folder, "fine.md", tmp_path / "settings.ini")
    try:
        tree = window.backlinks.tree
        qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1, timeout=5000)
        group = tree.topLevelItem(0)
        assert (group.text(0), group.toolTip(0)) == ("bad-name-\\xff\\xfe", "bad-name-\\xff\\xfe.md")
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            tree.itemActivated.emit(group.child(0), 0)
        assert window.note_view.current_path == BAD
    finally:
        window.close()
        context.shutdown()


def test_the_tree_and_the_switcher_open_a_note_whose_name_is_not_utf8(qtbot, tmp_path, monkeypatch):
    # The switcher's first build waits a while after the vault is shown (test_switcher_upkeep):
    # here, as if that while had passed.
    monkeypatch.setattr(switcher_module, "FIRST_BUILD_AFTER_MS", 0)
    folder = tmp_path / "bad-names"
    build_bad_name_vault(folder)
    window, context = open_window(qtbot, folder, "fine.md", tmp_path / "settings.ini")
    try:
        tree = window.tree
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            tree._activate(tree.model.index(0, 0))
        assert window.note_view.current_path == BAD
        assert "A name that is not UTF-8" in window.note_view.browser.toPlainText()
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            window.open_note("fine.md")
        switcher = window.switcher
        qtbot.waitUntil(lambda: len(switcher.index) == 2, timeout=10_000)
        switcher.popup()
        switcher.edit.setText("bad")
        assert switcher.listing.item(0).text() == "bad-name-\\xff\\xfe"
        with qtbot.waitSignal(window.note_shown, timeout=5000):
            switcher._choose(switcher.listing.item(0))
        assert window.note_view.current_path == BAD
    finally:
        window.close()
        context.shutdown()
