"""Inline link and image destinations as CommonMark (and Obsidian, and Clew's own link index in
notes.parsing) reads them, as a Python-Markdown extension.

After ``[text]`` comes ``(``, then a destination: ``<…>`` (any characters but a line ending or
``<``/``>``), or a run whose parentheses balance; then, after white space, an optional title in
``"…"``, ``'…'`` or ``(…)``; then ``)``. Anything else is no link and stays text:
``[link](foo⏎bar)``, ``[a](<b)c``, ``[x](a "b" c)``. Python-Markdown took any text up to the
matching parenthesis as the destination and knew no ``(title)``. Character references in a
destination or title are resolved (``f&ouml;&ouml;`` is ``föö``).

One leniency is kept on purpose, against CommonMark: a destination may hold spaces
(``[text](https://a.org/#:~:text=two words)``, as notes pasted from browsers have them), where
CommonMark wants ``<…>`` or ``%20``.

Python-Markdown's processors are subclassed; this extension must be set up before Clew's links
extension, which wraps them to mark the links they make."""

from __future__ import annotations

import html
import re

from markdown import Extension
from markdown.inlinepatterns import IMAGE_LINK_RE, LINK_RE, ImageInlineProcessor, LinkInlineProcessor
from markdown.util import ETX, STX

# White space between the parts: spaces and tabs, and at most one line ending.
_SPACE_RE = re.compile(r"[ \t]*(?:\n[ \t]*)?")
_ANGLE_RE = re.compile(r"<([^<>\n]*)>")
_TITLE_RE = re.compile(r'"([^"]*)"|\'([^\']*)\'|\(([^()]*)\)')
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_PLACEHOLDER_MARKS = (STX, ETX)


def _raw_destination(data: str, start: int) -> int:
    """The end of a destination without ``<>`` starting at ``start``: at a line ending, a control
    character, a ``)`` its parentheses do not open, or white space followed by a title and the
    closing ``)``; -1 when its parentheses do not balance. Escaped characters are
    Python-Markdown's placeholders by now (STX, the code, ETX): kept."""
    depth = 0
    at = start
    while at < len(data):
        char = data[at]
        if char in " \t" and depth == 0 and _tail(data, at) is not None:
            break
        if (ord(char) < 0x20 and char not in _PLACEHOLDER_MARKS) or char == "\x7f":
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        at += 1
    while at > start and data[at - 1] in " \t":
        at -= 1
    return at if depth == 0 else -1


def _tail(data: str, at: int) -> tuple[str | None, int] | None:
    """After a destination ending at ``at``: the title (or None) and the index after the closing
    ``)``, or None when no title and ``)`` follow."""
    spaced = _SPACE_RE.match(data, at).end()
    title = None
    found = _TITLE_RE.match(data, spaced)
    if found is not None and spaced > at:
        title = next(group for group in found.groups() if group is not None)
        if _BLANK_LINE_RE.search(title):
            return None
        spaced = _SPACE_RE.match(data, found.end()).end()
    if data[spaced:spaced + 1] != ")":
        return None
    return title, spaced + 1


def parse_destination(data: str, index: int) -> tuple[str, str | None, int] | None:
    """``(destination, title, end)`` for the ``(…)`` at ``data[index]``, or None if it is none."""
    if data[index:index + 1] != "(":
        return None
    at = _SPACE_RE.match(data, index + 1).end()
    angle = _ANGLE_RE.match(data, at)
    if angle is not None:
        destination, at = angle.group(1), angle.end()
    elif data[at:at + 1] == "<":
        return None
    else:
        end = _raw_destination(data, at)
        if end < 0:
            return None
        destination, at = data[at:end], end
    tail = _tail(data, at)
    if tail is None:
        return None
    return destination, tail[0], tail[1]


class _Destinations:
    """Python-Markdown's getLink, as CommonMark has it (see the module docstring)."""

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802 (Markdown's name)
        parsed = parse_destination(data, index)
        if parsed is None:
            return "", None, index, False
        destination, title, end = parsed
        href = html.unescape(self.unescape(destination))
        if title is not None:
            title = " ".join(html.unescape(self.unescape(title)).split("\n"))
        return href, title, end, True


class LinkProcessor(_Destinations, LinkInlineProcessor):
    pass


class ImageProcessor(_Destinations, ImageInlineProcessor):
    pass


class LinkDestinationsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.inlinePatterns.register(LinkProcessor(LINK_RE, md), "link", 160)
        md.inlinePatterns.register(ImageProcessor(IMAGE_LINK_RE, md), "image_link", 150)


def makeExtension(**kwargs) -> LinkDestinationsExtension:
    return LinkDestinationsExtension(**kwargs)
