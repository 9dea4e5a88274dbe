"""Rendering notes to HTML for the view: Markdown elements, links of every form, plain text, failures."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from clew.core.links.hrefs import UNRESOLVED_UNDERLINE
from clew.core.links.model import How, Link, LinkKind, Resolution, Unresolved
from clew.core.render.extensions import comments as mdcomments
from clew.core.render.extensions import blocks as mdblocks
from clew.core.render.extensions import links as mdlinks
from clew.core.render.extensions import qt_richtext as mdqt
from clew.core.render.extensions.external_mark import EXTERNAL_MARK
from clew.core.render.markdown import MarkdownRenderer, render, render_note, render_text, stylesheet
from clew.core.render.safety import clean_html

EXTERNAL_MARK_HTML = f'<span class="external-mark">{EXTERNAL_MARK}</span>'

NOTE = "notes/this.md"
KNOWN = {
    "Other": "notes/Other.md",
    "Other.md": "notes/Other.md",
    "My Note.md": "notes/My Note.md",
    "a_(b).md": "notes/a_(b).md",
    "../ref/target.md": "ref/target.md",
    "a": "a.md",
    "pic.png": "media/pic.png",
    "doc.pdf": "files/doc.pdf",
}


class FakeResolver:
    """Resolves the names in KNOWN and remembers every link it was asked about."""

    def __init__(self) -> None:
        self.asked: list[Link] = []

    def __call__(self, link: Link) -> Resolution:
        self.asked.append(link)
        path = KNOWN.get(link.target)
        return Resolution(path, How.NAME) if path else Resolution(None, reason=Unresolved.NO_SUCH_FILE)


def md(text: str, **kwargs) -> str:
    return render(text, NOTE, FakeResolver(), **kwargs).html


def attributes(attrs: str) -> dict[str, str]:
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', attrs))


def anchors(html: str) -> list[dict[str, str]]:
    """Attributes of every <a href=…> in ``html``, with its text as "text" (a web link's ↗ mark
    left out)."""
    found = re.findall(r"<a ([^>]*href=[^>]*)>(.*?)</a>", html)
    return [{**attributes(attrs), "text": text.removesuffix(EXTERNAL_MARK_HTML)} for attrs, text in found]


def images(html: str) -> list[dict[str, str]]:
    return [attributes(attrs) for attrs in re.findall(r"<img ([^>]*)>", html)]


# Markdown elements


def test_headings_get_ids_names_and_are_listed():
    note = render("# Hello *World*\n\n## Краткое описание\n\n## Краткое описание\n", NOTE, FakeResolver())
    assert '<h1 id="hello-world"><a name="hello-world"></a>Hello <em>World</em></h1>' in note.html
    assert '<h2 id="краткое-описание"><a name="краткое-описание"></a>' in note.html
    assert note.headings == (
        (1, "Hello World", "hello-world"),
        (2, "Краткое описание", "краткое-описание"),
        (2, "Краткое описание", "краткое-описание_1"),
    )


def test_emphasis_strong_strikethrough_and_tilde():
    html = md("*em* **strong** ~~gone~~ rank ~99 and ~100")
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html
    assert "<del>gone</del>" in html
    assert "rank ~99 and ~100" in html


def test_lists_even_right_under_a_paragraph_line():
    html = md("**Contribution:**\n- one\n- two\n\nPhases:\n1. fast\n2. slow\n\nIn\n2024. was a year")
    assert "<p><strong>Contribution:</strong></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>fast</li>\n<li>slow</li>\n</ol>" in html
    assert "<p>In<br>\n2024. was a year</p>" in html


def test_task_list_shows_boxes_not_inputs():
    html = md("- [ ] open\n- [x] done\n- plain")
    assert "☐ open" in html and "☑ done" in html
    assert "<input" not in html


def test_custom_task_markers_are_drawn_by_kind():
    html = md("- [-] dropped\n- [/] going\n- [ ] open")
    assert '<li class="task-list-item task-cancelled"><span class="task-mark task-cancelled">⊟</span>' in html
    assert 'task-in-progress">◐</span>' in html and "☐ open" in html and "[-]" not in html


def test_table_with_borders_and_alignment():
    html = md("| Name | Score |\n|:--|--:|\n| a | 12 |")
    assert '<table border="1" cellpadding="4" cellspacing="0">' in html
    assert '<th align="right">Score</th>' in html and '<td align="right">12</td>' in html
    assert '<td align="left">a</td>' in html


def test_table_cell_with_aliased_wikilink():
    html = md("| link | c |\n|---|---|\n| [[a\\|b]] | c |")
    (a,) = anchors(html)
    assert (a["href"], a["class"], a["text"]) == ("note:a.md", "internal", "b")
    assert "<td><a " in html and ">b</a></td>" in html and "<td>c</td>" in html


def test_fenced_code_is_highlighted_and_unlabelled_code_is_not_guessed():
    html = md("```python\ndef f():\n    return 1\n```\n\n```\ndef g(): pass\n```")
    blocks = re.findall(r'<table class="codehilite codeblock".*?<pre>.*?</pre></td></tr></table>', html, re.S)
    assert len(blocks) == 2
    assert '<span class="k">def</span>' in blocks[0]
    assert "def g(): pass</code>" in blocks[1]
    assert re.search(r'<span class="\w+">', blocks[1]) is None


def test_code_block_inside_a_list_and_right_under_a_paragraph():
    html = md("- item\n\n    ```python\n    x = 1\n    ```\n\ntext\n```python\ny = 2\n```\nmore")
    assert html.count('<table class="codehilite codeblock"') == 2
    assert "<p>text</p>" in html and "<p>more</p>" in html
    assert "\n</code></pre>" not in html  # QTextBrowser would show the last newline as a line


def test_footnotes():
    html = md("Claim[^1].\n\n[^1]: The source.")
    assert '<a class="footnote-ref" href="#fn:1">1</a>' in html
    assert '<div class="footnote">' in html and "The source." in html


def test_block_quote_and_horizontal_rule():
    html = md("> quoted\n\n---\n\nafter")
    assert '<td class="quote">\n<p>quoted</p>\n</td>' in html and "<blockquote>" not in html
    assert "<hr>" in html


def test_html_comments_are_hidden_block_and_inline():
    html = md(
        "![x](pic.png) <!-- TODO: Broken image path -->\n\n<!-- block\ncomment -->\n\nkept <!-- inline --> text"
    )
    assert "<!--" not in html and "TODO" not in html and "comment" not in html
    assert "kept  text" in html and "<img" in html


def test_comment_syntax_inside_code_is_shown():
    html = md("`<!-- a -->` and `%% b %%`\n\n```\n<!-- c -->\n```")
    assert "<code>&lt;!-- a --&gt;</code>" in html and "<code>%% b %%</code>" in html
    assert "&lt;!-- c --&gt;" in html


def test_percent_comments_are_hidden():
    html = md("before %% inline %% after\n\n%%\nblock\ncomment\n%%\n\nend")
    assert "inline" not in html and "block" not in html
    assert "before  after" in html and "<p>end</p>" in html


def test_bare_urls_are_clickable():
    note = render("See https://example.org/a?b=1. And www.example.com, too.", NOTE, FakeResolver())
    links = anchors(note.html)
    assert [(a["href"], a["class"], a["text"]) for a in links] == [
        ("https://example.org/a?b=1", "external", "https://example.org/a?b=1"),
        ("http://www.example.com", "external", "www.example.com"),
    ]
    assert [r.link.kind for r in note.links] == [LinkKind.URL, LinkKind.URL]
    assert all(r.resolution is None for r in note.links)


# Images


def test_vault_image_gets_its_src_from_image_url():
    image_url = lambda path: "file:///vault/" + path  # noqa: E731
    html = md("![A pic](pic.png) ![[pic.png|300]] ![[pic.png#center|Caption|100]]", image_url=image_url)
    src = "file:///vault/media/pic.png"
    assert images(html) == [
        {"alt": "A pic", "src": src},
        {"alt": "pic.png", "src": src, "width": "300"},
        {"alt": "Caption", "src": src, "width": "100"},
    ]


def test_image_src_defaults_to_note_url():
    assert images(md("![[pic.png]]")) == [{"alt": "pic.png", "src": "note:media/pic.png"}]


def test_an_image_alone_in_its_paragraph_gets_no_reading_leading():
    assert '<p class="image"><img' in md("![[pic.png]]")
    assert 'class="image"' not in md("Text and ![[pic.png]] in one line")
    assert "p.image { line-height: 100%; }" in stylesheet("light")


def test_missing_image_is_a_visible_placeholder():
    html = md("![[nope.png]]\n\n![alt](../../../media/gone.jpg)")
    assert html.count('<span class="unresolved">missing image: <a') == 2
    assert [(a["href"], a["class"], a["text"]) for a in anchors(html)] == [
        ("unresolved:nope.png", "unresolved", "nope.png"),
        ("unresolved:../../../media/gone.jpg", "unresolved", "../../../media/gone.jpg"),
    ]
    assert "<img" not in html


def test_web_image_is_a_chip_until_remote_images_are_allowed():
    note = render("![logo](https://example.org/logo.png)", NOTE, FakeResolver())
    assert '<img alt="logo" src="https://example.org/logo.png"' in note.html
    assert note.links[0].resolution is None
    (a,) = anchors(clean_html(note.html))
    assert (a["href"], a["class"]) == ("https://example.org/logo.png", "remote-image")
    assert a["text"].endswith("&nbsp;logo&nbsp;")
    assert '<img alt="logo" src="https://example.org/logo.png"' in clean_html(note.html, remote_images=True)


def test_non_image_embeds_are_link_cards():
    note = render("![[doc.pdf#page=2]]\n\n![[Other]]\n\n![[Nowhere]]", NOTE, FakeResolver())
    assert note.html.count('<p class="embed"><a ') == 3
    assert [(a["href"], a["class"], a["text"]) for a in anchors(note.html)] == [
        ("note:files/doc.pdf#page%3D2", "internal", "doc.pdf &gt; page=2"),
        ("note:notes/Other.md", "internal", "Other"),
        ("unresolved:Nowhere", "unresolved", "Nowhere"),
    ]
    assert [r.link.kind for r in note.links] == [LinkKind.EMBED] * 3


# Wikilinks


@pytest.mark.parametrize(
    ("source", "href", "css", "text"),
    [
        ("[[Other]]", "note:notes/Other.md", "internal", "Other"),
        ("[[Other.md]]", "note:notes/Other.md", "internal", "Other"),
        ("[[Other|shown text]]", "note:notes/Other.md", "internal", "shown text"),
        ("[[Other#Some Heading]]", "note:notes/Other.md#Some%20Heading", "internal", "Other &gt; Some Heading"),
        ("[[Other#^block-1]]", "note:notes/Other.md#%5Eblock-1", "internal", "Other &gt; ^block-1"),
        ("[[Missing note]]", "unresolved:Missing%20note", "unresolved", "Missing note"),
        ("[[Missing#Part|x]]", "unresolved:Missing#Part", "unresolved", "x"),
        ("[[Other|with `code`]]", "note:notes/Other.md", "internal", "with <code>code</code>"),
    ],
)
def test_wikilink_forms(source, href, css, text):
    (a,) = anchors(md(f"Go {source} now"))
    assert (a["href"], a["class"], a["text"]) == (href, css, text)
    assert a.get("style") == (UNRESOLVED_UNDERLINE if href.startswith("unresolved:") else None)


def test_a_link_that_leads_nowhere_keeps_its_dashed_underline_through_the_cleaner():
    html = clean_html(md("[[Missing note]], [[Other]], [[#Nowhere]] and ![[nope.png]]"))
    assert [(a["href"], a.get("style")) for a in anchors(html)] == [
        ("unresolved:Missing%20note", UNRESOLVED_UNDERLINE),
        ("note:notes/Other.md", None),
        ("note:notes/this.md#Nowhere", None),  # the note is there: a link, only its heading is not
        ("unresolved:nope.png", UNRESOLVED_UNDERLINE),
    ]


def test_wikilink_link_records():
    resolver = FakeResolver()
    note = render("x\n[[Other#H1#H2|t]] and [[Missing]]", NOTE, resolver)
    first, second = note.links
    assert first.link == Link(LinkKind.WIKI, "Other", "H1#H2", "t", 2)
    assert first.resolution == Resolution("notes/Other.md", How.NAME)
    assert second.resolution is not None and not second.resolution.resolved
    assert 'title="unresolved: no such file"' in note.html
    assert [link.target for link in resolver.asked] == ["Other", "Missing"]


def test_a_line_of_tags_is_never_a_heading():
    """Obsidian needs a space after the "#" of a heading; "#tag" starts a tag (issue 20)."""
    note = render("#research #ml/llm\n\n# Real\n\n##no-space\n\n## Yes ##\n", NOTE, FakeResolver())
    assert note.headings == ((1, "Real", "real"), (2, "Yes", "yes"))
    assert re.search(r'<p><a class="tag" href="tag:research"[^>]*>[^<]*</a> <a class="tag" href="tag:ml/llm"', note.html)
    assert "<p>##no-space</p>" in note.html


def test_highlights_are_spans_qt_colours():
    """==text== is highlighted as in Obsidian; Qt's rich text knows no <mark> (issue 20)."""
    note = render("A ==key point== and ==another==, but not a == b.\n", NOTE, FakeResolver())
    assert note.html.count('<span class="highlight">') == 2
    assert '<span class="highlight">key point</span>' in note.html and "a == b" in note.html
    assert "<mark" not in note.html
    assert '<span class="highlight">key point</span>' in clean_html(note.html)
    for theme in ("light", "dark"):
        assert "span.highlight { background-color: #" in stylesheet(theme)


