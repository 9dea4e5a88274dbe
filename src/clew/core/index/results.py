"""What the vault index answers with: a link and where it leads, a note's names."""

from __future__ import annotations

from dataclasses import dataclass

from clew.core.links.model import Link, Resolution


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """A link of ``source`` and the file it means (``resolution.path``) or why none; and the
    line it is written on, once read (``clew.core.index.source_lines.with_context``)."""

    source: str
    link: Link
    resolution: Resolution
    context: str = ""


@dataclass(frozen=True, slots=True)
class NoteNames:
    """What lists of every note show of each (the switcher, the tags panel, mentions): known
    for every note without reading its facts back from the store."""

    title: str
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
