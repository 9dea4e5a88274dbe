"""Line breaks as in Obsidian: a single newline in a paragraph is a line break, or a space in
strict mode ("Strict line breaks"); backslash and two-space hard breaks in both modes; no break
where a newline is structure (tables, headings, code, block comments, display formulas); the
mode reaches embeds, previews and the page."""

from __future__ import annotations

import re

import markdown
import pytest

from clew.core.index.build import index_vault
from clew.core.links.model import Resolution, Unresolved
from clew.core.render.embeds import embedded_resolutions
from clew.core.render.extensions import hard_breaks
from clew.core.render.formulas import FormulaImages, MathStyle
from clew.core.render.markdown import render
from clew.core.render.page import RenderRequest, render_request, resolutions_for
from clew.core.vault.files import Vault
from vault_files import write


def unresolved(_link) -> Resolution:
    return Resolution(None, reason=Unresolved.NO_SUCH_FILE)


def html(text: str, strict: bool, **options) -> str:
    return render(text, "note.md", unresolved, strict_line_breaks=strict, **options).html


def quote_body(markup: str) -> str:
    """What a quote or callout's cell holds, without the one-cell table Qt draws it with."""
    return re.search(r"<td[^>]*>\n(.*)\n</td>", markup, re.S).group(1)


# (note, HTML with line breaks (Obsidian's default), HTML in strict mode)
CASES = {
    "paragraph": ("Plugin ID: x\nLinks: y",
                  "<p>Plugin ID: x<br>\nLinks: y</p>",
                  "<p>Plugin ID: x\nLinks: y</p>"),
    "three lines": ("a\nb\nc", "<p>a<br>\nb<br>\nc</p>", "<p>a\nb\nc</p>"),
    "emphasis across lines": ("*one\ntwo* three", "<p><em>one<br>\ntwo</em> three</p>",
                              "<p><em>one\ntwo</em> three</p>"),
    # A continuation line's indentation is the item's, not the text's (CommonMark strips it).
    "list item": ("- a\n  b\n- c", "<ul>\n<li>a<br>\nb</li>\n<li>c</li>\n</ul>",
                  "<ul>\n<li>a\nb</li>\n<li>c</li>\n</ul>"),
    "heading then text": ("# Head\ntext\nmore",
                          '<h1 id="head"><a name="head"></a>Head</h1>\n<p>text<br>\nmore</p>',
                          '<h1 id="head"><a name="head"></a>Head</h1>\n<p>text\nmore</p>'),
    "backslash hard break": ("foo\\\nbar", "<p>foo<br>\nbar</p>", "<p>foo<br>\nbar</p>"),
    "escaped backslash then newline": ("foo\\\\\nbar", "<p>foo\\<br>\nbar</p>", "<p>foo\\\nbar</p>"),
    "backslash ending the paragraph": ("end\\", "<p>end\\</p>", "<p>end\\</p>"),
    "two spaces": ("two  \nspaces", "<p>two<br>\nspaces</p>", "<p>two<br>\nspaces</p>"),
    "more spaces around a break": ("foo     \n   bar\\\n  baz", "<p>foo<br>\nbar<br>\nbaz</p>",
                                   "<p>foo<br>\nbar<br>\nbaz</p>"),
    "windows path": ("Open C:\\Users\\me\\notes\\a.md\nthen", "<p>Open C:\\Users\\me\\notes\\a.md<br>\nthen</p>",
                     "<p>Open C:\\Users\\me\\notes\\a.md\nthen</p>"),
    "windows path ending in a backslash": ("C:\\Users\\me\\", "<p>C:\\Users\\me\\</p>", "<p>C:\\Users\\me\\</p>"),
    # No break inside a code span: its line ending is a space (CommonMark, extensions.code_spans).
    "code span across lines": ("`code\nspan` x", "<p><code>code span</code> x</p>", "<p><code>code span</code> x</p>"),
    "backslash in a code span": ("`a\\\nb`", "<p><code>a\\ b</code></p>", "<p><code>a\\ b</code></p>"),
    "comment inside a paragraph": ("a %%hidden\ncomment%% b\nc", "<p>a  b<br>\nc</p>", "<p>a  b\nc</p>"),
    "block id on a line of its own": ("para line\n^block-id\n\nnext",
                                      '<p><a name="^block-id"></a>para line</p>\n<p>next</p>',
                                      '<p><a name="^block-id"></a>para line</p>\n<p>next</p>'),
    "block comment between paragraphs": ("a\n\n%%\nhidden\n\nstill\n%%\n\nb", "<p>a</p>\n<p>b</p>",
                                         "<p>a</p>\n<p>b</p>"),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("strict", [False, True], ids=["breaks", "strict"])
def test_line_breaks(name, strict):
    text, breaks, strict_html = CASES[name]
    assert html(text, strict) == (strict_html if strict else breaks)


@pytest.mark.parametrize("strict", [False, True], ids=["breaks", "strict"])
def test_a_quote_and_a_callout_break_their_lines(strict):
    joined = "\n" if strict else "<br>\n"
    assert quote_body(html("> q1\n> q2", strict)) == f"<p>q1{joined}q2</p>"
    callout = quote_body(html("> [!note] Title\n> line1\n> line2", strict))
    assert callout == f'<p class="callout-title callout-title-note">✎\u2002Title</p>\n<p>line1{joined}line2</p>'


@pytest.mark.parametrize("strict", [False, True], ids=["breaks", "strict"])
def test_no_break_inside_a_table_or_a_fence(strict):
    table = html("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |", strict)
    assert "<br>" not in table and table.count("<tr>") == 3
    fence = html("```\ncode\nline\n```", strict)
    assert "<br>" not in fence and "code\nline" in fence


@pytest.mark.parametrize("strict", [False, True], ids=["breaks", "strict"])
def test_links_keep_their_lines_and_break_between_them(strict):
    rendered = render("a [[b]]\n[[c]] and [d](https://d.org)\n\\\n", "note.md", unresolved,
                      strict_line_breaks=strict)
    assert [link.link.line for link in rendered.links] == [1, 2, 2]
    assert ("</a><br>\n<a" in rendered.html) is not strict


def test_a_break_in_a_link_text():
    assert ">foo<br>\nbar<" in html("[foo\\\nbar](https://x.org)", True)
    assert ">foo<br>\nbar<" in html("[foo\nbar](https://x.org)", False)


@pytest.mark.parametrize("strict", [False, True], ids=["breaks", "strict"])
def test_a_display_formula_takes_its_lines_breaks_with_it(tmp_path, strict):
    math = FormulaImages(MathStyle("#000000", 16.0, 8.0, tmp_path))
    for text in ("text\n$$x^2$$\nmore", "text  \n$$x^2$$  \nmore"):
        blocks = re.findall(r"<p[^>]*>.*?</p>", html(text, strict, math=math), re.S)
        assert [blocks[0].replace("\n", ""), blocks[2]] == ["<p>text</p>", "<p>more</p>"]
        assert 'class="math-display"' in blocks[1]


@pytest.mark.parametrize("strict", [False, True], ids=["breaks", "strict"])
def test_the_page_its_embeds_and_a_preview_follow_the_mode(tmp_path, strict):
    root = write(tmp_path, {"a.md": "one\ntwo\n\n![[b]]\n", "b.md": "three\nfour\n"})
    joined = "\n" if strict else "<br>\n"
    _, index = index_vault(Vault(root))
    page = render_request(RenderRequest(0, root, "a.md", resolutions_for(index, "a.md"),
                                        embedded=embedded_resolutions(index, "a.md"), strict_line_breaks=strict)).html
    assert f"one{joined}two" in page and f"three{joined}four" in page
    preview = render_request(RenderRequest(0, root, "b.md", {}, preview=("", 40), strict_line_breaks=strict)).html
    assert f"three{joined}four" in preview


def test_a_plain_text_note_keeps_its_lines_in_both_modes():
    for strict in (False, True):
        assert render("a\nb", "note.txt", unresolved, strict_line_breaks=strict).html == "<p>a<br>\nb</p>"


def test_the_backslash_break_extension_alone():
    def alone(text: str) -> str:
        return markdown.markdown(text, extensions=[hard_breaks.makeExtension()])

    assert alone("foo\\\nbar") == "<p>foo<br />\nbar</p>"
    assert alone("foo\\\\\nbar") == "<p>foo\\\nbar</p>"
    assert alone("C:\\Users\\me\\") == "<p>C:\\Users\\me\\</p>"
