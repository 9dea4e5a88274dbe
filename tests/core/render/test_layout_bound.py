"""No page a note makes can hold the window in Qt's layout (issue 18): nesting past a depth is
drawn flat, huge tables, lines and runs are shown in part, long pages come in parts; every case
with its reproduction, through the same path as the view (render, clean, bound)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clew.core.render.layout_bound import (
    BIG_BLOCK, FLAT_LISTS, FLAT_MARKUP, FLAT_TABLES, LONG_RUN, MAX_COLUMNS, MAX_DEPTH, MAX_LIST_DEPTH,
    MAX_RUN, MAX_TABLE_DEPTH, PAGE_BUDGET, WIDE_TABLE, bound_layout,
)
from clew.core.render.markdown import render
from clew.core.render.page import LoadedNote, RenderRequest, plain_page, render_request
from clew.core.render.safety import clean_html

PARTS_RE = re.compile(r"shown in parts, part (\d+) of (\d+)")


class Shape(HTMLParser):
    """What Qt's layout cost hangs on, measured on the HTML the view gets."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.open: list[str] = []
        self.depth = self.tables = self.lists = self.cells_in_row = self.widest_row = 0
        self.links = self.ids = self.longest_run = 0
        self.text = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr"):
            return
        self.open.append(tag)
        self.depth = max(self.depth, len(self.open))
        self.tables = max(self.tables, self.open.count("table"))
        self.lists = max(self.lists, self.open.count("ul") + self.open.count("ol"))
        if tag == "tr":
            self.cells_in_row = 0
        if tag in ("td", "th"):
            self.cells_in_row += 1
            self.widest_row = max(self.widest_row, self.cells_in_row)
        self.links += tag == "a"
        self.ids += any(name == "id" for name, _ in attrs)

    def handle_endtag(self, tag):
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data):
        self.text.append(data)
        self.longest_run = max([self.longest_run, *map(len, data.split())])


def _show(tmp_path: Path, text: str, part: int = 0):
    """The page of a note, without its inline title: exactly the bounded body."""
    (tmp_path / "case.md").write_text(text, encoding="utf-8")
    return render_request(RenderRequest(1, tmp_path, "case.md", {}, part=part, inline_title=False))


def _plain(tmp_path: Path, text: str, part: int = 0):
    """The page the view gets for a note whose Markdown render overran the worker's limit."""
    request = RenderRequest(1, tmp_path, "case.md", {}, part=part, inline_title=False)
    return plain_page(request, LoadedNote(text, "utf-8"), "it took longer than 2 s")


def _nested_callouts(depth: int) -> str:
    return "".join("> " * level + f"> [!note] Level {level}\n" for level in range(depth)) + "> " * depth + "body\n"


def test_the_26_byte_nested_quote_is_drawn_flat_past_six_levels(tmp_path):
    note = ">" * 25 + " x\n"
    result = _show(tmp_path, note)
    shape = Shape(result.html)
    assert shape.tables == MAX_TABLE_DEPTH
    assert "x" in "".join(shape.text)
    assert '<blockquote class="flat">' in result.html  # the levels past six: one indented block
    assert FLAT_TABLES in result.notices
    assert bound_layout(result.html).cost <= PAGE_BUDGET


@pytest.mark.parametrize("levels", [10, 15])
def test_quotes_nested_10_and_15_deep_are_drawn_flat_too(tmp_path, levels):
    result = _show(tmp_path, ">" * levels + " x\n")
    assert Shape(result.html).tables == MAX_TABLE_DEPTH and FLAT_TABLES in result.notices


def test_quotes_six_deep_are_drawn_as_they_are(tmp_path):
    result = _show(tmp_path, ">" * 6 + " x\n")
    assert Shape(result.html).tables == 6 and "flat" not in result.html
    assert not result.notices


def test_callouts_nested_25_deep_show_every_title_flat(tmp_path):
    result = _show(tmp_path, _nested_callouts(25))
    shape = Shape(result.html)
    assert shape.tables <= MAX_TABLE_DEPTH
    text = "".join(shape.text)
    assert all(f"Level {level}" in text for level in range(25)) and "body" in text
    assert any("drawn flat" in notice for notice in result.notices)
    assert bound_layout(result.html).cost <= PAGE_BUDGET


def test_a_list_200_deep_is_drawn_flat_past_ten_levels(tmp_path):
    note = "".join("    " * level + f"- item {level}\n" for level in range(200))
    result = _show(tmp_path, note)
    shape = Shape(result.html)
    assert shape.lists == MAX_LIST_DEPTH and shape.depth <= MAX_DEPTH + 1
    assert "item 199" in "".join(shape.text)
    assert FLAT_LISTS in result.notices


def test_a_table_of_10000_columns_shows_its_first_columns(tmp_path):
    columns = 10_000
    note = ("|" + "".join(f" c{i} |" for i in range(columns)) + "\n" + "|" + "---|" * columns + "\n"
            + "|" + "".join(f" v{i} |" for i in range(columns)) + "\n")
    result = _show(tmp_path, note)
    shape = Shape(result.html)
    assert shape.widest_row == MAX_COLUMNS
    text = "".join(shape.text)
    assert f"c{MAX_COLUMNS - 1}" in text and f"v{MAX_COLUMNS - 1}" in text and f"c{MAX_COLUMNS}" not in text
    assert WIDE_TABLE in result.notices


def test_a_table_of_3000_rows_is_shown_in_part(tmp_path):
    note = "| a | b | c |\n|---|---|---|\n" + "".join(f"| r{i} | x | y |\n" for i in range(3_000))
    result = _show(tmp_path, note)
    text = "".join(Shape(result.html).text)
    assert "r0" in text and "r2999" not in text
    assert BIG_BLOCK in result.notices and "shown in part" in BIG_BLOCK
    assert bound_layout(result.html).cost <= PAGE_BUDGET