def test_same_note_heading_links():
    note = render("[[#Setup & Vault]] [[#Setup Vault]] [[#Nowhere]]\n\n## Setup & Vault\n", NOTE, FakeResolver())
    hrefs = [a["href"] for a in anchors(note.html)]
    assert hrefs == ["#setup-vault", "#setup-vault", "note:notes/this.md#Nowhere"]
    assert all(r.resolution is not None and r.resolution.path == NOTE for r in note.links)


def test_heading_under_heading_fragment():
    headings = [(1, "A", "a"), (2, "Intro", "intro"), (1, "B", "b"), (2, "Intro", "intro_1")]
    assert mdlinks.find_heading(headings, "B#Intro") == "intro_1"
    assert mdlinks.find_heading(headings, "A#Intro") == "intro"
    assert mdlinks.find_heading(headings, "A#Nope") is None


def test_empty_and_escaped_wikilinks_stay_text():
    note = render("[[]] and \\[[Other]] and `[[Other]]`", NOTE, FakeResolver())
    assert note.links == ()
    assert "[[]]" in note.html and "[[Other]]</code>" in note.html


# Markdown links


@pytest.mark.parametrize(
    ("source", "href", "target"),
    [
        ("[x](My%20Note.md)", "note:notes/My%20Note.md", "My Note.md"),
        ("[x](<My Note.md>)", "note:notes/My%20Note.md", "My Note.md"),
        ('[x](Other.md "A title")', "note:notes/Other.md", "Other.md"),
        ("[x](a_(b).md)", "note:notes/a_%28b%29.md", "a_(b).md"),
        ("[x](Other.md#Part%20Two)", "note:notes/Other.md#Part%20Two", "Other.md"),
        ("[x](nowhere.md)", "unresolved:nowhere.md", "nowhere.md"),
    ],
)
def test_markdown_link_forms(source, href, target):
    note = render(source, NOTE, FakeResolver())
    (a,) = anchors(note.html)
    assert a["href"] == href and a["text"] == "x"
    assert note.links[0].link.kind is LinkKind.MARKDOWN and note.links[0].link.target == target


