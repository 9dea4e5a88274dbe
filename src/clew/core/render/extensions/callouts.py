"""Obsidian callouts (``> [!note] Title``, ``> [!warning]-`` folded, ``+`` open, nested) and
block quotes, as a Python-Markdown extension.

QTextBrowser draws no borders on paragraphs or divs, so a quote or a callout becomes a one-cell
table (a cell takes a coloured left bar and a background); the CSS per type is in note_css. The view
cannot fold, so a folded callout shows its body under a title marked "folded": hiding it would
make the reader re-render the note to read what Obsidian shows with one click."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.treeprocessors import Treeprocessor

# Each type with the symbol its title starts with; aliases below map onto these.
CALLOUT_TYPES = {
    "note": "✎", "abstract": "≡", "info": "ℹ", "todo": "☐", "tip": "✦", "success": "✔",
    "question": "?", "warning": "⚠", "failure": "✘", "danger": "ϟ", "bug": "✱", "example": "☰",
    "quote": "❝",
}
CALLOUT_ALIASES = {
    "summary": "abstract", "tldr": "abstract", "hint": "tip", "important": "tip", "check": "success",
    "done": "success", "help": "question", "faq": "question", "caution": "warning", "attention": "warning",
    "fail": "failure", "missing": "failure", "error": "danger", "cite": "quote",
}
# "[!type]", then + or - (open or folded), then the title; on the first line of the quote.
_HEAD_RE = re.compile(r"\[!([^\]\s]+)\]([+-]?)[ \t]*([^\n]*)(?:\n|$)")


def callout_style(kind: str) -> str:
    """The style a callout type is drawn in: its own, its alias's, else note's."""
    kind = kind.lower()
    kind = CALLOUT_ALIASES.get(kind, kind)
    return kind if kind in CALLOUT_TYPES else "note"


def default_title(kind: str) -> str:
    """What Obsidian shows without a title: the type as written, capitalised."""
    return kind[:1].upper() + kind[1:].lower()


class CalloutQuoteProcessor(BlockQuoteProcessor):
    """Python-Markdown's blockquote, ended where CommonMark (and Obsidian) ends it.

    A quote never goes on past a blank line: Python-Markdown merges ``> a`` and ``> b`` apart
    by one into one quote (and a callout with the quote after it); here they stay two. And a
    line without ``>`` carries on the quote only as "lazy" paragraph text: after an empty ``>``
    line, after a heading or code, or when it starts a block of its own (a list, a heading, a
    rule, a fence, an HTML block), the quote has ended there."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        found = self.RE.search(blocks[0])
        if found is not None:
            end = _quote_end(blocks[0], found.start())
            if end < len(blocks[0]):
                blocks[0:1] = [blocks[0][:end], blocks[0][end:]]
        super().run(parent, blocks)

    def lastChild(self, parent: etree.Element) -> etree.Element | None:  # noqa: N802 (Markdown's name)
        return None  # the quote before this one ended at a blank line


# The ">" markers of a quote line, nested ones too.
_MARKERS_RE = re.compile(r"^(?: {0,3}>[ ]?)+")
# A line that starts a block of its own, so it cannot be a paragraph's next line; and of
# those, a list item, whose text is a paragraph a lazy line may carry on.
_LIST_ITEM = r"(?:[-*+]|1[.)])[ \t]+\S"
_STARTS_BLOCK_RE = re.compile(
    rf"^ {{0,3}}(?:#{{1,6}}(?:[ \t]|$)|(?:`{{3,}}|~{{3,}})|{_LIST_ITEM}|(?:(?:-[ \t]*){{3,}}|(?:\*[ \t]*){{3,}}"
    r"|(?:_[ \t]*){3,})$|<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s|/?>|$)|!--))"
)
_LIST_ITEM_RE = re.compile(rf"^ {{0,3}}{_LIST_ITEM}")


def _quote_end(block: str, start: int) -> int:
    """Where the quote that starts at ``block[start:]`` ends: the offset of its first line that
    is neither a ``>`` line nor a lazy continuation of a paragraph, else the block's length."""
    offset = start + (block[start:start + 1] == "\n")
    in_paragraph = False
    for line in block[offset:].split("\n"):
        markers = _MARKERS_RE.match(line)
        if markers is not None:
            content = line[markers.end():]
            indented = len(content.expandtabs(4)) - len(content.expandtabs(4).lstrip()) >= 4
            if _LIST_ITEM_RE.match(content):
                in_paragraph = True
            else:
                starts_block = bool(_STARTS_BLOCK_RE.match(content))
                in_paragraph = bool(content.strip()) and not starts_block and (in_paragraph or not indented)
        elif not in_paragraph or _STARTS_BLOCK_RE.match(line):
            return offset
        offset += len(line) + 1
    return len(block)


def _heads_callout(quote: etree.Element) -> bool:
    first = quote[0] if len(quote) else None
    return first is not None and first.tag == "p" and bool(first.text) and bool(_HEAD_RE.match(first.text.lstrip()))


def _as_cell(quote: etree.Element, kind: str, cell_class: str) -> etree.Element:
    """Empties ``quote`` into a one-cell table and returns the cell. The tail stays: in a tight
    list item, the item's text after the quote is kept there."""
    tail = quote.tail
    quote.clear()
    quote.tail = tail
    quote.tag = "table"
    quote.attrib.update({"class": kind, "width": "100%", "border": "0", "cellspacing": "0", "cellpadding": "8"})
    return etree.SubElement(etree.SubElement(quote, "tr"), "td", {"class": cell_class})


class CalloutTreeprocessor(Treeprocessor):
    """Turns a blockquote whose first line is ``[!type]`` into a callout, any other into a
    quote. Runs before the inline patterns, so the title may hold links and emphasis."""

    def run(self, root: etree.Element) -> None:
        # Outer quotes first: a nested one is still a blockquote inside the new cell.
        for quote in [el for el in root.iter("blockquote")]:
            if _heads_callout(quote):
                self._make_callout(quote, quote[0], _HEAD_RE.match(quote[0].text.lstrip()))
            else:
                body = list(quote)
                _as_cell(quote, "quote", "quote").extend(body)

    @staticmethod
    def _make_callout(quote: etree.Element, first: etree.Element, head: re.Match[str]) -> None:
        kind, fold, title = head.group(1), head.group(2), head.group(3).strip()
        style = callout_style(kind)
        rest = first.text.lstrip()[head.end():]
        body = list(quote)
        if rest.strip() or len(first):
            first.text = rest
        else:
            body.remove(first)
        cell = _as_cell(quote, "callout", f"callout-{style}")
        heading = etree.SubElement(cell, "p", {"class": f"callout-title callout-title-{style}"})
        heading.text = f"{CALLOUT_TYPES[style]}\u2002{title or default_title(kind)}"
        if fold:
            marker = etree.SubElement(heading, "span", {"class": "callout-fold"})
            marker.text = " ▸ folded" if fold == "-" else " ▾"
        cell.extend(body)


class CalloutExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.parser.blockprocessors.register(CalloutQuoteProcessor(md.parser), "quote", 20)
        # After the block parser, before the inline patterns (20) and qt_richtext's table borders (1).
        md.treeprocessors.register(CalloutTreeprocessor(md), "clew_callouts", 25)


def makeExtension(**kwargs) -> CalloutExtension:
    return CalloutExtension(**kwargs)
