"""Python-Markdown extension that reads blocks as Obsidian (CommonMark) does: a list, a table or a
code fence may start on the line right under a paragraph, where Python-Markdown wants a blank line."""

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


class CompatExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After fenced code is stashed (25), before raw HTML blocks are (20).
        md.preprocessors.register(BlockStartPreprocessor(md), "clew_block_starts", 23)


def makeExtension(**kwargs) -> CompatExtension:
    return CompatExtension(**kwargs)
