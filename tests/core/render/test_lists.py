"""Lists as CommonMark (and so Obsidian) reads them: where they start, how they nest, when a new
list begins, which are tight, and the blocks their items hold."""

from __future__ import annotations

import pytest

from clew.core.links.model import Resolution
from clew.core.render.extensions.blocks import MAX_DEPTH
from clew.core.render.markdown import render
from tests.core.render.commonmark_cases import assert_commonmark
from tests.core.render.plain_html import normalize, plain_clew_html

CASES = {
    "a list right under a paragraph line": (
        "Intro:\n- a\n- b\n",
        "<p>Intro:</p><ul><li>a</li><li>b</li></ul>",
    ),
    "a list right under a paragraph line in a quote": (
        "> Intro:\n> - a\n> - b\n",
        "<blockquote><p>Intro:</p><ul><li>a</li><li>b</li></ul></blockquote>",
    ),
    "an ordered list under a paragraph line, in a quote": (
        "> Steps:\n> 1. one\n> 2. two\n",
        "<blockquote><p>Steps:</p><ol><li>one</li><li>two</li></ol></blockquote>",
    ),
    "only 1. interrupts a paragraph": (
        "In\n2024. was a year\n",
        "<p>In\n2024. was a year</p>",
    ),
    "nested by two spaces": (
        "- a\n  - b\n    - c\n  - d\n- e\n",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li><li>d</li></ul></li><li>e</li></ul>",
    ),
    "nested by three spaces under 1.": (
        "1. a\n   1. b\n2. c\n",
        "<ol><li>a<ol><li>b</li></ol></li><li>c</li></ol>",
    ),
    "nested by the width of a wide marker": (
        "10. a\n    - b\n11. c\n",
        '<ol start="10"><li>a<ul><li>b</li></ul></li><li>c</li></ol>',
    ),
    "nested by the spaces after the marker": (
        "-   a\n    - b\n",
        "<ul><li>a<ul><li>b</li></ul></li></ul>",
    ),
    "nested by a tab": (
        "- a\n\t- b\n\t\t- c\n",
        "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li></ul>",
    ),
    "two spaces under 1. are not enough to nest": (
        "1. a\n  - b\n",
        "<ol><li>a</li></ol><ul><li>b</li></ul>",
    ),
    "a new delimiter starts a new list": (
        "1. a\n2. b\n3) c\n",
        '<ol><li>a</li><li>b</li></ol><ol start="3"><li>c</li></ol>',
    ),
    "a new bullet starts a new list": (
        "- a\n* b\n+ c\n",
        "<ul><li>a</li></ul><ul><li>b</li></ul><ul><li>c</li></ul>",
    ),
    "a blank line between items makes the list loose": (
        "- a\n\n- b\n",
        "<ul><li><p>a</p></li><li><p>b</p></li></ul>",
    ),
    "a blank line in a nested list loosens only that list": (
        "- a\n  - b\n\n  - c\n- d\n",
        "<ul><li>a<ul><li><p>b</p></li><li><p>c</p></li></ul></li><li>d</li></ul>",
    ),
    "a blank line inside a quote in an item does not loosen the list": (
        "* a\n  > b\n  >\n* c\n",
        "<ul><li>a<blockquote><p>b</p></blockquote></li><li>c</li></ul>",
    ),
    "a lazy line continues the item's paragraph": (
        "- a\nlazy\n- b\n",
        "<ul><li>a\nlazy</li><li>b</li></ul>",
    ),
    "a fence inside an item": (
        "- a\n  ```js\n  let x = 1\n  ```\n- b\n",
        "<ul><li>a<pre><code>let x = 1\n</code></pre></li><li>b</li></ul>",
    ),
    "a fence as an item's first line, with the item's text after it": (
        "1. ```\n   code\n   ```\n   after\n2. next\n",
        "<ol><li><pre><code>code\n</code></pre>after</li><li>next</li></ol>",
    ),
    "a fence in a two-space nested item keeps its shape": (
        "- a\n  - b\n\n    ```\n    x\n      y\n    ```\n",
        "<ul><li>a<ul><li><p>b</p><pre><code>x\n  y\n</code></pre></li></ul></li></ul>",
    ),
    "a quote and a table inside an item": (
        "- a\n  > q\n- b\n  | t | u |\n  |---|---|\n  | 1 | 2 |\n",
        "<ul><li>a<blockquote><p>q</p></blockquote></li><li>b<table><thead><tr><th>t</th><th>u</th></tr>"
        "</thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></li></ul>",
    ),
    "text after a quote in a tight item stays in the item": (
        "- a\n  > b\n\n  c\n",
        "<ul><li><p>a</p><blockquote><p>b</p></blockquote><p>c</p></li></ul>",
    ),
    "indented code inside an item": (
        "- item\n\n      code\n- x\n",
        "<ul><li><p>item</p><pre><code>code\n</code></pre></li><li><p>x</p></li></ul>",
    ),
    "indented code right after a list": (
        " -    one\n\n     two\n",
        "<ul><li>one</li></ul><pre><code> two\n</code></pre>",
    ),
    "an empty first line, then the item's text": (
        "-\n  foo\n",
        "<ul><li>foo</li></ul>",
    ),
    "an empty item ends at a blank line": (
        "-\n\n  foo\n",
        "<ul><li></li></ul><p>foo</p>",
    ),
    "a list in a list in a quote in a list": (
        "- a\n  > - b\n  >   1. c\n",
        "<ul><li>a<blockquote><ul><li>b<ol><li>c</li></ol></li></ul></blockquote></li></ul>",
    ),
    "a thematic break is not a list": (
        "- a\n* * *\n- b\n",
        "<ul><li>a</li></ul><hr /><ul><li>b</li></ul>",
    ),
    "a dash under a paragraph is a heading, not an empty item": (
        "Title\n-\n",
        "<h2>Title</h2>",
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_list(text: str, expected: str) -> None:
    assert_commonmark(text, expected)


def test_a_callouts_list_right_under_its_title() -> None:
    html = normalize(plain_clew_html("> [!note] Title\n> - a\n> - b\n"))
    title = '<p class="callout-title callout-title-note">✎ Title</p>'
    assert html == f"<blockquote>{title}<ul><li>a</li><li>b</li></ul></blockquote>"


@pytest.mark.parametrize("text", [
    "- " * 10_000 + "x\n",
    "> - " * 5_000 + "x\n",
    "".join("  " * level + "- x\n" for level in range(300)),
    "".join("\t" * level + "1. x\n" for level in range(300)),
], ids=["items on one line", "quotes and items on one line", "items by two spaces", "items by tabs"])
def test_hostile_nesting_stops_at_the_depth_limit_and_shows_the_rest_as_text(text: str) -> None:
    html = render(text, "n.md", lambda _link: Resolution(None)).html
    assert "could not be rendered" not in html  # no RecursionError fallback
    quotes = html.count('<table border="0" cellpadding="8" cellspacing="0" class="quote"')
    assert 0 < html.count("<li") + quotes < MAX_DEPTH
    assert "x" in html


def test_blocks_in_a_tight_item_come_without_line_breaks_around_them() -> None:
    # Line breaks are on by default: the item's newlines must not become <br> around the code.
    text = "1. ```\n   code\n   ```\n   after\n2. a\n   ```\n   x\n   ```\n"
    html = render(text, "n.md", lambda _link: Resolution(None)).html
    assert "<br" not in html and html.count("<pre>") == 2
    assert "</table>after</li>" in html