def test_markdown_link_keeps_its_title():
    assert 'title="A title"' in md('[x](Other.md "A title")')


def test_reference_links():
    note = render("See [the target][ref] and [ref].\n\n[ref]: ../ref/target.md", NOTE, FakeResolver())
    assert [a["href"] for a in anchors(note.html)] == ["note:ref/target.md"] * 2
    assert [r.link.kind for r in note.links] == [LinkKind.REFERENCE] * 2
    assert note.links[0].link.line == 1


def test_external_links_are_not_resolved():
    resolver = FakeResolver()
    note = render("[site](https://example.org/x) <https://example.org/y> [m](mailto:a@b.org)", NOTE, resolver)
    assert [(a["href"], a["class"]) for a in anchors(note.html)] == [
        ("https://example.org/x", "external"),
        ("https://example.org/y", "external"),
        ("mailto:a@b.org", "external"),
    ]
    assert resolver.asked == []


def test_url_with_spaces_and_text_fragment_stays_an_external_link():
    url = "https://www.zeta-alpha.com/post/a#:~:text=Simply prompting LMs to output,up"
    source = f"推理[zeta-alpha.com]({url})。同时"
    note = render(source, NOTE, FakeResolver())
    (a,) = anchors(note.html)
    assert a["class"] == "external" and a["text"] == "zeta-alpha.com"
    assert a["href"].startswith("https://www.zeta-alpha.com/post/a#:~:text=Simply")
    assert note.html.endswith("。同时</p>")


