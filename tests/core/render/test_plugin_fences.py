"""Mermaid, Dataview, DataviewJS and search-query fences: a caption naming the block over its
highlighted source."""

from __future__ import annotations

import pytest

from clew.core.links.model import Resolution
from clew.core.render.extensions.plugin_fences import PLUGIN_FENCES
from clew.core.render.markdown import render_note
from clew.core.render.note_css import stylesheet


def html_of(text: str) -> str:
    return render_note(text, "n.md", lambda _link: Resolution(None)).html


@pytest.mark.parametrize("name, caption", [
    ("mermaid", "Mermaid diagram: source"),
    ("dataview", "Dataview query: runs in Obsidian"),
    ("dataviewjs", "DataviewJS: runs in Obsidian"),
    ("query", "Obsidian search query"),
])
def test_each_plugin_fence_is_captioned_over_its_source(name, caption):
    assert PLUGIN_FENCES[name][0] == caption
    html = html_of(f"```{name}\nlist from <b>#x</b>\n```")
    head, _, code = html.partition("\n")
    assert head == f'<p class="plugin-block plugin-{name}">{caption}</p>'
    assert code.startswith('<table class="codehilite codeblock"') and "&lt;" in code and "<b>" not in code


def test_sources_are_highlighted_in_their_language():
    assert '<span class="k">TABLE</span>' in html_of("```dataview\nTABLE file.name\n```")
    assert '<span class="nx">dv</span>' in html_of("```dataviewjs\ndv.list([])\n```")


def test_other_fences_are_plain_code_and_the_caption_is_styled():
    html = html_of("```python\nx = 1\n```\n\n```\nmermaid\n```")
    assert "plugin-block" not in html and html.count('class="codehilite codeblock"') == 2
    for theme in ("light", "dark"):
        assert "p.plugin-block {" in stylesheet(theme)


def test_a_plugin_fence_inside_a_quote_and_a_list():
    html = html_of("> ```mermaid\n> graph TD\n> ```\n\n- item\n\n    ```query\n    tag:#x\n    ```")
    assert html.count("plugin-block") == 2
