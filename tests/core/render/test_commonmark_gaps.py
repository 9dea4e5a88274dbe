"""The smaller CommonMark gaps of issue 20, each as Markdown and the HTML CommonMark gives it:
indented headings, a quote then a rule, where a quote ends, code spans' spaces, link destinations and labels, backslash escapes, autolinks of any scheme and e-mail,
Markdown between HTML blocks, a table that ends where another block starts. Clew's HTML (with
strict line breaks, CommonMark's) is compared with its view decorations undone and normalised as the spec's test runner does (tests/core/render/plain_html.py);
the extensions are also tested alone, through markdown.markdown()."""

from __future__ import annotations

import markdown
import pytest

from clew.core.links.model import Resolution
from clew.core.render.extensions import autolinks, commonmark_blocks, html_blocks
from clew.core.render.markdown import render_note
from tests.core.render.plain_html import normalize, plain_clew_html

CASES = [
    # Headings indented by 1-3 spaces; 4 make code.
    (" # One space\n", "<h1>One space</h1>"),
    ("  ## Two spaces\n", "<h2>Two spaces</h2>"),
    ("   ### Three spaces\n", "<h3>Three spaces</h3>"),
    ("    # Four spaces\n", "<pre><code># Four spaces\n</code></pre>"),
    ("Intro\n  ## Interrupts\n", "<p>Intro</p><h2>Interrupts</h2>"),
    ("- item\n\n # Top level heading\n", "<ul><li>item</li></ul><h1>Top level heading</h1>"),
    # Closing #s need a space before them.
    ("## Title ##   \n", "<h2>Title</h2>"),
    ("# C#\n", "<h1>C#</h1>"),
    # A setext underline under a quote or a list item is a rule.
    ("> foo\n---\n", "<blockquote><p>foo</p></blockquote><hr>"),
    ("> foo\n---\nbar\n", "<blockquote><p>foo</p></blockquote><hr><p>bar</p>"),
    ("- foo\n---\n", "<ul><li>foo</li></ul><hr>"),
    ("Foo\n---\n", "<h2>Foo</h2>"),
    # A setext underline takes the whole paragraph above it.
    ("Foo\nBar\n---\nafter\n", "<h2>Foo\nBar</h2><p>after</p>"),
    ("Foo *bar\nbaz*\n====\n", "<h1>Foo <em>bar\nbaz</em></h1>"),
    ("  Foo\n   ----   \n", "<h2>Foo</h2>"),
    ("    code\n---\n", "<pre><code>code\n</code></pre><hr>"),
    # A quote ends at a blank line, and takes a line without ">" only as paragraph text.
    ("> foo\n\n> bar\n", "<blockquote><p>foo</p></blockquote><blockquote><p>bar</p></blockquote>"),
    ("> foo\nlazy\n", "<blockquote><p>foo\nlazy</p></blockquote>"),
    (">\nHow do you\n", "<blockquote></blockquote><p>How do you</p>"),
    ("> bar\n>\nbaz\n", "<blockquote><p>bar</p></blockquote><p>baz</p>"),
    ("> # Title\nafter\n", "<blockquote><h1>Title</h1></blockquote><p>after</p>"),
    ("> - a\nb\n", "<blockquote><ul><li>a\nb</li></ul></blockquote>"),
    ("> - a\n- b\n", "<blockquote><ul><li>a</li></ul></blockquote><ul><li>b</li></ul>"),
    ("> a\n> > b\nc\n", "<blockquote><p>a</p><blockquote><p>b\nc</p></blockquote></blockquote>"),
    # Autolinks of any scheme; e-mail; what is neither stays text.
    ("<https://x.org>\n", '<p><a href="https://x.org">https://x.org</a></p>'),
    ("<irc://foo.bar:2233/baz>\n", '<p><a href="irc://foo.bar:2233/baz">irc://foo.bar:2233/baz</a></p>'),
    ("<made-up-scheme://foo,bar>\n", '<p><a href="made-up-scheme://foo,bar">made-up-scheme://foo,bar</a></p>'),
    ("See <localhost:5001/foo> now\n", '<p>See <a href="localhost:5001/foo">localhost:5001/foo</a> now</p>'),
    ("<https://a.org/\\[\\>\n", '<p><a href="https://a.org/%5C%5B%5C">https://a.org/\\[\\</a></p>'),
    ("<https://a.org/*x*_y_>\n", '<p><a href="https://a.org/*x*_y_">https://a.org/*x*_y_</a></p>'),
    ("<foo@bar.example.com>\n", '<p><a href="mailto:foo@bar.example.com">foo@bar.example.com</a></p>'),
    ("<foo+special@Bar.baz-bar0.com>\n",
     '<p><a href="mailto:foo+special@Bar.baz-bar0.com">foo+special@Bar.baz-bar0.com</a></p>'),
    ("<foo\\+@bar.com>\n", "<p>&lt;foo+@bar.com&gt;</p>"),
    ("<https://a.org/b c>\n", "<p>&lt;https://a.org/b c&gt;</p>"),
    ("<m:abc>\n", "<p>&lt;m:abc&gt;</p>"),
    ("<span>inline</span> HTML\n", "<p><span>inline</span> HTML</p>"),
    ('a <span title="x  \ny">b</span>\n', '<p>a <span title="x  \ny">b</span></p>'),
    # Code spans: one space stripped from each end only when both have one; exact closing runs.
    ("` a`\n", "<p><code> a</code></p>"),
    ("`` ` ``\n", "<p><code>`</code></p>"),
    ("`  ``  `\n", "<p><code> `` </code></p>"),
    ("``\nfoo \n``\n", "<p><code>foo </code></p>"),
    ("`  `\n", "<p><code>  </code></p>"),
    ("```foo``\n", "<p>```foo``</p>"),
    ("`foo``bar``\n", "<p>`foo<code>bar</code></p>"),
    # Link destinations and titles.
    ('[a](/url "t") [b](/url (t)) [c](<d e>)\n',
     '<p><a href="/url" title="t">a</a> <a href="/url" title="t">b</a> <a href="d%20e">c</a></p>'),
    ("[a](foo\nbar)\n", "<p>[a](foo\nbar)</p>"),
    ("[a](<b)c>) [d](<e)f\n", '<p><a href="b)c">a</a> [d](&lt;e)f</p>'),
    ("[a](\\(foo\\)) [b](x(y)z)\n", '<p><a href="(foo)">a</a> <a href="x(y)z">b</a></p>'),
    ('[a](f&ouml;&ouml; "f&ouml;&ouml;")\n', '<p><a href="f%C3%B6%C3%B6" title="föö">a</a></p>'),
    ("[a](/u\n\"t\")\n", '<p><a href="/u" title="t">a</a></p>'),
    # Reference labels: case folded, white space as one space, the first definition wins.
    ("[ẞ] and [Baz][Foo bar] and [x]\n\n[SS]: /a\n\n[Foo\n  bar]: /b\n\n[x]: /c\n\n[X]: /d\n",
     '<p><a href="/a">ẞ</a> and <a href="/b">Baz</a> and <a href="/c">x</a></p>'),
    # Any ASCII punctuation may be escaped.
    ('\\"quoted\\" a\\:b \\~x\\~ 50\\% \\@me \\$5\n', '<p>"quoted" a:b ~x~ 50% @me $5</p>'),
    # An HTML block ends at a blank line: Markdown after it is Markdown.
    ("<div>\n\n*Emphasized* text.\n\n</div>\n", "<div><p><em>Emphasized</em> text.</p></div>"),
    ("<details>\n<summary>More</summary>\n\n- a\n- b\n\n</details>\n",
     "<details>\n<summary>More</summary><ul><li>a</li><li>b</li></ul></details>"),
    ("<div>\n*not emphasis*\n</div>\n\n**bold**\n", "<div>\n*not emphasis*\n</div><p><strong>bold</strong></p>"),
    ("Text\n<div>\nraw\n</div>\n", "<p>Text</p><div>\nraw\n</div>"),
    ('<img src="pic.png" />\n\nText\n', '<img src="pic.png"><p>Text</p>'),
    ("<pre>\n*kept*\n\nas is\n</pre>\n*em*\n", "<pre>\n*kept*\n\nas is\n</pre><p><em>em</em></p>"),
    # A table ends where another block starts.
    ("| a | b |\n|---|---|\n| 1 | 2 |\n> quote\n",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
     "<blockquote><p>quote</p></blockquote>"),
    ("| a |\n|---|\n| 1 |\n# Heading\n",
     "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><h1>Heading</h1>"),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n- item\n",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
     "<ul><li>item</li></ul>"),
    # A header alone has no body; "\|" is a pipe in a cell, in code too.
    ("| a | b |\n|---|---|\n", "<table><thead><tr><th>a</th><th>b</th></tr></thead></table>"),
    ("| a | b |\n|---|---|\n| `x \\| y` | z \\| w |\n",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td><code>x | y</code></td><td>z | w</td>"
     "</tr></tbody></table>"),
    # A line that starts no block is a row, as in GFM.
    ("| a | b |\n|---|---|\n| 1 | 2 |\n3\n",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr>"
     "<tr><td>3</td><td></td></tr></tbody></table>"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_clew_renders_as_commonmark(text: str, expected: str) -> None:
    assert normalize(plain_clew_html(text, strict_line_breaks=True)) == normalize(expected)


@pytest.mark.parametrize("text", ["<foo\\+@bar.com>", "a <b\\*c@d.e> f", "<x\\_y@z.org>"])
def test_no_internal_placeholder_leaks(text: str) -> None:
    html = render_note(text, "n.md", lambda _link: Resolution(None)).html
    assert "\x02" not in html and "\x03" not in html and "wzxhzdk" not in html


@pytest.mark.parametrize("text", ["[zeta](https://z.com/a#:~:text=two words,up)", "[b](my note.md)"])
def test_a_destination_may_hold_spaces(text: str) -> None:
    # Clew's one leniency against CommonMark (link_destinations): notes have such links.
    assert normalize(plain_clew_html(text)).startswith("<p><a href=")


def test_an_angle_bracket_destination_is_no_tag() -> None:
    # Inline HTML is read after the links: "<my note.md>" is where the link goes.
    assert normalize(plain_clew_html("[x](<my note.md>) ![p](<my pic.png>)")) == normalize(
        '<p><a href="my note.md">x</a> <img alt="p" src="my pic.png"></p>'
    )


@pytest.mark.parametrize("text", ["#tag1 #tag2\n", "  #tag\n", "#5 bolt\n"])
def test_a_hash_without_a_space_starts_no_heading(text: str) -> None:
    assert "<h1" not in plain_clew_html(text)


def test_extensions_alone() -> None:
    html = markdown.markdown(
        "  # Head\n\n> q\n---\n\n<irc://a.b>\n\n<div>\n\n*x*\n\n</div>\n\n| a |\n|---|\n| 1 |\n> q\n",
        extensions=["tables", commonmark_blocks.makeExtension(), html_blocks.makeExtension(), autolinks.makeExtension()],
    )
    assert normalize(html) == normalize(
        '<h1>Head</h1><blockquote><p>q</p></blockquote><hr><p><a href="irc://a.b">irc://a.b</a></p>'
        "<div><p><em>x</em></p></div><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr>"
        "</tbody></table><blockquote><p>q</p></blockquote>"
    )


def test_a_list_item_keeps_its_html_line() -> None:
    html = normalize(plain_clew_html("- item\n  <span>x</span>\n- next\n"))
    assert html.startswith("<ul><li>item") and html.count("<li>") == 2 and "<span>x</span>" in html
