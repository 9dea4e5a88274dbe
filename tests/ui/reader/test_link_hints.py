"""Link hints in the note view: one label per link, each beside its link, never over its text."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel

from tests.ui.driving import press
from vault_files import write


def link_text_rects(browser) -> list[QRect]:
    """The rectangle of each link's text in the viewport (links on one line only)."""
    document, rects = browser.document(), []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref():
                start, end = QTextCursor(document), QTextCursor(document)
                start.setPosition(fragment.position())
                end.setPosition(fragment.position() + fragment.length())
                rects.append(browser.cursorRect(start).united(browser.cursorRect(end)))
            it += 1
        block = block.next()
    return rects


def test_hints_leave_short_links_readable_and_label_each_link(make_window, tmp_path, qtbot):
    vault = write(tmp_path / "v", {
        "Hints.md": "# Hints\n\nShort links: [[a]], [[b|x]], [[c|ok]] and [go](c.md), then [[a|a longer one]].\n\n"
                    "- [[a]]\n- [[b]]\n- [[c|see c]]\n",
        "a.md": "# a\n", "b.md": "# b\n", "c.md": "# c\n",
    })
    window = make_window(vault, "Hints.md")
    browser = window.note_view.browser
    press(qtbot, browser, Qt.Key.Key_F)
    badges = [w for w in browser.viewport().findChildren(QLabel) if w.objectName() == "linkHint"]
    links = link_text_rects(browser)
    # "ok" and "go" both lead to c.md, side by side on one line: two links, two labels.
    assert len(links) == 8 and len(badges) == 8
    for badge in badges:
        covered = [link for link in links if badge.geometry().intersected(link).height() > 3]
        assert not covered, (badge.text(), badge.geometry(), covered)
