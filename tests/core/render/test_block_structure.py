"""The measuring tools of issue 20: block skeletons, and Clew's HTML with its decorations undone."""

from __future__ import annotations

from tests.core.render.block_structure import (
    Block, clew_blocks, clew_html, compare_note, first_difference, oracle_blocks,
)
from tests.core.render.plain_html import normalize, plain_clew_html


def _shape(*children: tuple) -> tuple:
    return ("body", children)


def test_clew_wrappers_are_see_through() -> None:
    text = "> quote\n\n```python\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert clew_blocks(clew_html(text)).shape() == _shape(
        ("blockquote", (("p", ()),)), ("pre", ()), ("table", ()),
    )


def test_callout_title_is_neutralised_on_both_sides() -> None:
    text = "> [!note] Title\n>\n> - a\n> - b\n"
    assert clew_blocks(clew_html(text)).shape() == oracle_blocks(text).shape() == _shape(
        ("blockquote", (("ul", (("li", ()), ("li", ()))),)),
    )


def test_front_matter_footnotes_and_block_ids_are_neutralised() -> None:
    text = "---\ntitle: x\n---\n\nText[^1]\n\n^block-1\n\n[^1]: The note.\n"
    assert compare_note(text) is None
    assert oracle_blocks(text).shape() == _shape(("p", ()), ("ol", (("li", (("p", ()),)),)))


def test_a_difference_names_the_extra_block_not_a_shift() -> None:
    clew = Block("body", (Block("p", text="a"), Block("p", text="img"), Block("h2", text="b")))
    oracle = Block("body", (Block("p", text="a"), Block("h2", text="b")))
    difference = first_difference(clew, oracle)
    assert (difference.kind, difference.clew.text) == ("extra p in body", "img")


def test_plain_html_undoes_clew_decorations() -> None:
    text = "# Head\n\n> [link](https://x.org) and [[note]]\n\n```\ncode\n```\n"
    assert normalize(plain_clew_html(text)) == normalize(
        '<h1>Head</h1>\n<blockquote><p><a href="https://x.org">link</a> and <a href="note">note</a></p>'
        "</blockquote>\n<pre><code>code\n</code></pre>\n"
    )


def test_plugin_blocks_are_neutralised() -> None:
    text = "```ad-tip\ntitle: Hi\n- a\n- b\n```\n\n```mermaid\ngraph TD\n```\n"
    assert compare_note(text) is None
    assert oracle_blocks(text).shape() == _shape(
        ("blockquote", (("ul", (("li", ()), ("li", ()))),)), ("pre", ()),
    )
