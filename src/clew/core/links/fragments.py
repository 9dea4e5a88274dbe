"""Which heading or block a link's ``#fragment`` names (docs/LINKS.md, "Fragments"), for the index and the view."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown.extensions.toc import slugify_unicode

# (level, text, anchor id): a heading as the renderer lists it.
Heading = tuple[int, str, str]

_NOT_WORD_RE = re.compile(r"[\W_]+")


def loose(text: str) -> str:
    """Text compared loosely: lower case, punctuation and runs of spaces as one space."""
    return _NOT_WORD_RE.sub(" ", text.lower()).strip()


def slug(text: str) -> str:
    """The GitHub-style anchor of a heading: ``What is Foam?`` -> ``what-is-foam``."""
    return slugify_unicode(text, "-")


def is_block_fragment(fragment: str) -> bool:
    return fragment.strip().startswith("^")


def _match(headings: Sequence[Heading], scope: range, part: str) -> int | None:
    """Exact text, then text compared loosely, then the anchor id or the GitHub-style slug.
    Slugs are made only when the text matched nothing: most fragments name a heading by its
    text, and `clew check` would otherwise slug every heading of every note linked to."""
    for i in scope:
        if headings[i][1] == part:
            return i
    wanted_loose = loose(part)
    for i in scope:
        if loose(headings[i][1]) == wanted_loose:
            return i
    wanted_slug = slug(part)
    for i in scope:
        level, text, anchor = headings[i]
        if anchor == part or anchor == wanted_slug or slug(text) == wanted_slug:
            return i
    return None


def find_heading_index(headings: Sequence[Heading], fragment: str) -> int | None:
    """The position in ``headings`` of the heading ``fragment`` names (``H1#H2``: H2 under H1)."""
    found: int | None = None
    for part in (p.strip() for p in fragment.split("#")):
        if not part:
            continue
        start = 0 if found is None else found + 1
        stop = len(headings)
        if found is not None:
            level = headings[found][0]
            stop = next((i for i in range(start, len(headings)) if headings[i][0] <= level), stop)
        found = _match(headings, range(start, stop), part)
        if found is None:
            return None
    return found


def find_heading(headings: Sequence[Heading], fragment: str) -> str | None:
    """The anchor id of the heading ``fragment`` names, or None."""
    found = find_heading_index(headings, fragment)
    return headings[found][2] if found is not None else None


def block_anchor(block_id: str) -> str:
    """The anchor name the renderer gives the paragraph or list item ending with ``^block_id``."""
    return "^" + block_id


def names_something(fragment: str, headings: Sequence[Heading], block_ids: Sequence[str]) -> bool:
    """True when ``fragment`` names a heading (or ``^id`` a block) of a note with these."""
    fragment = fragment.strip()
    if not fragment:
        return True
    if is_block_fragment(fragment):
        return fragment[1:].strip() in block_ids
    return find_heading_index(headings, fragment) is not None


def find_anchor(fragment: str, headings: Sequence[Heading], html: str) -> str | None:
    """The anchor in a rendered note (its ``headings`` and ``html``) that ``fragment`` names."""
    if is_block_fragment(fragment):
        anchor = block_anchor(fragment.strip()[1:].strip())
        return anchor if f'<a name="{anchor}">' in html else None
    return find_heading(headings, fragment)
