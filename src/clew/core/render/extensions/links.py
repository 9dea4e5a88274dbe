"""Python-Markdown extension for Clew's links: wikilinks and embeds, vault hrefs, heading anchors.

Wikilinks (``[[…]]``, ``![[…]]``) become links or images; the links and images Python-Markdown
parsed itself get vault hrefs; every link placed is recorded (``links``) with its source line,
and each heading gets an ``<a name>`` (QTextBrowser scrolls to names) and a ``headings`` entry.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Callable

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from clew.core.links.hrefs import (
    EmbedNote,
    RenderedLink,
    Resolve,
    default_image_url,
    place_link,
    wikilink_label,
)
from clew.core.links.fragments import find_heading
from clew.core.links.model import How, Link, LinkKind, Resolution, Unresolved, split_destination, split_wikilink
from clew.core.render.extensions.tags import TAG_CLASS
from clew.core.vault.files import is_image, is_note

WIKILINK_RE = r"(!?)\[\[([^\[\]\n]*)\]\]"
KIND_ATTR = "data-clew-kind"
RAW_ATTR = "data-clew-raw"
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Python-Markdown's own link processors (name, priority) and the kind of link each one makes.
MARKDOWN_LINK_PROCESSORS = (
    ("reference", 170, LinkKind.REFERENCE),
    ("link", 160, LinkKind.MARKDOWN),
    ("image_link", 150, LinkKind.IMAGE),
    ("image_reference", 140, LinkKind.IMAGE),
    ("short_reference", 130, LinkKind.REFERENCE),
    ("short_image_ref", 125, LinkKind.IMAGE),
)
_STASHED_RE = re.compile("\x02[^\x03]*\x03")
_SIZE_RE = re.compile(r"^\s*(\d+)\s*(?:x\s*(\d+)\s*)?$")

Headings = list[tuple[int, str, str]]


def _plain_text(el: etree.Element) -> str:
    return _STASHED_RE.sub("", "".join(el.itertext())).strip()


def _alone_in_paragraph(el: etree.Element, parent: etree.Element | None) -> bool:
    return parent is not None and parent.tag == "p" and _alone_in_block(el, parent)


def _alone_in_block(el: etree.Element, parent: etree.Element | None) -> bool:
    """True when ``el`` is all there is in its paragraph or list item."""
    if parent is None or parent.tag not in ("p", "li") or len(parent) != 1:
        return False
    return not (parent.text or "").strip() and not (el.tail or "").strip()


def _split_size(text: str) -> tuple[str, str | None, str | None]:
    """``caption|300x200`` -> ("caption", "300", "200"); ``300`` -> ("", "300", None)."""
    head, bar, last = text.rpartition("|")
    size = _SIZE_RE.match(last)
    if size is None:
        return text, None, None
    return (head if bar else ""), size.group(1), size.group(2)


class WikilinkInlineProcessor(InlineProcessor):
    """``[[target#frag|text]]`` and ``![[…]]`` -> a marked ``<a>`` for the tree processor."""

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        target, fragment, text = split_wikilink(m.group(2))
        escaped = m.start(0) > 0 and data[m.start(0) - 1] == "\\"
        if escaped or not (target or fragment):
            return None, None, None
        embed = bool(m.group(1))
        el = etree.Element("a")
        el.set(KIND_ATTR, (LinkKind.EMBED if embed else LinkKind.WIKI).value)
        el.set(RAW_ATTR, m.group(0))
        el.text = text if text and not embed else AtomicString(wikilink_label(target, fragment))
        return el, m.start(0), m.end(0)


class MarkingInlineProcessor(InlineProcessor):
    """Wraps one of Python-Markdown's link processors: marks what it makes with the link kind
    and the source text it matched, so the tree processor can tell links apart and find lines."""

    def __init__(self, inner: InlineProcessor, kind: LinkKind) -> None:
        super().__init__(inner.pattern, inner.md)
        self.inner = inner
        self.kind = kind
        self.ANCESTOR_EXCLUDES = inner.ANCESTOR_EXCLUDES

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]
        el, start, end = self.inner.handleMatch(m, data)
        if isinstance(el, etree.Element):
            el.set(KIND_ATTR, self.kind.value)
            el.set(RAW_ATTR, data[start:end])
        return el, start, end


class SourcePreprocessor(Preprocessor):
    """Keeps the source as given, for line numbers."""

    def __init__(self, md, ext: "ClewLinksExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.source = "\n".join(lines)
        return lines


class _Locator:
    """Finds the 1-based source line of each link, in document order."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cursor = 0
        # The lines are counted on from the last link's place, not from the start for each
        # link: a note of 50,000 links took 12 s to render, most of it counting line ends.
        self._counted_to = 0
        self._line = 1

    def find(self, needles: list[str]) -> int:
        """The line of the first needle found after the previous link, else anywhere; else 0."""
        needles = [n for n in needles if n and "\x02" not in n]
        for needle in needles:
            pos = self.source.find(needle, self.cursor)
            if pos >= 0:
                self.cursor = pos + len(needle)
                return self._line_at(pos)
        for needle in needles:
            pos = self.source.find(needle)
            if pos >= 0:
                return self._line_at(pos)
        return 0

    def _line_at(self, pos: int) -> int:
        if pos < self._counted_to:  # found before the last link (the search from the start)
            self._counted_to, self._line = 0, 1
        self._line += self.source.count("\n", self._counted_to, pos)
        self._counted_to = pos
        return self._line


class LinkTreeprocessor(Treeprocessor):
    """Gives headings anchors, and every link and image its vault href, in document order."""

    def __init__(self, md, ext: "ClewLinksExtension") -> None:
        super().__init__(md)
        self.ext = ext
        self.locator = _Locator("")

    def run(self, root: etree.Element) -> None:
        names = {}
        stack = list(getattr(self.md, "toc_tokens", []))
        while stack:
            token = stack.pop()
            names[token["id"]] = html.unescape(token["name"])
            stack.extend(token["children"])
        elements = list(root.iter())
        parents = {child: parent for parent in elements for child in parent}
        headings = self.ext.headings
        for el in elements:
            if el.tag in HEADING_TAGS and el.get("id"):
                anchor = el.get("id")
                headings.append((int(el.tag[1]), names.get(anchor) or _plain_text(el), anchor))
                name = etree.Element("a", {"name": anchor})
                name.tail, el.text = el.text, None
                el.insert(0, name)
        self.locator = _Locator(self.ext.source)
        for el in elements:
            kind = el.attrib.pop(KIND_ATTR, None)
            raw = el.attrib.pop(RAW_ATTR, "")
            if kind is not None:
                self._place(el, LinkKind(kind), raw, parents.get(el))
            elif el.tag == "a":
                self._place_url(el)

    def _record(self, rendered: RenderedLink) -> RenderedLink:
        self.ext.links.append(rendered)
        return rendered

    def _link(self, kind: LinkKind, target: str, fragment: str, text: str, needles: list[str]) -> RenderedLink:
        """Make the Link (with its line), place it, and record it."""
        link = Link(kind, target, fragment, text, self.locator.find(needles))
        ext = self.ext
        rendered = place_link(link, ext.note_path, ext.resolve, lambda f: find_heading(ext.headings, f))
        return self._record(rendered)

    def _place_url(self, el: etree.Element) -> None:
        href = el.get("href", "")
        target = html.unescape(href.replace(AMP_SUBSTITUTE, "&"))
        if not Link(LinkKind.URL, target).is_external or el.get("class") == TAG_CLASS:  # a tag chip leads nowhere
            return
        line = self.locator.find([target, target.removeprefix("http://")])
        self._record(RenderedLink(href, Link(LinkKind.URL, target, "", _plain_text(el), line), None))
        el.set("class", "external")

    def _place(self, el: etree.Element, kind: LinkKind, raw: str, parent: etree.Element | None) -> None:
        if kind in (LinkKind.WIKI, LinkKind.EMBED):
            target, fragment, text = split_wikilink(raw[3 if kind is LinkKind.EMBED else 2 : -2])
            if "\x02" in text:  # inline code in the shown text, set aside by now
                text = _plain_text(el)
            needles = [raw, "[[" + target]
        else:
            written = el.get("src" if el.tag == "img" else "href", "")
            target, fragment = split_destination(written)
            text = el.get("alt", "") if el.tag == "img" else _plain_text(el)
            needles = [raw, "(" + written, written]
        rendered = self._link(kind, target, fragment, text, needles)
        if kind.embeds:
            self._embed(el, rendered, parent)
        else:
            self._anchor(el, rendered)

    def _anchor(self, el: etree.Element, rendered: RenderedLink) -> None:
        el.set("href", rendered.href)
        el.set("class", rendered.css_class)
        if rendered.style:
            el.set("style", rendered.style)
        resolution = rendered.resolution
        if resolution is not None and not rendered.href.startswith("#") and not el.get("title"):
            el.set("title", resolution.describe())

    def _embed(self, el: etree.Element, rendered: RenderedLink, parent: etree.Element | None) -> None:
        link, resolution = rendered.link, rendered.resolution
        caption, width, height = _split_size(link.text)
        title = el.get("title")
        for child in list(el):
            el.remove(child)
        el.attrib.clear()
        if resolution is None:
            # An image on the web. The page cleaner (render.safety) shows its address instead unless
            # the user allows remote images: one rule for Markdown images and raw <img> alike.
            el.tag, el.text = "img", None
            el.set("src", link.target)
            el.set("alt", caption or link.target)
            for name, value in (("width", width), ("height", height)):
                if value:
                    el.set(name, value)
        elif resolution.path is not None and is_image(resolution.path):
            image = el
            if resolution.how is How.FILE_NAME_FALLBACK:
                # The path as written leaves the vault: say which file is shown instead, visibly.
                el.tag, el.text = "span", None
                image = etree.SubElement(el, "img")
                note = etree.SubElement(el, "span", {"class": "found-by-name"})
                note.text = AtomicString(f" (found by file name: {resolution.path})")
            image.tag, image.text = "img", None
            image.set("src", self.ext.image_url(resolution.path))
            image.set("alt", caption or link.target)
            for name, value in (("width", width), ("height", height), ("title", title)):
                if value:
                    image.set(name, value)
            if _alone_in_paragraph(el, parent):
                parent.set("class", "image")  # its own line height: no reading leading under a picture
        elif (resolution.path is not None and link.kind is LinkKind.EMBED and is_note(resolution.path)
              and self.ext.embed_note is not None and _alone_in_block(el, parent)):
            # The embedded note's HTML replaces the paragraph (or list item text) holding the embed.
            parent.remove(el)
            parent.text = self.md.htmlStash.store(self.ext.embed_note(resolution.path, link.fragment))
        elif (resolution.path is None and resolution.reason is not Unresolved.NOT_INDEXED
              and (link.kind is LinkKind.IMAGE or is_image(link.target))):
            el.tag, el.text = "span", "missing image: "
            el.set("class", "unresolved")
            missing = etree.SubElement(el, "a", {"href": rendered.href, "class": "unresolved", "style": rendered.style})
            missing.set("title", resolution.describe())
            missing.text = AtomicString(link.target)
        else:  # another file (a PDF…), or a note embedded within a line of text: a link card
            el.tag, el.text = "a", AtomicString(caption or wikilink_label(link.target, link.fragment))
            self._anchor(el, rendered)
            if _alone_in_paragraph(el, parent):
                parent.set("class", "embed")


class ClewLinksExtension(Extension):
    """``note_path``: vault path of the note being rendered; ``resolve``: Link -> Resolution
    (default: nothing resolves); ``image_url``: vault path -> image src (default ``note:<path>``);
    ``embed_note``: (note path, fragment) -> HTML shown for ``![[note]]`` (default: a link card).
    Set them with ``configure`` before each conversion; after it, read ``links`` and ``headings``."""

    def __init__(
        self,
        note_path: str = "",
        resolve: Resolve | None = None,
        image_url: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.configure(note_path, resolve, image_url)
        self.reset()

    def configure(
        self, note_path: str, resolve: Resolve | None, image_url: Callable[[str], str] | None,
        embed_note: EmbedNote | None = None,
    ) -> None:
        self.note_path = note_path
        self.resolve: Resolve = resolve or (lambda _link: Resolution(None))
        self.image_url = image_url or default_image_url
        self.embed_note = embed_note

    def reset(self) -> None:
        self.source = ""
        self.links: list[RenderedLink] = []
        self.headings: Headings = []

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        md.preprocessors.register(SourcePreprocessor(md, self), "clew_source", 100)
        md.inlinePatterns.register(WikilinkInlineProcessor(WIKILINK_RE, md), "clew_wikilink", 185)
        for name, priority, kind in MARKDOWN_LINK_PROCESSORS:
            md.inlinePatterns.register(MarkingInlineProcessor(md.inlinePatterns[name], kind), name, priority)
        md.treeprocessors.register(LinkTreeprocessor(md, self), "clew_links", -1)


def makeExtension(**kwargs) -> ClewLinksExtension:
    return ClewLinksExtension(**kwargs)
