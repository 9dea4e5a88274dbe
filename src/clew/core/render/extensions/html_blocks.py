"""Raw HTML blocks as CommonMark (and Obsidian) reads them, as a Python-Markdown extension.

Python-Markdown takes a block-level element from its start tag to its matching end tag as raw
HTML, so Markdown written between ``<div>`` and ``</div>`` (a list inside ``<details>``, say)
shows as raw text. CommonMark ends most HTML blocks at the first blank line; what follows is
Markdown again, and the closing tag is an HTML block of its own. This preprocessor sets each
HTML block aside, by CommonMark's seven start and end conditions, before Python-Markdown's own
HTML reader runs; a postprocessor keeps the blocks out of paragraphs (a line holding only
``<img …>`` is a block, as in CommonMark, not a paragraph)."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|"
    "dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|"
    "iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|"
    "summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
_ATTRIBUTE = r"""\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""
_OPEN_TAG = rf"<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*\s*/?>"
_CLOSE_TAG = r"</[A-Za-z][A-Za-z0-9-]*\s*>"
# CommonMark's start conditions 1-6, each with its end condition (None: the next blank line).
HTML_BLOCK_KINDS = (
    (re.compile(r"^ {0,3}<(?:pre|script|style|textarea)(?:\s|>|$)", re.I),
     re.compile(r"</(?:pre|script|style|textarea)>", re.I)),
    (re.compile(r"^ {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r"^ {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r"^ {0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"^ {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
)
# Condition 7: a whole open or closing tag alone on its line; it cannot interrupt a paragraph.
LONE_TAG_RE = re.compile(rf"^ {{0,3}}(?:{_OPEN_TAG}|{_CLOSE_TAG})\s*$")
# A stash placeholder alone in a paragraph (markdown.util.HTML_PLACEHOLDER).
_WRAPPED_RE = re.compile("<p>(\x02wzxhzdk:\\d+\x03)</p>")
_LIST_ITEM_RE = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def starts_html_block(line: str, after_paragraph: bool = True) -> bool:
    """True when ``line`` starts an HTML block (after a paragraph line, if ``after_paragraph``)."""
    return any(start.match(line) for start, _ in HTML_BLOCK_KINDS) or (not after_paragraph and bool(LONE_TAG_RE.match(line)))


def _block_end(lines: list[str], i: int) -> int | None:
    """The index after the HTML block starting at ``lines[i]``, or None if none starts there."""
    for start, end in HTML_BLOCK_KINDS:
        if start.match(lines[i]):
            break
    else:
        if not LONE_TAG_RE.match(lines[i]) or (i > 0 and lines[i - 1].strip()):
            return None
        end = None
    j = i
    if end is None:
        while j < len(lines) and lines[j].strip():
            j += 1
        return j
    while j < len(lines) and not end.search(lines[j]):
        j += 1
    return min(j + 1, len(lines))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class HtmlBlockPreprocessor(Preprocessor):
    """Stashes each HTML block, blank lines around its placeholder. Runs after fenced code is
    set aside and nested lists are re-indented; a line indented inside a list item is left to
    Python-Markdown (it belongs to the item)."""

    def __init__(self, md, placeholders: set[str]) -> None:
        super().__init__(md)
        self.placeholders = placeholders

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line for line in lines):
            return lines
        out: list[str] = []
        in_list = False
        i = 0
        while i < len(lines):
            line = lines[i]
            if _LIST_ITEM_RE.match(line):
                in_list = True
            elif line.strip() and _indent(line) == 0:
                in_list = False
            end = None
            if line.lstrip(" ").startswith("<") and (_indent(line) == 0 or not in_list):
                end = _block_end(lines, i)
            if end is None:
                out.append(line)
                i += 1
                continue
            placeholder = self.md.htmlStash.store("\n".join(lines[i:end]))
            self.placeholders.add(placeholder)
            out += ["", placeholder, ""]
            i = end
        return out


class UnwrapPostprocessor(Postprocessor):
    """An HTML block stands alone: the paragraph Python-Markdown put its placeholder in goes.
    Runs before the stash is put back; more than once per note (toc runs the postprocessors on
    its own HTML too), so the placeholders are forgotten only at the next reset."""

    def __init__(self, md, placeholders: set[str]) -> None:
        super().__init__(md)
        self.placeholders = placeholders

    def run(self, text: str) -> str:
        if not self.placeholders:
            return text
        return _WRAPPED_RE.sub(lambda m: m.group(1) if m.group(1) in self.placeholders else m.group(0), text)


class HtmlBlocksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        self.placeholders: set[str] = set()
        # After fenced code (25) and the list re-indenting (24, 23); before Python-Markdown's
        # own HTML block reader (20).
        md.preprocessors.register(HtmlBlockPreprocessor(md, self.placeholders), "clew_html_blocks", 21)
        # Before the stash is put back (raw_html, 30).
        md.postprocessors.register(UnwrapPostprocessor(md, self.placeholders), "clew_html_unwrap", 31)

    def reset(self) -> None:
        self.placeholders.clear()


def makeExtension(**kwargs) -> HtmlBlocksExtension:
    return HtmlBlocksExtension(**kwargs)
