"""CommonMark's hard breaks, in both line-break modes: a ``\\`` at the end of a line inside a
paragraph is a line break (``foo\\⏎bar`` gives ``foo<br>bar``), and so are two spaces or more;
the spaces around either are not text. A break left ending a block, once what followed it was
hidden (a ``^block-id`` on a line of its own), is dropped: it would draw an empty line.

Python-Markdown has no such break, and ``pymdownx.escapeall``'s ``hardbreak`` comes only with
escaping every character, which would eat the backslashes of ``C:\\Users\\me`` in notes. Here
nothing else changes: a backslash anywhere else, or ending a paragraph, stays a backslash."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor
from markdown.treeprocessors import Treeprocessor

# Escapes (180) have already taken "\\", so "\\⏎" is an escaped backslash, not a break;
# code spans (190) and math (186, 187) keep their backslashes. Just before the two-space break
# (100), after the links, so it works in a link's text too.
BACKSLASH_BREAK_RE = r"\\\n[ \t]*"
# Python-Markdown's own takes exactly two spaces and leaves the rest on either side as text.
TWO_SPACE_BREAK_RE = r" {2,}\n[ \t]*"
_TEXT_BLOCKS = frozenset({"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"})


class TrailingBreakTreeprocessor(Treeprocessor):
    """Drops a ``<br>`` that ends a block's text (in a list item, its text ends before its sublist)."""

    def run(self, root: etree.Element) -> None:
        for block in root.iter():
            if block.tag not in _TEXT_BLOCKS or not len(block):
                continue
            children = list(block)
            end = len(children) - 1
            while end > 0 and children[end].tag in ("ul", "ol"):
                end -= 1
            last = children[end]
            if last.tag == "br" and not (last.tail or "").strip():
                block.remove(last)


class HardBreakExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.inlinePatterns.register(SubstituteTagInlineProcessor(BACKSLASH_BREAK_RE, "br"), "clew_backslash_break", 101)
        md.inlinePatterns.register(SubstituteTagInlineProcessor(TWO_SPACE_BREAK_RE, "br"), "linebreak", 100)
        # After the links (-1), which hide a block's ^block-id.
        md.treeprocessors.register(TrailingBreakTreeprocessor(md), "clew_trailing_breaks", -3)


def makeExtension(**kwargs) -> HardBreakExtension:
    return HardBreakExtension(**kwargs)
