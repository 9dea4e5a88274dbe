"""Python-Markdown extension that fits the HTML to Qt's rich text: table borders, task boxes as
☐/☑, code blocks in a padded cell, no empty last line in code blocks, highlights as spans."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# The checkbox pymdownx.tasklist stashes; QTextBrowser shows no <input>.
_CHECKBOX_RE = re.compile(r'<input type="checkbox"(?: disabled)?( checked)?/>( ?)')
TABLE_ATTRIBUTES = {"border": "1", "cellspacing": "0", "cellpadding": "4"}
_CODE_BLOCK_RE = re.compile(r'<div class="codehilite"><pre>(.*?)</pre></div>', re.S)
# Qt pads table cells but not blocks: the code sits in a cell, which keeps the class Pygments'
# colours hang on.
_CODE_CELL = ('<table class="codehilite codeblock" width="100%" border="0" cellspacing="0" cellpadding="10">'
              '<tr><td class="codeblock"><pre>{}</pre></td></tr></table>')


class TableTreeprocessor(Treeprocessor):
    """QTextBrowser draws table borders and cell padding from attributes. A table that set its
    own (a callout) keeps them."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            for name, value in TABLE_ATTRIBUTES.items():
                table.attrib.setdefault(name, value)


class HighlightTreeprocessor(Treeprocessor):
    """Qt's rich text knows no <mark>: a highlight becomes a span its class colours."""

    def run(self, root: etree.Element) -> None:
        for mark in root.iter("mark"):
            mark.tag = "span"
            mark.set("class", "highlight")


class TaskBoxPostprocessor(Postprocessor):
    """Replaces the stashed task-list checkboxes by ☐ and ☑ before the stash is put back."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for i, block in enumerate(blocks):
            box = _CHECKBOX_RE.fullmatch(block) if isinstance(block, str) else None
            if box:
                blocks[i] = ("☑" if box.group(1) else "☐") + box.group(2)
        return text


class CodeEndPostprocessor(Postprocessor):
    """QTextBrowser shows the newline that ends a code block as one more (shaded) line; and
    draws a code block's padding only if the block is a table cell."""

    def run(self, text: str) -> str:
        text = text.replace("\n</code></pre>", "</code></pre>")
        return _CODE_BLOCK_RE.sub(lambda m: _CODE_CELL.format(m.group(1)), text)


class QtHtmlExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(TableTreeprocessor(md), "clew_tables", 1)
        md.treeprocessors.register(HighlightTreeprocessor(md), "clew_highlights", 1)
        md.postprocessors.register(TaskBoxPostprocessor(md), "clew_task_boxes", 35)
        md.postprocessors.register(CodeEndPostprocessor(md), "clew_code_ends", 26)


def makeExtension(**kwargs) -> QtHtmlExtension:
    return QtHtmlExtension(**kwargs)
