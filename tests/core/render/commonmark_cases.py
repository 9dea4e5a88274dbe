"""Checks a case written as (Markdown, the HTML CommonMark gives): markdown-it-py must agree that
the expected HTML is CommonMark's, and Clew must render it so, its decorations undone."""

from __future__ import annotations

from markdown_it import MarkdownIt

from tests.core.render.plain_html import normalize, plain_clew_html, without_code_languages

_ORACLE = MarkdownIt("commonmark").enable("table")


def assert_commonmark(text: str, expected: str) -> None:
    want = normalize(expected)
    assert normalize(without_code_languages(_ORACLE.render(text))) == want, "the expected HTML is not CommonMark's"
    # Strict line breaks: CommonMark's, where a single newline is a space.
    assert normalize(without_code_languages(plain_clew_html(text, strict_line_breaks=True))) == want
