"""The Admonition plugin's ```ad-TYPE blocks: drawn as callouts, with their options, line for line."""

from __future__ import annotations

import re

import pytest

from clew.core.links.model import Resolution
from clew.core.render.extensions.admonitions import as_callouts
from clew.core.render.markdown import render_note


def html_of(text: str) -> str:
    return render_note(text, "n.md", lambda _link: Resolution(None)).html


def titles(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<p class="callout-title callout-title-(\w+)">(.*?)</p>', html)


def test_a_block_becomes_the_callout_of_its_type_with_markdown_inside():
    html = html_of("```ad-warning\nMind the **gap**.\n\n- one\n```\n\nafter")
    assert titles(html) == [("warning", "⚠\u2002Warning")]
    assert "<strong>gap</strong>" in html and "<li>one</li>" in html and "```" not in html
    assert "<code>" not in html and html.endswith("<p>after</p>")


def test_title_and_collapse_set_the_head_and_icon_and_color_are_dropped():
    html = html_of("```ad-tip\ntitle: Use [[Keys]]\ncollapse: closed\nicon: star\ncolor: 200, 100, 0\nBody.\n```")
    assert titles(html)[0][0] == "tip"
    assert "Use <a" in titles(html)[0][1] and "▸ folded" in titles(html)[0][1]
    assert "<p>Body.</p>" in html and "icon" not in html and "color" not in html
    assert "▾" in titles(html_of("```ad-note\ncollapse: open\nx\n```"))[0][1]
    assert "callout-fold" not in html_of("```ad-note\ncollapse: none\nx\n```")


def test_an_unknown_type_is_a_note_under_its_own_name():
    assert titles(html_of("```ad-recipe\nSoup.\n```")) == [("note", "✎\u2002Recipe")]


def test_an_option_after_the_body_started_is_body_text():
    html = html_of("```ad-note\nFirst line.\ntitle: not a title\n```")
    assert titles(html) == [("note", "✎\u2002Note")] and "title: not a title" in html


def test_code_inside_a_longer_fence_and_a_tilde_fence():
    html = html_of("````ad-example\n```python\nprint(1)\n```\n````\n\n~~~ad-quote\nWords.\n~~~")
    assert [kind for kind, _ in titles(html)] == ["example", "quote"]
    assert 'class="codehilite codeblock"' in html and "print" in html and "<p>Words.</p>" in html


@pytest.mark.parametrize("text", [
    "~~~\n```ad-note\nshown as code\n```\n~~~",
    "````md\n```ad-note\nshown as code\n```\n````",
    "```adnote\nplain code\n```",
    "```ad-\nplain code\n```",
    "Inline ```ad-note``` is a code span.",
])
def test_what_is_not_an_admonition_stays_as_written(text):
    html = html_of(text)
    assert "callout" not in html


def test_an_unclosed_block_runs_to_the_end_of_the_note():
    html = html_of("```ad-info\nAll of\n\nthis.")
    assert titles(html) == [("info", "ℹ\u2002Info")] and "<p>this.</p>" in html


def test_in_a_list_item():
    html = html_of("- item\n\n    ```ad-note\n    Inside.\n    ```\n")
    assert re.search(r"<li>.*callout-note.*Inside\..*</li>", html, re.S)


def test_lines_are_kept_one_for_one_so_links_keep_their_lines():
    source = "Top\n\n```ad-note\ntitle: T\ncollapse: open\nSee [[Other]].\n```\n\n[[Last]]\n"
    assert len(as_callouts(source.split("\n"))) == len(source.split("\n"))
    rendered = render_note(source, "n.md", lambda _link: Resolution(None))
    assert [(l.link.target, l.link.line) for l in rendered.links] == [("Other", 6), ("Last", 9)]
