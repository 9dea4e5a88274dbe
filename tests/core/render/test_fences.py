"""Fenced code as CommonMark (and so Obsidian) reads it: any info string, closing fences at least
as long as the opening one, indented fences, unclosed fences, and fences inside containers."""

from __future__ import annotations

import pytest

from clew.core.links.model import Resolution
from clew.core.render.markdown import render_note
from tests.core.render.commonmark_cases import assert_commonmark

CASES = {
    "an info string with colons": (
        "```jsx:component:Clock\n<Clock />\n```\n",
        "<pre><code>&lt;Clock /&gt;\n</code></pre>",
    ),
    "an info string of two words": (
        "```shell script\necho hi\n```\n",
        "<pre><code>echo hi\n</code></pre>",
    ),
    "a longer closing fence closes": (
        "```\ncode\n`````\nafter\n",
        "<pre><code>code\n</code></pre><p>after</p>",
    ),
    "a shorter closing fence does not close": (
        "````\n```\nstill code\n````\n",
        "<pre><code>```\nstill code\n</code></pre>",
    ),
    "a closing fence of the other kind does not close": (
        "~~~\n```\n~~~\n",
        "<pre><code>```\n</code></pre>",
    ),
    "a fence indented by three spaces, its lines by as much as they have": (
        "   ```\n   a\n  b\n     c\n   ```\n",
        "<pre><code>a\nb\n  c\n</code></pre>",
    ),
    "a fence indented by one space, closed by one indented by three": (
        " ```\n code\n   ```\n",
        "<pre><code>code\n</code></pre>",
    ),
    "four spaces make indented code, not a fence": (
        "    ```\n    x\n    ```\n",
        "<pre><code>```\nx\n```\n</code></pre>",
    ),
    "an unclosed fence runs to the end of the note": (
        "text\n```\nunclosed\n- not a list\n",
        "<p>text</p><pre><code>unclosed\n- not a list\n</code></pre>",
    ),
    "an unclosed fence in a quote ends with the quote": (
        "> ```\n> code\n\nafter\n",
        "<blockquote><pre><code>code\n</code></pre></blockquote><p>after</p>",
    ),
    "an unclosed fence in an item ends with the item": (
        "- ```\n  code\n- next\n",
        "<ul><li><pre><code>code\n</code></pre></li><li>next</li></ul>",
    ),
    "a tilde fence's info string may": (
        "~~~ `x`\ncode\n~~~\n",
        "<pre><code>code\n</code></pre>",
    ),
    "a fence right under a paragraph line, and text right after it": (
        "text\n```\ncode\n```\nmore\n",
        "<p>text</p><pre><code>code\n</code></pre><p>more</p>",
    ),
    "a fence in a quote": (
        "> ```py\n> x = 1\n>\n> y = 2\n> ```\n",
        "<blockquote><pre><code>x = 1\n\ny = 2\n</code></pre></blockquote>",
    ),
    "a fence's lines look like lists and quotes": (
        "```\n- a\n> b\n# c\n```\n",
        "<pre><code>- a\n&gt; b\n# c\n</code></pre>",
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_fence(text: str, expected: str) -> None:
    assert_commonmark(text, expected)


def _html(text: str) -> str:
    return render_note(text, "n.md", lambda _link: Resolution(None)).html


def test_the_language_is_the_first_word_of_the_info_string() -> None:
    assert '<span class="k">def</span>' in _html("```python title=x.py\ndef f(): pass\n```\n")
    assert '<span class="kd">let</span>' in _html("```js:component:x\nlet a = 1\n```\n")


def test_plugin_fences_still_reach_their_custom_fence() -> None:
    html = _html("- item\n  ```mermaid\n  graph TD\n  ```\n")
    assert "Mermaid diagram" in html and html.index("<li>") < html.index("Mermaid diagram") < html.index("</li>")


def test_a_backtick_fences_info_string_holds_no_backtick() -> None:
    html = _html("``` `x`\ncode\n```\n")
    assert html.startswith("<p>") and "code</p>" in html  # a paragraph with code spans, then an empty fence
