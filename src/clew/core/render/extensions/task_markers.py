"""Obsidian's custom task markers (``- [-]`` cancelled, ``- [/]`` in progress, ``- [?]``, ``- [>]``,
``- [<]``, ``- [!]``, ``- [*]``) as a Python-Markdown extension.

pymdownx.tasklist knows only ``[ ]`` and ``[x]``; Obsidian makes a task of any single character
in the brackets, and themes draw each kind its own way. Qt's rich text draws no styled checkbox,
so the marker becomes a glyph in a span its kind colours (note_css), and a cancelled item is
struck through. A character without a kind of its own is a done task, as Obsidian counts it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

# The marker character -> (kind, glyph). " ", "x" and "X" are pymdownx.tasklist's.
TASK_KINDS = {
    "-": ("cancelled", "⊟"),
    "/": ("in-progress", "◐"),
    "?": ("question", "⍰"),
    ">": ("forwarded", "➔"),
    "<": ("scheduling", "◷"),
    "!": ("important", "⚑"),
    "*": ("star", "★"),
}
DONE = ("done", "☑")
# As pymdownx.tasklist's, for any character but the three it takes.
_MARKER_RE = re.compile(r"^ *\[([^ xX\n])\] +(.*)", re.S)


def task_kind(marker: str) -> tuple[str, str]:
    """(kind, glyph) of a task marked ``[marker]``."""
    return TASK_KINDS.get(marker, DONE)


class TaskMarkerTreeprocessor(Treeprocessor):
    """Finds list items starting with ``[c] `` (in the item or its first paragraph), puts the
    kind's glyph in their place and classes the item and its list as tasks."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            if parent.tag not in ("ul", "ol"):
                continue
            for li in parent:
                if li.tag == "li" and self._mark(li):
                    classes = parent.get("class", "").split()
                    if "task-list" not in classes:
                        parent.set("class", " ".join([*classes, "task-list"]))

    @staticmethod
    def _mark(li: etree.Element) -> bool:
        holder = li
        if not li.text and len(li) and li[0].tag == "p":
            holder = li[0]
        found = _MARKER_RE.match(holder.text or "")
        if found is None:
            return False
        kind, glyph = task_kind(found.group(1))
        mark = etree.Element("span", {"class": f"task-mark task-{kind}"})
        mark.text = glyph
        mark.tail = "\u2002" + found.group(2)
        holder.text = None
        holder.insert(0, mark)
        li.set("class", " ".join([*li.get("class", "").split(), "task-list-item", f"task-{kind}"]))
        return True


class TaskMarkerExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After pymdownx.tasklist (25) has taken [ ] and [x], before the inline patterns (20).
        md.treeprocessors.register(TaskMarkerTreeprocessor(md), "clew_task_markers", 24)


def makeExtension(**kwargs) -> TaskMarkerExtension:
    return TaskMarkerExtension(**kwargs)
