"""Python-Markdown extension that reads blocks as Obsidian (CommonMark) does: a list, a table or a
code fence may start on the line right under a paragraph, where Python-Markdown wants a blank line;
a list nests by any indentation deeper than its parent's, where Python-Markdown wants four spaces."""

from __future__ import annotations

import re
from enum import Enum

from markdown import Extension
from markdown.preprocessors import Preprocessor

# As in CommonMark, only a bullet or "1." starts a list inside a paragraph.
_LIST_START_RE = re.compile(r"^ {0,3}(?:[-*+]|1[.)])[ \t]+\S")
_LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_OTHER_BLOCK_RE = re.compile(r"^(?: {4}|\t| {0,3}[>|<])")
_TABLE_RULE_RE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# What a fenced code block has become by now (pymdownx.superfences stashes it).
_STASHED_RE = re.compile("^\x02wzxhzdk:\\d+\x03$")


class _Block(Enum):
    NONE = 0
    PARAGRAPH = 1
    LIST = 2
    OTHER = 3


def _starts_table(lines: list[str], i: int) -> bool:
    rule = lines[i + 1] if i + 1 < len(lines) else ""
    return "|" in lines[i] and "|" in rule and bool(_TABLE_RULE_RE.match(rule))


class BlockStartPreprocessor(Preprocessor):
    """Inserts the blank line Python-Markdown needs before such a block (and after a fence)."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block = _Block.NONE
        for i, line in enumerate(lines):
            if not line.strip():
                block = _Block.NONE
            elif _STASHED_RE.match(line.strip()):
                if block is not _Block.NONE:
                    out.append("")
                out.append(line)
                if i + 1 < len(lines) and lines[i + 1].strip():
                    out.append("")
                block = _Block.NONE
                continue
            elif _HEADING_RE.match(line):
                block = _Block.NONE
            elif block is _Block.PARAGRAPH and (_LIST_START_RE.match(line) or _starts_table(lines, i)):
                out.append("")
                block = _Block.OTHER if "|" in line else _Block.LIST
            elif block is _Block.NONE:
                if _LIST_ITEM_RE.match(line):
                    block = _Block.LIST
                elif _OTHER_BLOCK_RE.match(line):
                    block = _Block.OTHER
                else:
                    block = _Block.PARAGRAPH
            out.append(line)
        return out


_NESTABLE_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


class ListIndentPreprocessor(Preprocessor):
    """Re-indents nested list items to the four spaces per level Python-Markdown needs. Notes
    nest lists by two or three spaces or a tab; an item is the child of the nearest item above
    that is indented less. The lines inside an item move with it, so code keeps its shape."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        items: list[tuple[int, int]] = []  # open items: (indent as written, indent given)
        for line in lines:
            if not line.strip():
                out.append(line)
                continue
            indent = _indent(line)
            if _NESTABLE_ITEM_RE.match(line) and (items or indent <= 3):
                while items and indent <= items[-1][0]:
                    items.pop()
                given = items[-1][1] + 4 if items else indent
                items.append((indent, given))
                out.append(" " * given + line.expandtabs(4).lstrip(" "))
            elif items and indent > 0:
                written, given = items[-1]
                out.append(" " * max(0, indent + given - written) + line.expandtabs(4).lstrip(" "))
            else:
                items.clear()
                out.append(line)
        return out


class CompatExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After fenced code is stashed (25), before raw HTML blocks are (20).
        md.preprocessors.register(ListIndentPreprocessor(md), "clew_list_indent", 24)
        md.preprocessors.register(BlockStartPreprocessor(md), "clew_block_starts", 23)


def makeExtension(**kwargs) -> CompatExtension:
    return CompatExtension(**kwargs)
