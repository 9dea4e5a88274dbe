"""Python-Markdown extension that fits the HTML to Qt's rich text: table borders, task boxes as
☐/☑, no empty last line in code blocks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# The checkbox pymdownx.tasklist stashes; QTextBrowser shows no <input>.
_CHECKBOX_RE = re.compile(r'<input type="checkbox"(?: disabled)?( checked)?/>( ?)')
TABLE_ATTRIBUTES = {"border": "1", "cellspacing": "0", "cellpadding": "4"}


class TableTreeprocessor(Treeprocessor):
    """QTextBrowser draws table borders and cell padding from attributes."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            for name, value in TABLE_ATTRIBUTES.items():
                table.set(name, value)


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
    """QTextBrowser shows the newline that ends a code block as one more (shaded) line."""

    def run(self, text: str) -> str:
        return text.replace("\n</code></pre>", "</code></pre>")


class QtHtmlExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(TableTreeprocessor(md), "clew_tables", 1)
        md.postprocessors.register(TaskBoxPostprocessor(md), "clew_task_boxes", 35)
        md.postprocessors.register(CodeEndPostprocessor(md), "clew_code_ends", 26)


def makeExtension(**kwargs) -> QtHtmlExtension:
    return QtHtmlExtension(**kwargs)
