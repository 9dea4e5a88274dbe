"""Note text -> HTML for the note view (Markdown or plain text), with every link placed and the headings."""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, replace
from html import escape
from pathlib import PurePosixPath
from typing import Callable

import markdown
from markdown.extensions.toc import slugify_unicode

from clew.core.links.hrefs import EmbedNote, RenderedLink, Resolve, place_link, wikilink_label
from clew.core.links.model import Link, LinkKind, split_wikilink
from clew.core.notes.parsing import BARE_URL_RE, FRONT_MATTER_RE, trim_url
from clew.core.render.extensions import (
    admonitions, autolinks, block_ids, blocks, callouts, code_spans, comments, commonmark_blocks, escapes,
    external_mark, hard_breaks, html_blocks, inline_footnotes, link_destinations, link_labels, links, math_blocks,
    plugin_fences, qt_richtext, tags, task_markers,
)
from clew.core.render.formulas import FormulaImages
from clew.core.render.note_css import stylesheet

__all__ = [
    "MarkdownRenderer",
    "RenderedLink",
    "RenderedNote",
    "render",
    "render_note",
    "render_text",
    "stylesheet",
]

MARKDOWN_EXTENSIONS = (
    "tables",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "footnotes",
    "sane_lists",
    "toc",
    "pymdownx.tasklist",
    "pymdownx.tilde",
    "pymdownx.magiclink",
    # A heading needs a space after its "#", as in Obsidian: "#tag1 #tag2" is a line of tags.
    "pymdownx.saneheaders",
    "pymdownx.mark",  # ==highlight==
)
MARKDOWN_CONFIGS = {
    "tables": {"use_align_attribute": True},
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False, "css_class": "codehilite"},
    # Mermaid, Dataview and search blocks: labelled, not anonymous code.
    "pymdownx.superfences": {"custom_fences": plugin_fences.CUSTOM_FENCES},
    "toc": {"slugify": slugify_unicode},
    # Obsidian has no ~subscript~; "~99" in a sentence must stay as written.
    "pymdownx.tilde": {"subscript": False},
}
# In plain text: a wikilink, or a bare URL.
_TEXT_LINK_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]|" + BARE_URL_RE.pattern, re.I)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.I)


@dataclass(frozen=True)
class RenderedNote:
    """The HTML body (no <html>/<head>), every link placed in it in order, and the headings
    as (level, text, anchor id) in order."""

    html: str
    links: tuple[RenderedLink, ...]
    headings: tuple[tuple[int, str, str], ...]