def test_links_are_listed_in_document_order_with_lines():
    source = "# T\n\n[[Other]] text\n\n- [x](Other.md)\n- https://example.org\n\n![[pic.png]]\n"
    note = render(source, NOTE, FakeResolver())
    assert [(r.link.kind, r.link.line) for r in note.links] == [
        (LinkKind.WIKI, 3),
        (LinkKind.MARKDOWN, 5),
        (LinkKind.URL, 6),
        (LinkKind.EMBED, 8),
    ]
    assert [r.href for r in note.links] == [a["href"] for a in anchors(note.html)] + ["note:media/pic.png"]


def test_a_link_drawn_after_links_below_it_still_gets_its_own_line():
    # A footnote's text is drawn at the end of the page, wherever it is written: its link is
    # placed after the links below it, and its line is counted again from the start.
    source = "[^1]: see [[early]]\n\nText[^1] and [[late]]\n\nmore\n\n[[last]]\n"
    note = render(source, NOTE, FakeResolver())
    assert [(r.link.target, r.link.line) for r in note.links] == [("late", 3), ("last", 7), ("early", 1)]


def test_the_lines_of_a_note_of_many_links_are_counted_once_through():
    # The hostile corpus's many-links note: its lines were counted from the start for each
    # link, 12 s of its render at 50,000 links. Every link still gets its own line.
    source = "".join(f"- [[note {n}]]\n" for n in range(2_000))
    note = render(source, NOTE, FakeResolver())
    assert [r.link.line for r in note.links] == list(range(1, 2_001))


