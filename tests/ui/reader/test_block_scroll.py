"""A link to a block id scrolls the note view to that block: an id ending a paragraph, or on a
line of its own after a quote, a table or code; from another note's link and from the note's own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from vault_files import write

FILLER = "\n\n".join(f"paragraph {i}" for i in range(80))
NOTE = (f"# Top\n\nJump to [[#^far-quote|the quote]].\n\n{FILLER}\n\n> Quote far down.\n\n^far-quote\n\n{FILLER}\n\n"
        f"| Table cell far down | b |\n|---|---|\n| 1 | 2 |\n\n^far-table\n\n{FILLER}\n\n"
        f"```py\ncode_far_down = 1\n```\n\n^far-code\n\n{FILLER}\n\nLast words. ^far-end\n\n{FILLER}\n")


def link_href(view, shown: str) -> str:
    """The href of the link showing ``shown``."""
    block = view.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor() and fragment.text() == shown:
                return fragment.charFormat().anchorHref()
            it += 1
        block = block.next()
    raise AssertionError(f"no link {shown}")


def top_in_view(view, text: str) -> int:
    """Where ``text`` is drawn, from the top of the view."""
    found = view.browser.document().find(text)
    assert not found.isNull(), text
    return view.browser.cursorRect(found).top()


@pytest.mark.parametrize("block_id, text", [
    ("far-quote", "Quote far down."),
    ("far-table", "Table cell far down"),
    ("far-code", "code_far_down"),
    ("far-end", "Last words."),
])
def test_a_block_link_lands_on_its_block(make_window, tmp_path, qtbot, block_id, text):
    vault = write(tmp_path / "v", {"n.md": NOTE, "other.md": f"See [[n#^{block_id}]].\n"})
    window = make_window(vault, "other.md")
    view = window.note_view
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        view.browser.anchorClicked.emit(QUrl(link_href(view, f"n > ^{block_id}")))
    assert view.current_path == "n.md" and not view.banner.isVisible()
    assert view.browser.verticalScrollBar().value() > 0
    assert 0 <= top_in_view(view, text) < 60
    assert f"^{block_id}" not in view.browser.toPlainText()


def test_a_link_to_a_block_of_the_same_note_scrolls_there(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {"n.md": NOTE})
    window = make_window(vault, "n.md")
    view = window.note_view
    assert view.browser.verticalScrollBar().value() == 0
    with qtbot.waitSignal(window.note_shown, timeout=5000):
        view.browser.anchorClicked.emit(QUrl(link_href(view, "the quote")))
    assert 0 <= top_in_view(view, "Quote far down.") < 60
