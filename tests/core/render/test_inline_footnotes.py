"""Obsidian's inline footnotes ``^[…]``: numbered and listed with the other footnotes."""

from __future__ import annotations

import markdown

from clew.core.render.extensions import inline_footnotes
from clew.core.render.extensions.inline_footnotes import inline_to_references
from tests.core.render.plain_html import normalize, plain_clew_html


def test_an_inline_footnote_becomes_a_reference_and_a_definition() -> None:
    text, notes = inline_to_references("Text.^[A note with [a link](x.md) inside.] More.^[Second]")
    assert text == "Text.[^clew-inline-1] More.[^clew-inline-2]"
    assert notes == ["A note with [a link](x.md) inside.", "Second"]


def test_code_math_escapes_and_empty_brackets_are_left_alone() -> None:
    source = "`^[code]` and $x^[y]$ and \\^[escaped] and ^[] and ^[unclosed\n\nnext]"
    assert inline_to_references(source) == (source, [])


def test_a_footnote_over_two_lines_is_one_line() -> None:
    assert inline_to_references("a^[one\ntwo] b") == ("a[^clew-inline-1] b", ["one two"])


def test_rendered_as_markdown_it_renders_it() -> None:
    html = normalize(plain_clew_html("Text.^[The *note*.]\n\n- item^[In a list]\n"))
    assert html.startswith('<p>Text.<sup id="fnref:clew-inline-1">')
    assert '<li id="fn:clew-inline-1"><p>The <em>note</em>.' in html
    assert '<li id="fn:clew-inline-2"><p>In a list' in html


def test_with_the_footnotes_extension_alone() -> None:
    html = markdown.markdown("A^[b] c[^d]\n\n[^d]: e\n", extensions=["footnotes", inline_footnotes.makeExtension()])
    assert html.count('class="footnote-ref"') == 2 and "^[" not in html
