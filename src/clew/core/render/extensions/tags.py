"""Obsidian's inline ``#tags`` as chips, as a Python-Markdown extension.

A tag is what the index lists in the Tags panel (``TAG_RE`` over the note's prose), so the
chips and the panel agree: not in code (set aside before the inline patterns), not in a link's
text or target, not in a URL (magiclink has made it a link by then), not ``C#`` nor ``#123``.
A chip is a link ``tag:<name>``: activating it lists the tag's notes, as the Tags panel does."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import quote

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from clew.core.notes.parsing import TAG_RE

TAG_SCHEME = "tag"
TAG_CLASS = "tag"


def tag_href(tag: str) -> str:
    return f"{TAG_SCHEME}:{quote(tag, safe='/')}"


class TagInlineProcessor(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        tag = m.group(1)
        el = etree.Element("a", {"class": TAG_CLASS, "href": tag_href(tag), "title": f"Notes tagged #{tag}"})
        # Thin spaces pad the chip's background: Qt's rich text has no padding on inline text.
        el.text = AtomicString(f"\u00a0#{tag}\u00a0")
        return el, m.start(0), m.end(0)


class TagExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After magiclink (85) has made bare URLs links, so a URL's "#fragment" is never a tag.
        md.inlinePatterns.register(TagInlineProcessor(TAG_RE.pattern, md), "clew_tags", 84)


def makeExtension(**kwargs) -> TagExtension:
    return TagExtension(**kwargs)
