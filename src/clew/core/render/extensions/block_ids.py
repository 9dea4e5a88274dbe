"""Obsidian's block ids, as a Python-Markdown extension: a ``^block-id`` ending a paragraph or list
item, or alone on a line after a block (a quote, a table, a list, code, a callout), is hidden, and
the block gets an anchor named ``^block-id`` (fragments.block_anchor) for ``[[note#^block-id]]``.

QTextBrowser gives an empty ``<a name>`` to the text that follows it, so the anchor goes in front
of the block's first text: in a paragraph, heading or item; in the first cell of a table (quotes
and callouts are tables by now); in a code block (set aside in the HTML stash) before its code."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from clew.core.links.fragments import block_anchor

# As parsing._BLOCK_ID_RE finds them for the index.
_ENDING_RE = re.compile(r"\s\^([A-Za-z0-9-]+)[ \t]*$")
_ALONE_RE = re.compile(r"^\s*\^([A-Za-z0-9-]+)[ \t]*$")
_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd")


def _put_first(el: etree.Element, name: str) -> None:
    """An anchor ``name`` before everything in ``el``."""
    anchor = etree.Element("a", {"name": name})
    anchor.tail, el.text = el.text, None
    el.insert(0, anchor)


class BlockIdTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            previous: etree.Element | None = None
            for el in list(parent):
                alone = _ALONE_RE.match(el.text or "") if el.tag == "p" and not len(el) else None
                if alone and previous is not None:
                    parent.remove(el)
                    self._anchor_block(previous, block_anchor(alone.group(1)))
                    continue
                if alone:  # nothing before it to name: the marker is hidden where it is
                    el.text = None
                    _put_first(el, block_anchor(alone.group(1)))
                if el.tag in ("p", "li"):
                    self._mark_ending(el)
                previous = el

    @staticmethod
    def _mark_ending(el: etree.Element) -> None:
        """A paragraph or item ending with ``^block-id``: the marker hidden, the anchor first."""
        last = el[-1] if len(el) else None
        if last is not None and last.tag in ("ul", "ol"):  # a list item's own text ends before its sublist
            last = el[-2] if len(el) > 1 else None
        text = last.tail if last is not None else el.text
        match = _ENDING_RE.search(text or "")
        if match is None:
            return
        kept = text[: match.start()]
        if last is None:
            el.text = kept
        else:
            last.tail = kept  # a <br> left ending the block goes later (hard_breaks)
        _put_first(el, block_anchor(match.group(1)))

    def _anchor_block(self, block: etree.Element, name: str) -> None:
        stashed = HTML_PLACEHOLDER_RE.fullmatch(block.text or "") if block.tag == "p" and not len(block) else None
        if stashed:
            self._anchor_stashed(int(stashed.group(1)), name)
            return
        target = block if block.tag in _TEXT_BLOCKS else next(
            (el for el in block.iter() if el.tag in _TEXT_BLOCKS), block)
        _put_first(target, name)

    def _anchor_stashed(self, index: int, name: str) -> None:
        """A block set aside as HTML (code, a diagram's source, raw HTML): the anchor goes into
        it, inside a code block's <pre> so that the block stays one code block."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        html = blocks[index]
        anchor = f'<a name="{name}"></a>'
        at = html.find("<pre>")
        blocks[index] = html[: at + 5] + anchor + html[at + 5:] if at >= 0 else anchor + html


class BlockIdExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After the inline patterns (20: hard breaks are <br> by then) and callouts (25).
        md.treeprocessors.register(BlockIdTreeprocessor(md), "clew_block_ids", 2)


def makeExtension(**kwargs) -> BlockIdExtension:
    return BlockIdExtension(**kwargs)
