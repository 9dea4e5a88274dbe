"""Obsidian callouts through markdown.markdown(): every type and alias, titles, fold states, nesting."""

from __future__ import annotations

import re

import markdown
import pytest

from clew.core.render.extensions import callouts
from clew.core.render.extensions import qt_richtext as mdqt
from clew.core.render.extensions.callouts import CALLOUT_ALIASES, CALLOUT_TYPES


def md(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", callouts.makeExtension(), mdqt.makeExtension()])


def titles(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<p class="callout-title callout-title-(\w+)">(.*?)</p>', html)


@pytest.mark.parametrize("kind", sorted(CALLOUT_TYPES))
def test_each_type_has_its_own_style_and_default_title(kind):
    html = md(f"> [!{kind}]\n> Body text.")
    assert f'<td class="callout-{kind}">' in html
    assert titles(html) == [(kind, f"{CALLOUT_TYPES[kind]}\u2002{kind.capitalize()}")]
    assert "<p>Body text.</p>" in html and "[!" not in html and "<blockquote>" not in html


@pytest.mark.parametrize("alias, style", sorted(CALLOUT_ALIASES.items()))
def test_aliases_take_their_types_style_and_keep_their_name(alias, style):
    html = md(f"> [!{alias.upper()}]\n> x")
    assert titles(html) == [(style, f"{CALLOUT_TYPES[style]}\u2002{alias.capitalize()}")]


def test_unknown_type_looks_like_a_note_under_its_own_name():
    assert titles(md("> [!recipe] Soup\n> x")) == [("note", "✎\u2002Soup")]


def test_title_holds_inline_markdown():
    (_, title), = titles(md("> [!tip] A *fine* [link](https://e.org)\n> body"))
    assert "<em>fine</em>" in title and '<a href="https://e.org">link</a>' in title


@pytest.mark.parametrize("fold, marker", [("", None), ("+", " ▾"), ("-", " ▸ folded")])
def test_fold_states(fold, marker):
    html = md(f"> [!warning]{fold} Careful\n> The body is shown.")
    found = re.findall(r'<span class="callout-fold">(.*?)</span>', html)
    assert found == ([marker] if marker else [])
    assert "<p>The body is shown.</p>" in html


def test_nested_callouts_and_a_title_only_callout():
    html = md("> [!question] Outer\n> text\n>\n> > [!example]\n> > inner")
    assert [kind for kind, _ in titles(html)] == ["question", "example"]
    outer = html.index('<td class="callout-question">')
    assert outer < html.index('<td class="callout-example">') < html.rindex("</td>")
    assert "<p>" not in md("> [!info] Only a title").split("</p>", 1)[1]


def test_callouts_apart_by_a_blank_line_stay_apart_and_quotes_are_bar_cells():
    html = md("> [!note] One\n> a\n\n> [!tip] Two\n> b\n\n> plain quote")
    assert [kind for kind, _ in titles(html)] == ["note", "tip"]
    assert html.count('class="callout"') == 2
    assert '<td class="quote">\n<p>plain quote</p>' in html


def test_callout_tables_keep_their_own_border_and_padding():
    html = md("> [!note]\n> x\n\n| a |\n|---|\n| 1 |")
    assert '<table border="0" cellpadding="8" cellspacing="0" class="callout"' in html
    assert '<table border="1" cellpadding="4" cellspacing="0">' in html
