"""A note's links as the index answers them: its numbers into the pool of answers turned back
into ResolvedLinks, and a link's fragment checked against the note it reaches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from clew.core.index.resolution_pool import AnswerPool
from clew.core.index.results import ResolvedLink
from clew.core.links.fragments import is_block_fragment, names_something
from clew.core.links.model import Link, Unresolved
from clew.core.notes.parsing import Heading, NoteFacts
from clew.core.vault.files import is_note


def pool_numbers(picks: bytes) -> memoryview:
    """A note's links' numbers into the pool, as the index keeps them (array "I" bytes)."""
    return memoryview(picks).cast("I")


def links_answered(source: str, picks: bytes, pool: AnswerPool, links: Callable[[], tuple[Link, ...]],
                   wanted: Callable[[int], bool]) -> list[ResolvedLink]:
    """The links of ``source`` whose answer's number is ``wanted``, with their answers.
    ``links()``, the note's links, is asked only when one is: reading a note's facts back
    from the store is the dear part, and most notes a query looks at have none."""
    places = [(place, number) for place, number in enumerate(pool_numbers(picks)) if wanted(number)]
    if not places:
        return []
    written = links()
    return [ResolvedLink(source, written[place], pool.resolution(number)) for place, number in places
            if place < len(written)]


def by_source_and_line(found: list[ResolvedLink]) -> list[ResolvedLink]:
    found.sort(key=lambda r: (r.source, r.link.line))
    return found


def _with_anchors(headings: tuple[Heading, ...]) -> list[tuple[int, str, str]]:
    """A note's headings as fragments are matched against them: (level, text, anchor). A note
    has no anchor ids of its own outside the renderer: its text stands in (``_match`` compares
    a heading's slug with the fragment's only when the text matched nothing, and slugs
    nothing until then)."""
    return [(h.level, h.text, h.text) for h in headings]


def fragment_checked(resolved: ResolvedLink, facts: Callable[[str], NoteFacts | None]) -> ResolvedLink:
    """``resolved`` with its fragment checked against the note it reached (``facts(path)``): a
    heading or block that is not there becomes the resolution's ``reason``."""
    resolution, fragment = resolved.resolution, resolved.link.fragment
    note = facts(resolution.path) if resolution.path and fragment else None
    if note is None:
        return resolved
    if names_something(fragment, _with_anchors(note.headings), note.block_ids) or not is_note(resolution.path):
        return resolved
    reason = Unresolved.BLOCK_NOT_FOUND if is_block_fragment(fragment) else Unresolved.HEADING_NOT_FOUND
    return replace(resolved, resolution=replace(resolution, reason=reason))
