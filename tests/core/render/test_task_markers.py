"""Obsidian's custom task markers through markdown.markdown(): each kind its glyph and class,
cancelled items struck through, any other character a done task, [ ] and [x] left to tasklist."""

from __future__ import annotations

import re

import markdown
import pytest

from clew.core.render.extensions import qt_richtext, task_markers
from clew.core.render.extensions.task_markers import DONE, TASK_KINDS
from clew.core.render.note_css import stylesheet
from clew.core.render.themes import THEME_NAMES


def md(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.tasklist", task_markers.makeExtension(),
                                               qt_richtext.makeExtension()])


def marks(html: str) -> list[tuple[str, str, str]]:
    """(item class, mark class, text after the mark) of each marked item."""
    return re.findall(r'<li class="([^"]*)"><span class="task-mark task-[\w-]+">(.)</span>\u2002([^<]*)', html)


@pytest.mark.parametrize("marker, kind, glyph", [(m, k, g) for m, (k, g) in TASK_KINDS.items()])
def test_each_marker_has_its_kind_and_glyph(marker, kind, glyph):
    html = md(f"- [{marker}] Call Anna")
    assert marks(html) == [(f"task-list-item task-{kind}", glyph, "Call Anna")]
    assert f"[{marker}]" not in html and '<ul class="task-list">' in html


@pytest.mark.parametrize("marker", ["k", "✓", "Y", "0"])
def test_any_other_character_is_a_done_task(marker):
    assert marks(md(f"- [{marker}] Shipped")) == [("task-list-item task-done", DONE[1], "Shipped")]


def test_open_and_done_boxes_stay_tasklists():
    html = md("- [ ] open\n- [x] done\n- [X] Done too")
    assert "☐ open" in html and "☑ done" in html and "☑ Done too" in html and "task-mark" not in html


@pytest.mark.parametrize("text", [
    "- [-]no space after the marker",
    "- [ab] two characters",
    "- [[wikilink]] in an item",
    "- []  empty brackets",
    "Para [-] not in a list",
])
def test_what_is_not_a_task_stays_as_written(text):
    html = md(text)
    assert "task-mark" not in html and "task-list" not in html


def test_loose_items_and_ordered_lists_and_nesting():
    html = md("1. [-] dropped\n\n2. [/] going\n    - [!] inner")
    assert '<ol class="task-list">' in html and '<ul class="task-list">' in html
    assert '<p><span class="task-mark task-cancelled">⊟</span>\u2002dropped</p>' in html
    assert '<li class="task-list-item task-important"><span class="task-mark task-important">⚑</span>' in html


def test_inline_markdown_after_the_marker_is_still_rendered():
    assert "<em>soon</em>" in md("- [>] moved *soon*")


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_each_kind_is_coloured_and_cancelled_items_are_struck_through(theme):
    css = stylesheet(theme)
    for kind, _glyph in TASK_KINDS.values():
        assert re.search(rf"span\.task-{kind} {{ color: #[0-9a-f]{{6}}; }}", css), kind
    assert "li.task-cancelled { text-decoration: line-through;" in css
    assert "li.task-cancelled li { text-decoration: none;" in css