def test_front_matter_is_not_shown_and_lines_stay_true():
    note = render("---\ntitle: T\ntags: [a]\n---\n# Body\n\n[[Other]]\n", NOTE, FakeResolver())
    assert "title:" not in note.html and "<hr>" not in note.html
    assert note.links[0].link.line == 7


# Plain text notes


def test_txt_paragraphs_line_breaks_and_escaping():
    note = render("first line\nsecond <b> & line\n\n\nnew paragraph\n", "channels/x.txt", FakeResolver())
    assert note.html == "<p>first line<br>\nsecond &lt;b&gt; &amp; line</p>\n<p>new paragraph</p>"
    assert note.headings == ()


def test_txt_urls_and_wikilinks():
    text = (
        "Read https://www.alphaxiv.org/ru/overview/2505.22785. "
        "(see https://en.wikipedia.org/wiki/A_(b)) www.x.org,\n[[Other]] [[gone|Gone]]"
    )
    note = render_text(text, "c.txt", FakeResolver())
    assert [(r.href, r.css_class, r.link.line) for r in note.links] == [
        ("https://www.alphaxiv.org/ru/overview/2505.22785", "external", 1),
        ("https://en.wikipedia.org/wiki/A_(b)", "external", 1),
        ("http://www.x.org", "external", 1),
        ("note:notes/Other.md", "internal", 2),
        ("unresolved:gone", "unresolved", 2),
    ]
    assert "2505.22785</a>. (see" in note.html and "A_(b)</a>) " in note.html
    assert anchors(note.html)[-1] == {
        "class": "unresolved",
        "href": "unresolved:gone",
        "style": UNRESOLVED_UNDERLINE,
        "title": "unresolved: no such file",
        "text": "Gone",
    }


