"""Block ids: a ``^id`` ending a paragraph or item, or alone on a line after any block, is hidden
and the block carries the anchor a ``#^id`` link scrolls to; the index knows the same ids."""

from __future__ import annotations

import re

import pytest

from clew.core.links.fragments import find_anchor
from clew.core.links.model import Resolution
from clew.core.notes.parsing import parse_note
from clew.core.render.embeds import note_section
from clew.core.render.markdown import MarkdownRenderer, render_note


def rendered(text: str):
    return render_note(text, "n.md", lambda _link: Resolution(None))


def shown_text(html: str) -> str:
    return re.sub(r"<[^>]*>", "", html)


def anchored(html: str, block_id: str) -> str:
    """What follows the anchor of ``block_id``, up to the next tag that is not an opening one."""
    found = re.search(rf'<a name="\^{block_id}"></a>(.{{0,80}})', html, re.S)
    assert found, f"no anchor ^{block_id}"
    return found.group(1)


@pytest.mark.parametrize("text, block_id, lands_on", [
    ("A paragraph ends. ^para-1", "para-1", "A paragraph ends."),
    ("- first ^item1\n- second", "item1", "first"),
    ("1. one\n    - nested ^n1", "n1", "nested"),
    ("A line\n^own-line", "own-line", "A line"),
    ("A paragraph.\n\n^apart", "apart", "A paragraph."),
    ("> A quote.\n\n^quote-1", "quote-1", "\n<p>A quote."),
    ("> [!tip] Title\n> Body.\n\n^callout", "callout", '\n<p class="callout-title'),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n\n^table", "table", "a</th>"),
    ("- a\n- b\n\n^whole-list", "whole-list", "a</li>"),
    ("## Heading\n\n^head", "head", "Heading</h2>"),
    ("```py\nx = 1\n```\n\n^code", "code", '<span></span><code><span class="n">x'),
    ("```mermaid\ngraph TD\n```\n^diagram", "diagram", "<span></span><code>graph TD"),
])
def test_the_id_is_hidden_and_its_block_carries_the_anchor(text, block_id, lands_on):
    note = rendered(text)
    assert anchored(note.html, block_id).startswith(lands_on)
    assert f"^{block_id}" not in shown_text(note.html)
    assert find_anchor(f"^{block_id}", note.headings, note.html) == f"^{block_id}"
    assert block_id in parse_note(text, "n.md").block_ids


def test_a_marker_on_its_own_line_leaves_no_empty_line_with_or_without_breaks():
    for renderer in (MarkdownRenderer(), MarkdownRenderer(strict_line_breaks=True)):
        html = renderer.render("A line\n^own", "n.md", lambda _link: Resolution(None)).html
        assert html == '<p><a name="^own"></a>A line</p>'


@pytest.mark.parametrize("text", [
    "Not at the end ^x of the line",
    "`code ^x`",
    "```\ncode ^x\n```",
    "a^x glued to a word",
    "^ x with a space",
])
def test_what_is_not_a_block_id_stays_as_written(text):
    html = rendered(text).html
    assert '<a name="^' not in html and "^" in shown_text(html)


def test_an_id_with_no_block_before_it_is_still_hidden_and_named():
    html = rendered("^first\n\nText").html
    assert '<a name="^first"></a>' in html and "^first" not in shown_text(html)


def test_an_id_on_its_own_line_names_the_block_above_for_embeds_and_previews():
    text = "intro\n\n> q1\n> q2\n\n^quote\n\n- a\n- b\n\n^list\n\n- c ^item"
    assert note_section(text, "n.md", "^quote") == "> q1\n> q2"
    assert note_section(text, "n.md", "^list") == "- a\n- b"
    assert note_section(text, "n.md", "^item") == "- c ^item"
    assert note_section("^top\n\nx", "n.md", "^top") is None
