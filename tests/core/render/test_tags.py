"""Inline #tags as chips: which are tags (the index's rule, so chips and the Tags panel agree),
how a chip is drawn and where it leads."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from clew.core.links.model import Resolution
from clew.core.notes.parsing import parse_note
from clew.core.render.markdown import render_note
from clew.core.render.note_css import stylesheet
from clew.core.render.themes import THEME_NAMES, contrast_ratio, theme_colours


def rendered(text: str):
    return render_note(text, "n.md", lambda _link: Resolution(None))


def chips(html: str) -> list[str]:
    return [unquote(href) for href in re.findall(r'<a class="tag" href="tag:([^"]*)"', html)]


@pytest.mark.parametrize("text, tag", [
    ("#tag", "tag"),
    ("#nested/tag", "nested/tag"),
    ("#тег", "тег"),
    ("#标签", "标签"),
    ("#tag-with_dash", "tag-with_dash"),
    ("#2024-plan", "2024-plan"),
    ("**bold**#after", "after"),
    ("in a sentence #tag.", "tag"),
])
def test_a_tag_is_a_chip_leading_to_its_notes(text, tag):
    html = rendered(text).html
    assert chips(html) == [tag]
    assert f'title="Notes tagged #{tag}">\u00a0#{tag}\u00a0</a>' in html


@pytest.mark.parametrize("text", [
    "#123",
    "`#code` span",
    "```\n#fenced\n```",
    "~~~\n#fenced\n~~~",
    "https://x.org/#frag and https://x.org/page.html#frag",
    "<https://x.org/a.b#frag>",
    "[[Note#Heading]] and [[#Local]]",
    "[text](#anchor) and [text](other.md#part)",
    "[#in-link-text](https://x.org)",
    "C# and F#",
    "x&#y and &#35;",
    r"\#escaped",
    "# Heading",
    "%% #in-comment %%",
    '<a href="#top">up</a>',
])
def test_what_is_not_a_tag_is_no_chip_and_not_in_the_index(text):
    assert chips(rendered(text).html) == []
    assert parse_note(text, "n.md").tags == ()


def test_a_line_of_tags_is_chips_not_a_heading():
    html = rendered("#tag1 #tag2").html
    assert "<h1" not in html and chips(html) == ["tag1", "tag2"]


def test_tags_in_headings_lists_tables_and_callouts():
    text = "## Plans #work\n\n- item #list\n\n| a |\n|---|\n| #cell |\n\n> [!note]\n> #inside"
    assert chips(rendered(text).html) == ["work", "list", "cell", "inside"]


def test_chips_are_exactly_what_the_index_lists():
    text = ("#alpha then `#code` and [[N#h]] https://x.org/#f\n\n## H #beta\n\n```\n#no\n```\n\n"
            "- [ ] task #gamma\n\n<b>#delta</b>\n\nC# #7 #epsilon/x")
    assert chips(rendered(text).html) == list(parse_note(text, "n.md").tags)


def test_a_chip_is_not_a_link_of_the_note():
    assert rendered("#tag and https://x.org").links[0].link.target == "https://x.org"
    assert len(rendered("#tag").links) == 0


@pytest.mark.parametrize("theme", THEME_NAMES)
def test_chips_are_readable_in_both_themes(theme):
    colours = theme_colours(theme)
    assert contrast_ratio(colours.tag_text, colours.tag_background) >= 4.5
    assert f"a.tag {{ color: {colours.tag_text}; background-color: {colours.tag_background};" in stylesheet(theme)


def test_tags_in_an_admonition_block_are_chips_and_in_the_index():
    text = "````ad-note\ntitle: On #topic\nBody #inside\n```js\n#code\n```\n````\n\nAfter #out"
    assert chips(rendered(text).html) == list(parse_note(text, "n.md").tags) == ["topic", "inside", "out"]
