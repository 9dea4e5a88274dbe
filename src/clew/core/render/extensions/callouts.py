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
    """Python-Markdown's blockquote, except that a callout never merges with a quote apart from
    it by a blank line (Python-Markdown merges them, Obsidian does not): two callouts stay two,
    and a plain quote after a callout is not taken into it."""

    _starts_callout = False

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        found = self.RE.search(blocks[0])
        first_line = blocks[0][found.start():].split("\n", 1)[0] if found else ""
        self._starts_callout = bool(found and _HEAD_RE.match(self.clean(first_line).lstrip()))
        super().run(parent, blocks)

    def lastChild(self, parent: etree.Element) -> etree.Element | None:  # noqa: N802 (Markdown's name)
        sibling = super().lastChild(parent)
        if self._starts_callout or (sibling is not None and sibling.tag == "blockquote" and _heads_callout(sibling)):
            return None
        return sibling


def _heads_callout(quote: etree.Element) -> bool:
    first = quote[0] if len(quote) else None
    return first is not None and first.tag == "p" and bool(first.text) and bool(_HEAD_RE.match(first.text.lstrip()))


def _as_cell(quote: etree.Element, kind: str, cell_class: str) -> etree.Element:
    """Empties ``quote`` into a one-cell table and returns the cell."""
    quote.clear()
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
