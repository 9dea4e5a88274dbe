"""Three block rules of CommonMark that Python-Markdown reads otherwise, as an extension:

- an ATX heading may be indented by 1-3 spaces (``   ## Title``), and its closing ``#``s need
  a space before them;
- a setext underline underlines the whole paragraph above it, and only paragraph text:
  ``> foo`` then ``---`` is a quote and a rule, ``- foo`` then ``---`` a list and a rule;
- a GFM table ends at a line that starts another block (a quote, a heading, a list, a fence, a
  rule, indented code, an HTML block), where Python-Markdown takes every line up to the next
  blank one as a row.

The heading keeps pymdownx.saneheaders' rule (a space after the ``#``: ``#tag`` lines are tags).
Each processor replaces Python-Markdown's (or the tables extension's, or saneheaders') of the
same name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import SetextHeaderProcessor
from markdown.extensions.tables import TableProcessor
from pymdownx.saneheaders import SaneHeadersProcessor

from clew.core.render.extensions.html_blocks import starts_html_block

_HEADING = r" {0,3}#{1,6}(?:[ \t]|$)"
_LIST_ITEM = r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)"
_RULE = r" {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$"
_FENCE = r" {0,3}(?:`{3,}|~{3,})"
# What a fenced code block has become by the time blocks are read (pymdownx.superfences stashes it).
_STASHED = "\x02wzxhzdk:\\d+\x03$"
# A line that is not paragraph text: it starts a block of its own.
_NOT_PARAGRAPH_RE = re.compile(rf"^(?: {{0,3}}>|{_LIST_ITEM}|{_HEADING}|{_FENCE})")
_UNDERLINE_RE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_INDENTED_RE = re.compile(r"^(?: {4}|\t)")
_ENDS_TABLE_RE = re.compile(rf"^(?: {{0,3}}>|{_LIST_ITEM}|{_HEADING}|{_RULE}|{_FENCE}| {{4}}|\t|{_STASHED})")


class IndentedHeadingProcessor(SaneHeadersProcessor):
    """An ATX heading as CommonMark reads it: up to three spaces before the ``#``s, a space or a
    tab (or nothing) after them, so ``#tag`` is no heading (pymdownx.saneheaders' rule, which
    this replaces); a closing run of ``#`` counts only after a space (``# C#`` keeps its ``#``)
    and may be followed by spaces."""

    RE = re.compile(r"(?:^|\n) {0,3}(?P<level>#{1,6})(?P<header>(?:[ \t]+[^\n]*?)??)(?:[ \t]+#+)?[ \t]*(?:\n|$)")


class ParagraphSetextProcessor(SetextHeaderProcessor):
    """A setext heading: the paragraph lines above an ``===`` or ``---`` underline, all of them
    (Python-Markdown takes one line, and a longer paragraph became text and a rule); never a
    line that starts a block of its own (a quote, a list item, a fence)."""

    def _underline(self, block: str) -> int:
        """The index of the line underlining the paragraph the block starts with, or 0."""
        lines = block.split("\n")
        if _INDENTED_RE.match(lines[0]):
            return 0
        for at, line in enumerate(lines):
            if at and _UNDERLINE_RE.match(line):
                return at
            if not line.strip() or _NOT_PARAGRAPH_RE.match(line):
                return 0
        return 0

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._underline(block) > 0

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks.pop(0).split("\n")
        at = self._underline("\n".join(lines))
        heading = etree.SubElement(parent, "h1" if lines[at].strip().startswith("=") else "h2")
        heading.text = "\n".join(line.strip() for line in lines[:at])
        if at + 1 < len(lines):
            blocks.insert(0, "\n".join(lines[at + 1:]))


class EndingTableProcessor(TableProcessor):
    """A GFM table whose rows stop at the first line that starts another block; the lines from
    there are read as blocks of their own. As in GFM, a table of a header alone has no body (not
    one empty row), and ``\\|`` is a pipe in a cell, inside code too."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        lines = blocks[0].split("\n")
        end = next((at for at in range(2, len(lines))
                    if _ENDS_TABLE_RE.match(lines[at]) or starts_html_block(lines[at])), len(lines))
        if end < len(lines):
            blocks[0:1] = ["\n".join(lines[:end]), "\n".join(lines[end:])]
        super().run(parent, blocks)
        if end == 2:  # the table is the last element now
            parent[-1].remove(parent[-1].find("tbody"))

    def _split_row(self, row: str) -> list[str]:
        return [cell.replace("\\|", "|") for cell in super()._split_row(row)]


class CommonMarkBlocksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        parser = md.parser
        # Each replaces the processor of the same name and priority (tables, saneheaders, core).
        table_config = parser.blockprocessors["table"].config
        parser.blockprocessors.register(EndingTableProcessor(parser, table_config), "table", 75)
        parser.blockprocessors.register(IndentedHeadingProcessor(parser), "hashheader", 70)
        parser.blockprocessors.register(ParagraphSetextProcessor(parser), "setextheader", 60)


def makeExtension(**kwargs) -> CommonMarkBlocksExtension:
    return CommonMarkBlocksExtension(**kwargs)