def test_100k_backticks_are_shown_in_part(tmp_path):
    result = _show(tmp_path, "x" + "`" * 100_000 + "\n")
    assert Shape(result.html).longest_run <= MAX_RUN + 1
    assert LONG_RUN in result.notices and "shown in part" in LONG_RUN


def test_a_line_of_100k_backticks_opens_an_empty_code_block(tmp_path):
    # CommonMark: a fence opener, never closed, so the code runs to the end of the note.
    result = _show(tmp_path, "`" * 100_000 + "\n")
    assert "<code></code>" in result.html and "`" not in result.html and not result.notices


def _all_parts(markup: str) -> list:
    first = bound_layout(markup)
    return [first] + [bound_layout(markup, page) for page in range(1, first.pages)]


def test_5000_headings_come_in_parts_that_hold_every_heading_once(tmp_path):
    note = "".join(f"# Heading {i}\n" for i in range(5_000))
    result = _show(tmp_path, note)
    assert result.parts > 1 and result.part == 0
    assert PARTS_RE.search(" ".join(result.notices)).groups() == ("1", str(result.parts))
    assert Shape(result.html).ids < 5_000
    markup = clean_html(render(note, "case.md", lambda link: None).html)
    parts = _all_parts(markup)
    headings = [m for part in parts for m in re.findall(r"Heading \d+", part.html)]
    assert headings == [f"Heading {i}" for i in range(5_000)]
    assert all(part.cost <= PAGE_BUDGET for part in parts)
    second = _show(tmp_path, note, part=1)
    assert second.part == 1 and "Heading 0<" not in second.html
    assert re.findall(r"Heading \d+", second.html) == re.findall(r"Heading \d+", parts[1].html)


@pytest.mark.parametrize("note, links", [
    ("".join(f"[[note {i}]] " + ("\n" if i % 10 == 9 else "") for i in range(50_000)), 50_000),
    ("w [[x]] [g](x.md) " * 11_400 + "\n", 11_400),  # plain text: only the wikilinks are links
], ids=["50k links", "200 KB line of links"])
def test_a_page_of_tens_of_thousands_of_links_comes_in_parts(tmp_path, note, links):
    """Markdown takes longer than the worker's 2 s on these: the view gets the plain page, in
    parts cut from the text, each laid out whole."""
    result = _plain(tmp_path, note)
    assert result.parts > 1 and Shape(result.html).links < links / 2
    parts = [result] + [_plain(tmp_path, note, part) for part in range(1, result.parts)]
    assert sum(Shape(part.html).links for part in parts) == links
    assert all(bound_layout(clean_html(part.rendered.html), paged=False).html == part.html for part in parts)


@pytest.mark.parametrize("note, measure, most", [
    ("<blockquote>" * 30 + "x" + "</blockquote>" * 30 + "\n", "depth", MAX_DEPTH),
    ("<table><tr><td>" * 30 + "x" + "</td></tr></table>" * 30 + "\n", "tables", MAX_TABLE_DEPTH),
    ("<ul><li>" * 200 + "x" + "</li></ul>" * 200 + "\n", "lists", MAX_LIST_DEPTH),
    ("<div>" * 1_000 + "x" + "</div>" * 1_000 + "\n", "depth", MAX_DEPTH),
], ids=["blockquote 30", "table 30", "ul 200", "div 1000"])
def test_raw_html_nested_deep_is_drawn_flat(tmp_path, note, measure, most):
    result = _show(tmp_path, note)
    shape = Shape(result.html)
    assert getattr(shape, measure) <= most and "x" in "".join(shape.text)
    assert bound_layout(result.html).cost <= PAGE_BUDGET


def test_raw_divs_1000_deep_say_they_are_drawn_flat(tmp_path):
    result = _show(tmp_path, "<div>" * 1_000 + "x" + "</div>" * 1_000 + "\n")
    assert FLAT_MARKUP in result.notices


def test_a_raw_colspan_of_a_million_is_clamped(tmp_path):
    result = _show(tmp_path, '<table><tr><td colspan="1000000" rowspan="99999">x</td></tr></table>\n')
    assert 'colspan="50"' in result.html and 'rowspan="50"' in result.html


NORMAL_NOTE = """# Title

Some *text* with a [[link]] and `code`.

> A quote
> > nested once

> [!warning] Careful
> Callout body with a list:
> - one
>   - two

| a | b |
|---|---|
| 1 | 2 |

```python
print("hi")
```

1. first
2. second
"""


def test_a_normal_note_is_laid_out_exactly_as_rendered(tmp_path):
    result = _show(tmp_path, NORMAL_NOTE)
    assert not result.notices and result.parts == 1
    assert result.html == clean_html(result.rendered.html)


def test_a_part_of_a_big_note_is_cut_not_split_again(tmp_path):
    lines = "".join(f"{i}\n" for i in range(20_000))
    request = RenderRequest(1, tmp_path, "case.md", {})
    page = plain_page(request, LoadedNote(lines, "utf-8", part=1, parts=3))
    assert (page.part, page.parts) == (1, 3)
    assert BIG_BLOCK in page.notices and bound_layout(page.html).cost <= PAGE_BUDGET


def test_2000_images_come_in_parts_of_a_few_hundred(tmp_path):
    """Qt loads and places each image while it lays the page out."""
    result = _show(tmp_path, '<img src="pixel.png"> ' * 2_000 + "\n")
    assert result.parts > 1 and result.html.count("<img") <= 500