def _blank_lines(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


class MarkdownRenderer:
    """One Python-Markdown set-up with Clew's extensions, reset and reused note after note.
    Calls are serialised, so one renderer may be shared between threads. A single newline in a
    paragraph is a line break, as in Obsidian, unless ``strict_line_breaks`` (Obsidian's
    "Strict line breaks": then it is a space, as in CommonMark)."""

    def __init__(self, strict_line_breaks: bool = False) -> None:
        self._lock = threading.Lock()
        self.strict_line_breaks = strict_line_breaks
        self._build()

    def _build(self) -> None:
        self._links = links.makeExtension()
        self._math = math_blocks.makeExtension()
        self._md = markdown.Markdown(
            extensions=[
                *MARKDOWN_EXTENSIONS,
                link_destinations.makeExtension(),  # before the links extension, which wraps its processors
                self._links,
                self._math,
                comments.makeExtension(),
                blocks.makeExtension(),
                qt_richtext.makeExtension(),
                callouts.makeExtension(),
                admonitions.makeExtension(),
                external_mark.makeExtension(),
                task_markers.makeExtension(),
                tags.makeExtension(),
                block_ids.makeExtension(),
                hard_breaks.makeExtension(),
                *(() if self.strict_line_breaks else ("nl2br",)),
                commonmark_blocks.makeExtension(),
                html_blocks.makeExtension(),
                autolinks.makeExtension(),
                inline_footnotes.makeExtension(),
                code_spans.makeExtension(),
                escapes.makeExtension(),
                link_labels.makeExtension(),
            ],
            extension_configs=MARKDOWN_CONFIGS,
            output_format="html",
        )

    def render(
        self, text: str, note_path: str, resolve: Resolve, image_url: Callable[[str], str] | None = None,
        embed_note: EmbedNote | None = None, math: FormulaImages | None = None,
    ) -> RenderedNote:
        # Front matter is not shown; blank lines keep the line numbers of links true.
        body = FRONT_MATTER_RE.sub(_blank_lines, text, count=1)
        with self._lock:
            self._md.reset()
            self._links.configure(note_path, resolve, image_url, embed_note)
            self._math.configure(math)
            try:
                html = self._md.convert(body)
            except BaseException:
                # reset() does not undo everything a conversion cut short leaves behind (the
                # block parser's state stack, for one): start afresh.
                self._build()
                raise
            return RenderedNote(html, tuple(self._links.links), tuple(self._links.headings))


@functools.lru_cache(maxsize=None)
def default_renderer(depth: int = 0, strict_line_breaks: bool = False) -> MarkdownRenderer:
    """One renderer per embed depth (an embedded note is rendered while its host's render runs)
    and line-break mode."""
    return MarkdownRenderer(strict_line_breaks)


def render_note(
    text: str, note_path: str, resolve: Resolve, *, image_url: Callable[[str], str] | None = None,
    embed_note: EmbedNote | None = None, depth: int = 0, math: FormulaImages | None = None,
    strict_line_breaks: bool = False,
) -> RenderedNote:
    """Render a Markdown note. ``image_url`` maps an image's vault path to its src (default
    ``note:<path>``); ``embed_note(path, fragment)`` gives the HTML of a note embed (default: a
    link card); ``depth`` is how deep in embeds this note is; ``math`` draws formulas (without
    it they show as source); ``strict_line_breaks`` makes a single newline a space instead of a
    line break. May raise on hostile input; ``render`` falls back to plain text."""
    return default_renderer(depth, strict_line_breaks).render(text, note_path, resolve, image_url, embed_note, math)


def _text_line(line: str, number: int, note_path: str, resolve: Resolve, found: list[RenderedLink]) -> str:
    out: list[str] = []
    pos = 0
    for match in _TEXT_LINK_RE.finditer(line):
        if match.group(1) is not None:
            target, fragment, shown = split_wikilink(match.group(1))
            if not (target or fragment):
                continue
            link = Link(LinkKind.WIKI, target, fragment, shown, number)
            rendered = place_link(link, note_path, resolve)
            label, end = shown or wikilink_label(target, fragment), match.end()
        else:
            url = trim_url(match.group(0))
            if not _URL_RE.fullmatch(url):
                continue
            href = url if "://" in url else "http://" + url
            rendered = RenderedLink(href, Link(LinkKind.URL, href, "", url, number), None)
            label, end = url, match.start() + len(url)
        found.append(rendered)
        title = f' title="{escape(rendered.resolution.describe())}"' if rendered.resolution else ""
        style = f' style="{rendered.style}"' if rendered.style else ""
        anchor = f'<a class="{rendered.css_class}" href="{escape(rendered.href)}"{style}{title}>{escape(label)}</a>'
        out += [escape(line[pos : match.start()]), anchor]
        pos = end
    out.append(escape(line[pos:]))
    return "".join(out)


def render_text(text: str, note_path: str, resolve: Resolve) -> RenderedNote:
    """Render a plain-text note: paragraphs at blank lines, line breaks kept, URLs and
    wikilinks made links."""
    found: list[RenderedLink] = []
    paragraphs: list[list[str]] = [[]]
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if line.strip():
            paragraphs[-1].append(_text_line(line, number, note_path, resolve, found))
        elif paragraphs[-1]:
            paragraphs.append([])
    html = "\n".join("<p>" + "<br>\n".join(lines) + "</p>" for lines in paragraphs if lines)
    return RenderedNote(html, tuple(found), ())


def _reason(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return message if len(message) <= 200 else message[:199] + "…"


def render(
    text: str, note_path: str, resolve: Resolve, *, image_url: Callable[[str], str] | None = None,
    embed_note: EmbedNote | None = None, depth: int = 0, math: FormulaImages | None = None,
    strict_line_breaks: bool = False,
) -> RenderedNote:
    """Render a note by its kind: ``.txt`` as plain text, anything else as Markdown. A note that
    Markdown fails on is shown as plain text under a notice that says why."""
    if PurePosixPath(note_path).suffix.lower() == ".txt":
        return render_text(text, note_path, resolve)
    try:
        return render_note(text, note_path, resolve, image_url=image_url, embed_note=embed_note, depth=depth,
                           math=math, strict_line_breaks=strict_line_breaks)
    except Exception as exc:  # whatever Markdown fails with, the note is still shown
        plain = render_text(text, note_path, resolve)
        notice = (
            f'<p class="notice">This note could not be rendered as Markdown ({escape(_reason(exc))}); '
            "it is shown as plain text.</p>\n"
        )
        return replace(plain, html=notice + plain.html)
