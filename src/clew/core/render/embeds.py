"""Note embeds (``![[note]]``, ``![[note#section]]``): the embedded note rendered inline under a
header that links to it, with a guard against cycles (a note embedding itself, A→B→A) and depth."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from clew.core.index.graph import VaultIndex
from clew.core.links.fragments import find_heading_index, is_block_fragment, slug
from clew.core.links.hrefs import note_href, wikilink_label
from clew.core.links.model import LinkKind, Resolution, Unresolved
from clew.core.notes.parsing import parse_note
from clew.core.render.formulas import FormulaImages
from clew.core.render.markdown import render
from clew.core.text.note_text import MAX_NOTE_BYTES, NoteUnreadable, note_text
from clew.core.vault.files import Vault, is_note

MAX_EMBED_DEPTH = 3
# Heading anchors of an embedded note would compete with the outer note's own.
_ANCHOR_NAME_RE = re.compile(r'<a name="[^"]*"></a>')

Resolutions = Mapping[str, Resolution]
LoadNote = Callable[[str], "str | None"]


def embedded_resolutions(index: VaultIndex | None, path: str) -> dict[str, dict[str, Resolution]]:
    """For each note that ``path`` embeds (and they embed, to MAX_EMBED_DEPTH), the resolution of
    each of its link targets; taken from the index on the caller's thread, like resolutions_for."""
    found: dict[str, dict[str, Resolution]] = {}
    frontier, depth = [path], 0
    while frontier and depth < MAX_EMBED_DEPTH:
        depth += 1
        following = []
        for source in frontier:
            for link in index.outgoing(source) if index is not None else ():
                target = link.resolution.path
                if link.link.kind is LinkKind.EMBED and target and is_note(target) and target not in found:
                    found[target] = {}
                    for inner in index.outgoing(target):
                        found[target].setdefault(inner.link.target, inner.resolution)
                    following.append(target)
        frontier = following
    return found


def note_section(text: str, path: str, fragment: str) -> str | None:
    """The part of ``text`` a fragment names: a heading with what follows it down to the next
    heading of the same or a higher level, the paragraph or list item ending with ``^id``, or
    the block above a line holding only ``^id``."""
    fragment = fragment.strip()
    if not fragment:
        return text
    lines = text.split("\n")
    facts = parse_note(text, path)
    if is_block_fragment(fragment):
        marker = re.compile(rf"(?:^|\s)\^{re.escape(fragment[1:].strip())}[ \t]*$")
        at = next((i for i, line in enumerate(lines) if marker.search(line)), None)
        if at is None:
            return None
        alone = lines[at].strip().startswith("^")
        if alone:  # on a line of its own, the id names the whole block above it
            while at > 0 and not lines[at - 1].strip():
                at -= 1
            at -= 1
            if at < 0:
                return None
        start = at
        if alone or not re.match(r"\s*(?:[-*+]|\d+[.)])\s", lines[at]):
            while start > 0 and lines[start - 1].strip():
                start -= 1
        return "\n".join(lines[start : at + 1])
    headings = [(h.level, h.text, slug(h.text)) for h in facts.headings]
    found = find_heading_index(headings, fragment)
    if found is None:
        return None
    heading = facts.headings[found]
    end = next((h.line - 1 for h in facts.headings[found + 1 :] if h.level <= heading.level), len(lines))
    return "\n".join(lines[heading.line - 1 : end])


def vault_note_loader(vault: Vault) -> LoadNote:
    """Reads a note of ``vault`` by vault path; None when it cannot be read or its real location
    is outside the vault's boundary (Vault.holds: the boundary holds for embeds too)."""

    def load(path: str) -> str | None:
        absolute = vault.abs_path(path)
        try:
            if not vault.holds(absolute) or absolute.stat().st_size > MAX_NOTE_BYTES:
                return None
            note = note_text(absolute, vault.repairs, repair_now=True)
        except (OSError, RuntimeError, NoteUnreadable):
            return None
        return None if note.binary else note.text

    return load


def _box(header: str, body: str) -> str:
    return (f'<table class="embed" width="100%" border="1" cellspacing="0" cellpadding="8"><tr><td>'
            f'<p class="embed-title">{header}</p>\n{body}\n</td></tr></table>')


def _notice(text: str) -> str:
    return f'<p class="notice">{html.escape(text)}</p>'


@dataclass(frozen=True)
class NoteEmbedder:
    """Renders ``![[note#fragment]]`` as the note's HTML inside a box. ``chain`` holds the notes
    being rendered, the outermost first; ``resolutions`` the link resolutions of embeddable notes."""

    load_note: LoadNote
    resolutions: Mapping[str, Resolutions]
    image_url: Callable[[str], str] | None = None
    chain: tuple[str, ...] = ()
    math: FormulaImages | None = None
    strict_line_breaks: bool = False  # as the note embedding it

    def __call__(self, path: str, fragment: str) -> str:
        label = html.escape(wikilink_label(PurePosixPath(path).stem, fragment))
        header = f'<a class="internal" href="{html.escape(note_href(path, fragment))}" title="{html.escape(path)}">{label}</a>'
        if path in self.chain:
            return _box(header, _notice(f"Not shown again: {path} is already shown here "
                                        "(it embeds itself, directly or through other notes)."))
        if len(self.chain) > MAX_EMBED_DEPTH:
            return _box(header, _notice(f"Not shown: embeds are nested more than {MAX_EMBED_DEPTH} deep."))
        text = self.load_note(path)
        if text is None:
            return _box(header, _notice(f"{path} cannot be read."))
        section = note_section(text, path, fragment)
        if section is None:
            what = "block" if is_block_fragment(fragment) else "heading"
            return _box(header, _notice(f"No {what} “{fragment}” in {path}; nothing to show."))
        return _box(header, self._render(path, section))

    def _render(self, path: str, text: str) -> str:
        known = self.resolutions.get(path, {})

        def resolve(link) -> Resolution:
            return known.get(link.target) or Resolution(None, reason=Unresolved.NO_SUCH_FILE)

        inner = replace(self, chain=(*self.chain, path))
        rendered = render(text, path, resolve, image_url=self.image_url, embed_note=inner,
                          depth=len(inner.chain), math=self.math, strict_line_breaks=self.strict_line_breaks)
        return _ANCHOR_NAME_RE.sub("", rendered.html)


def embedder_for(vault: Vault, path: str, embedded: Mapping[str, Resolutions],
                 image_url: Callable[[str], str] | None = None, math: FormulaImages | None = None,
                 strict_line_breaks: bool = False) -> NoteEmbedder:
    """The embedder for the note at ``path``: built in the worker from plain data."""
    return NoteEmbedder(vault_note_loader(vault), embedded, image_url, (path,), math, strict_line_breaks)
