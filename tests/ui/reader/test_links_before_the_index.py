"""A vault opened cold draws its note before the index is built: the note's links are drawn
as links whose target is not known yet (not as broken ones) until the index arrives, and the
note is drawn again with them resolved."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCharFormat

import clew.ui.background.session_work as session_work_module
from tests.ui.driving import hold
from vault_files import write

NOTES = {
    "t.md": "# T\n",
    "a.md": "# A\n\nSee [[t]] and [the t note](t.md), not [[gone]].\n",
}


def anchors(window) -> dict[str, QTextCharFormat]:
    """The shown note's links: href -> the format its text is drawn with."""
    found = {}
    block = window.note_view.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                found[fmt.anchorHref()] = fmt
            it += 1
        block = block.next()
    return found


def test_a_cold_opening_draws_links_not_known_yet_then_resolved(make_window, tmp_path, qtbot, monkeypatch):
    release = hold(monkeypatch, session_work_module, "index_notes")  # a big vault's index, being built
    window = make_window(None)
    with qtbot.waitSignal(window.note_view.rendered, timeout=5000):
        window.open_vault_path(write(tmp_path / "v", NOTES), "a.md")
    assert window.session.index is None
    links = anchors(window)
    assert set(links) == {"pending:t", "pending:t.md", "pending:gone"}
    colours = {fmt.foreground().color().name() for fmt in links.values()}
    assert len(colours) == 1
    for fmt in links.values():
        assert not fmt.fontItalic() and not fmt.fontUnderline()
    window.note_view._on_link_hovered(QUrl("pending:t"))
    assert "the vault is still being indexed" in window.statusBar().currentMessage()
    window.note_view._on_anchor_clicked(QUrl("pending:t"))
    assert "the vault is still being indexed" in window.statusBar().currentMessage()
    assert window.note_view.current_path == "a.md"

    release.set()
    qtbot.waitUntil(lambda: set(anchors(window)) == {"note:t.md", "unresolved:gone"}, timeout=5000)
    resolved = anchors(window)
    assert resolved["note:t.md"].foreground().color().name() in colours
    assert resolved["unresolved:gone"].fontItalic()


def test_the_preview_of_a_link_not_known_yet_says_the_vault_is_being_indexed():
    from clew.ui.reader.hover_preview import link_target

    target = link_target("pending:Other%20note#Part", None, "a.md")
    assert (target.path, target.title, target.fragment) == (None, "Other note", "Part")
    assert target.how == "Not known yet: the vault is still being indexed"


def test_a_page_drawn_before_the_index_is_not_reported_as_shown_with_it(make_window, tmp_path, qtbot,
                                                                        monkeypatch):
    """The page asked for before the index came may be drawn after it came (its paint was
    queued): ``note_shown`` waits for the page drawn with the links resolved."""
    release = hold(monkeypatch, session_work_module, "index_notes")
    window = make_window(None)
    with qtbot.waitSignal(window.note_view.rendered, timeout=5000):
        window.open_vault_path(write(tmp_path / "v", NOTES), "a.md")
    assert not window.note_view.page_indexed
    shown = []
    window.note_shown.connect(lambda path: shown.append(dict(window.note_view._links)))

    late_paints = []

    def late_paint_of_the_page_before():
        # Connected after the window: its page with the index is asked for, not yet drawn.
        late_paints.append(window.note_view.page_indexed)
        window.note_view._undrawn = "a.md"
        window.note_view._on_drawn()

    window.session.indexed.connect(late_paint_of_the_page_before)
    release.set()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert late_paints == [False]  # the late paint came while the page in the view was the first
    assert all("note:t.md" in links for links in shown)