def test_txt_url_stops_at_cjk_punctuation():
    note = render_text("见https://example.org/a。下一句", "c.txt", FakeResolver())
    assert note.links[0].href == "https://example.org/a"


def test_render_dispatches_on_extension():
    assert render("# Title", "a/b.txt", FakeResolver()).html == "<p># Title</p>"
    assert render("# Title", "a/b.markdown", FakeResolver()).html.startswith("<h1")


# Failures and reuse


def test_markdown_failure_falls_back_to_text_with_notice(monkeypatch):
    def explode(self, source):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(markdown.Markdown, "convert", explode)
    note = render("# Title\n\nSee [[Other]].", NOTE, FakeResolver())
    assert note.html.startswith(
        '<p class="notice">This note could not be rendered as Markdown (it is nested too deeply); '
        "it is shown as plain text.</p>\n"
    )
    assert "<p># Title</p>" in note.html
    assert [r.href for r in note.links] == ["note:notes/Other.md"]


def test_render_note_itself_raises(monkeypatch):
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, source: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        render_note("x", NOTE, FakeResolver())


def test_renderer_recovers_after_markdown_failed_midway(monkeypatch):
    # A failure inside a list item leaves Python-Markdown's block parser in its "list" state,
    # which reset() does not clear: the next note would lose its paragraphs.
    paragraph_run = markdown.blockprocessors.ParagraphProcessor.run

    def fail_on_boom(self, parent, blocks):
        if "boom" in blocks[0]:
            raise RecursionError("maximum recursion depth exceeded")
        return paragraph_run(self, parent, blocks)

    monkeypatch.setattr(markdown.blockprocessors.ParagraphProcessor, "run", fail_on_boom)
    renderer = MarkdownRenderer()
    with pytest.raises(RecursionError):
        renderer.render("- boom", NOTE, FakeResolver())
    assert renderer.render("para\n\n[[Other]]", NOTE, FakeResolver()).html.startswith("<p>para</p>\n<p><a")


def test_second_note_does_not_inherit_footnotes_or_references():
    renderer = MarkdownRenderer()
    first = renderer.render("A[^1] [r][ref]\n\n[^1]: Foot.\n\n[ref]: Other.md", NOTE, FakeResolver())
    assert "footnote" in first.html and "note:notes/Other.md" in first.html
    second = renderer.render("B[^1] [r][ref]", "notes/second.md", FakeResolver())
    assert "footnote" not in second.html and "<a" not in second.html
    assert second.html == "<p>B[^1] [r][ref]</p>"
    assert second.links == () and second.headings == ()


# The extensions on their own


