"""The backlinks panel filled again while a note opens: an answer equal to the one shown keeps
its rows (only the provisional notice follows the flag); any other is shown in new rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clew.core.index.results import ResolvedLink
from clew.core.links.model import Link, LinkKind, Resolution
from clew.ui.background.tasks import TaskRunner
from clew.ui.panels.backlinks import READING, BacklinksPanel, PathRole

MARK = Qt.ItemDataRole.UserRole + 99  # set by the test on a row: it survives only if the row is kept


def link(source: str, line: int, context: str = "") -> ResolvedLink:
    return ResolvedLink(source, Link(LinkKind.WIKI, "t", line=line), Resolution("t.md"), context)


ANSWER = [link("a.md", 3, "See [[t]] here."), link("b.md", 2, "Also [[t]].")]


@pytest.fixture
def panel(qtbot):
    tasks = TaskRunner()
    panel = BacklinksPanel(tasks)
    qtbot.addWidget(panel)
    panel.show()
    yield panel
    tasks.shutdown()


def rows(panel) -> list[tuple[str, str]]:
    tree = panel.tree
    return [(tree.topLevelItem(i).child(j).data(0, PathRole), tree.topLevelItem(i).child(j).text(0))
            for i in range(tree.topLevelItemCount()) for j in range(tree.topLevelItem(i).childCount())]


def marked(panel) -> list[bool]:
    """Whether each row (group rows and their lines) is one the test marked."""
    tree, found = panel.tree, []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        found += [group.data(0, MARK) == "kept"] + [group.child(j).data(0, MARK) == "kept"
                                                    for j in range(group.childCount())]
    return found


def mark_all(panel) -> None:
    tree = panel.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        group.setData(0, MARK, "kept")
        for j in range(group.childCount()):
            group.child(j).setData(0, MARK, "kept")


def test_the_index_s_answer_equal_to_the_scan_s_keeps_the_rows_and_hides_the_notice(panel):
    panel.show_backlinks("t.md", ANSWER, provisional=True)
    assert panel.notice.isVisible()
    mark_all(panel)
    panel.show_backlinks("t.md", list(ANSWER), provisional=False)
    assert not panel.notice.isVisible()
    assert marked(panel) == [True] * 4
    assert rows(panel) == [("a.md", "3: See [[t]] here."), ("b.md", "2: Also [[t]].")]
    assert panel.header.text() == "Backlinks: 2 in 2 notes"


def test_the_notice_shows_again_for_an_equal_provisional_answer(panel):
    panel.show_backlinks("t.md", ANSWER)
    panel.show_backlinks("t.md", ANSWER, provisional=True)
    assert panel.notice.isVisible()


def test_lines_read_are_shown_in_place_of_reading(panel):
    panel.show_backlinks("t.md", [link("a.md", 3), link("b.md", 2)], reading=True, provisional=True)
    assert rows(panel) == [("a.md", f"3: {READING}"), ("b.md", f"2: {READING}")]
    panel.show_backlinks("t.md", ANSWER, provisional=True)
    assert rows(panel) == [("a.md", "3: See [[t]] here."), ("b.md", "2: Also [[t]].")]
    assert panel.notice.isVisible()


def test_not_ready_hides_the_notice(panel):
    panel.show_backlinks("t.md", ANSWER, provisional=True)
    panel.show_backlinks(None, [], ready=False, provisional=True)
    assert not panel.notice.isVisible() and panel.tree.topLevelItemCount() == 0


def test_another_answer_is_shown_in_new_rows(panel):
    panel.show_backlinks("t.md", ANSWER)
    mark_all(panel)
    more = [*ANSWER, link("c.md", 1, "[[t]] too.")]
    panel.show_backlinks("t.md", more)
    assert marked(panel) == [False] * 6
    assert rows(panel) == [("a.md", "3: See [[t]] here."), ("b.md", "2: Also [[t]]."), ("c.md", "1: [[t]] too.")]
    assert panel.tree.topLevelItem(2).font(0).bold() and panel.tree.topLevelItem(2).isExpanded()
