"""CommonMark's hard breaks, in both line-break modes: a ``\\`` at the end of a line inside a
paragraph is a line break (``foo\\⏎bar`` gives ``foo<br>bar``), and so are two spaces or more;
the spaces around either are not text.

Python-Markdown has no such break, and ``pymdownx.escapeall``'s ``hardbreak`` comes only with
escaping every character, which would eat the backslashes of ``C:\\Users\\me`` in notes. Here
nothing else changes: a backslash anywhere else, or ending a paragraph, stays a backslash."""

from __future__ import annotations

from markdown import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor

# Escapes (180) have already taken "\\", so "\\⏎" is an escaped backslash, not a break;
# code spans (190) and math (186, 187) keep their backslashes. Just before the two-space break
# (100), after the links, so it works in a link's text too.
BACKSLASH_BREAK_RE = r"\\\n[ \t]*"
# Python-Markdown's own takes exactly two spaces and leaves the rest on either side as text.
TWO_SPACE_BREAK_RE = r" {2,}\n[ \t]*"


class HardBreakExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.inlinePatterns.register(SubstituteTagInlineProcessor(BACKSLASH_BREAK_RE, "br"), "clew_backslash_break", 101)
        md.inlinePatterns.register(SubstituteTagInlineProcessor(TWO_SPACE_BREAK_RE, "br"), "linebreak", 100)


def makeExtension(**kwargs) -> HardBreakExtension:
    return HardBreakExtension(**kwargs)
