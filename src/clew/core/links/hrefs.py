"""Where a rendered link points: the hrefs Clew writes into note HTML, and the record of each link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from clew.core.links.model import How, Link, Resolution, Unresolved

NOTE_SCHEME = "note:"
UNRESOLVED_SCHEME = "unresolved:"
# A link whose resolution is not known yet (Unresolved.NOT_INDEXED): the vault is still being indexed.
PENDING_SCHEME = "pending:"
# A link that leads nowhere is underlined dashed, told apart without colour. Set inline on its
# anchor, where Qt reads it (from a style sheet, an anchor's own underline wins); walking the
# laid-out page to set it would add to every note's opening.
UNRESOLVED_UNDERLINE = "text-underline-style:dashed"
_MD_SUFFIX_RE = re.compile(r"\.md$", re.I)

Resolve = Callable[[Link], Resolution]
# (vault path of an embedded note, fragment) -> the HTML that shows it in place of the embed.
EmbedNote = Callable[[str, str], str]


@dataclass(frozen=True)
class RenderedLink:
    """A link placed in rendered HTML: the href written, the link as written, where it went.

    ``resolution`` is None for an external URL.
    """

    href: str
    link: Link
    resolution: Resolution | None

    @property
    def css_class(self) -> str:
        if self.resolution is None:
            return "external"
        if self.resolution.reason is Unresolved.NOT_INDEXED:
            return "pending"
        return "internal" if self.resolution.resolved else "unresolved"

    @property
    def style(self) -> str:
        """The inline style of its anchor (see UNRESOLVED_UNDERLINE)."""
        return UNRESOLVED_UNDERLINE if self.href.startswith(UNRESOLVED_SCHEME) else ""


def _with_fragment(href: str, fragment: str) -> str:
    return f"{href}#{quote(fragment)}" if fragment else href


def note_href(path: str, fragment: str = "") -> str:
    """``note:ai/My%20Note.md#Part`` for the vault file ``ai/My Note.md``."""
    return _with_fragment(NOTE_SCHEME + quote(path, safe="/"), fragment)


def unresolved_href(target: str, fragment: str = "") -> str:
    return _with_fragment(UNRESOLVED_SCHEME + quote(target), fragment)


def pending_href(target: str, fragment: str = "") -> str:
    return _with_fragment(PENDING_SCHEME + quote(target), fragment)


def default_image_url(path: str) -> str:
    return NOTE_SCHEME + quote(path, safe="/")


def wikilink_label(target: str, fragment: str) -> str:
    """What ``[[target#frag]]`` shows without ``|text``: ``target > frag``, no ``.md``."""
    parts = [_MD_SUFFIX_RE.sub("", target)] if target else []
    parts += [p for p in fragment.split("#") if p]
    return " > ".join(parts)


def place_link(
    link: Link,
    note_path: str,
    resolve: Resolve,
    find_anchor: Callable[[str], str | None] = lambda fragment: None,
) -> RenderedLink:
    """Resolve ``link`` (unless it is external) and choose its href.

    ``find_anchor(fragment)`` gives the anchor id of a heading of this note, for ``[[#Heading]]``.
    """
    if link.is_external:
        return RenderedLink(link.target, link, None)
    resolution = resolve(link)
    if not link.target and link.fragment:
        if not resolution.resolved:
            resolution = Resolution(note_path, How.SAME_NOTE)
        anchor = find_anchor(link.fragment)
        return RenderedLink("#" + anchor if anchor else note_href(note_path, link.fragment), link, resolution)
    if resolution.path is not None:
        return RenderedLink(note_href(resolution.path, link.fragment), link, resolution)
    if resolution.reason is Unresolved.NOT_INDEXED:
        return RenderedLink(pending_href(link.target, link.fragment), link, resolution)
    return RenderedLink(unresolved_href(link.target, link.fragment), link, resolution)