def test_extensions_work_in_plain_python_markdown():
    links = mdlinks.makeExtension(note_path=NOTE, resolve=FakeResolver())
    html = markdown.markdown(
        "See [[Other]] %% hidden %% <!-- hidden -->\n- [x] done\n\n| a |\n|---|\n| 1 |",
        extensions=[
            "tables",
            "pymdownx.tasklist",
            links,
            mdcomments.makeExtension(),
            mdblocks.makeExtension(),
            mdqt.makeExtension(),
        ],
    )
    assert '<a class="internal" href="note:notes/Other.md"' in html
    assert "hidden" not in html and "☑ done" in html and '<table border="1"' in html
    assert [r.link.target for r in links.links] == ["Other"]


# Style sheet


def test_stylesheet_has_pygments_and_clew_classes():
    light, dark = stylesheet("light"), stylesheet("dark")
    for css in (light, dark):
        assert ".codehilite .k " in css
        for selector in ("a.internal", "a.external", "a.unresolved", "span.unresolved", "th ", "p.embed"):
            assert selector in css
    assert light != dark
    with pytest.raises(ValueError):
        stylesheet("sepia")


# The user's own notes


SEED_NOTES = [
    "ai/research_advances/neurips_2025.md",
    "ai/research_advances/neurips_2025_day4.md",
    "papers/deep_learning_trends_2022-2024.md",
    "papers/deep_learning_trends_2022-2024 (mis-encoded copy).md",
    "channels/alphaxiv_digest.txt",
]


@pytest.mark.parametrize("path", SEED_NOTES)
def test_seed_kb_notes_render(seed_kb: Path, path: str):
    text = (seed_kb / path).read_text(encoding="utf-8", errors="replace")
    note = render(text, path, lambda link: Resolution(None, reason=Unresolved.NO_SUCH_FILE))
    assert "could not be rendered" not in note.html
    assert note.links


def test_seed_kb_details(seed_kb: Path):
    def read(path: str) -> str:
        return (seed_kb / path).read_text(encoding="utf-8", errors="replace")

    nothing = lambda link: Resolution(None, reason=Unresolved.NO_SUCH_FILE)  # noqa: E731
    neurips = render(read(SEED_NOTES[0]), SEED_NOTES[0], nothing)
    assert "<!--" not in neurips.html and "TODO" not in neurips.html
    assert "missing image: <a" in neurips.html
    assert neurips.html.count("<ul>") >= 5  # lists written right under a bold line
    title = "NeurIPS 2025: Обзор ключевых наград"
    assert neurips.headings[0] == (1, title, "neurips-2025-обзор-ключевых-наград")
    # Only the mis-encoded copy has a table.
    mojibake = render(read(SEED_NOTES[3]), SEED_NOTES[3], nothing)
    assert '<table border="1"' in mojibake.html
    trends = render(read(SEED_NOTES[2]), SEED_NOTES[2], nothing)
    zeta = [r for r in trends.links if "zeta-alpha.com" in r.href]
    assert zeta and all(r.css_class == "external" for r in zeta)
    digest = render(read(SEED_NOTES[4]), SEED_NOTES[4], nothing)
    assert digest.links[0].href == "https://www.alphaxiv.org/ru/overview/2505.22785"


@pytest.mark.parametrize("indent", ["   ", "\t", "    "])  # under "2. ": its content column or deeper
def test_nested_list_by_any_indentation(indent):
    html = md(f"1. Read\n2. Write\n{indent}- one idea\n{indent}- own words\n3. Link\n")
    assert html.count("<ol") == 1 and html.count("<ul") == 1
    assert html.index("<ul") > html.index("Write") and html.index("</ul>") < html.index("Link")


def test_two_space_nesting_three_levels_and_code_inside_item_keeps_its_shape():
    source = "- a\n  - b\n    - c\n  - d\n- e\n\n  ```\n  x\n    y\n  ```\n"
    html = md(source)
    assert html.count("<ul") == 3
    assert "<code>x\n  y</code>" in html  # y stays two spaces deeper than x
