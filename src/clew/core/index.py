"""The vault's link graph: forward links, backlinks, unresolved links; updated per changed file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from clew.core.fragments import is_block_fragment, names_something, slug
from clew.core.links import Link, LinkKind, Resolution, Unresolved
from clew.core.multimap import StringMultimap
from clew.core.parsing import Heading, NoteFacts
from clew.core.resolver import Resolver, file_keys, target_key
from clew.core.vault import is_note


@lru_cache(maxsize=4096)
def _with_anchors(headings: tuple[Heading, ...]) -> list[tuple[int, str, str]]:
    """A note's headings as fragments are matched against them: (level, text, slug). Remembered,
    as the links to one note ask for its headings again and again."""
    return [(h.level, h.text, slug(h.text)) for h in headings]


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """A link of ``source`` and the file it means (``resolution.path``) or why none; and the
    line it is written on, once read (``clew.core.link_context.with_context``)."""

    source: str
    link: Link
    resolution: Resolution
    context: str = ""


_NO_LINKS: tuple[tuple, tuple] = ((), ())
_EXTERNAL = Resolution(None)  # a URL: nothing in the vault to reach


class VaultIndex:
    """Which note links to which file. Every change is applied per file: a new or deleted file
    re-resolves only the links whose target names it; an edited note re-resolves only its own."""

    def __init__(self) -> None:
        self.resolver = Resolver()
        self._facts: dict[str, NoteFacts] = {}
        # source -> (its links, what each one reached): ResolvedLinks are made when asked for, as
        # a big vault's million of them would cost ~60 MB kept.
        self._outgoing: dict[str, tuple[tuple[Link, ...], tuple[Resolution, ...]]] = {}
        self._incoming = StringMultimap()  # path -> the notes with a link that reaches it
        self._sources_by_key = StringMultimap()  # target_key -> the notes with a link of that key
        self._sorted_notes: list[str] | None = None  # notes(), until the next note comes or goes

    # -- queries -------------------------------------------------------------------------------

    @property
    def note_count(self) -> int:
        return len(self._facts)

    def notes(self) -> list[str]:
        if self._sorted_notes is None:
            self._sorted_notes = sorted(self._facts)
        return list(self._sorted_notes)

    def __contains__(self, path: str) -> bool:
        return path in self.resolver

    def facts(self, path: str) -> NoteFacts | None:
        return self._facts.get(path)

    def outgoing(self, path: str) -> tuple[ResolvedLink, ...]:
        links, resolutions = self._outgoing.get(path, _NO_LINKS)
        return tuple(ResolvedLink(path, link, resolution) for link, resolution in zip(links, resolutions))

    def backlinks(self, path: str) -> list[ResolvedLink]:
        """Every link in any note (this one included) that resolves to ``path``, by source then line."""
        found = [
            ResolvedLink(source, link, resolution)
            for source in self._incoming.get(path)
            for link, resolution in zip(*self._outgoing.get(source, _NO_LINKS))
            if resolution.path == path
        ]
        found.sort(key=lambda r: (r.source, r.link.line))
        return found

    def unresolved(self) -> list[ResolvedLink]:
        return [
            link
            for source in sorted(self._outgoing)
            for link in self.outgoing(source)
            if not link.link.is_external and not link.resolution.resolved
        ]

    def resolve(self, link: Link, source: str) -> Resolution:
        return self.resolver.resolve(link, source)

    def checked(self, resolved: ResolvedLink) -> ResolvedLink:
        """``resolved`` with its fragment checked against the note it reached: a heading or block
        that is not there becomes the resolution's ``reason``. Checked when asked, not stored, so
        an edit to the target's headings needs no re-resolving of the links to it."""
        resolution, fragment = resolved.resolution, resolved.link.fragment
        note = self._facts.get(resolution.path) if resolution.path and fragment else None
        if note is None:
            return resolved
        if names_something(fragment, _with_anchors(note.headings), note.block_ids) or not is_note(resolution.path):
            return resolved
        reason = Unresolved.BLOCK_NOT_FOUND if is_block_fragment(fragment) else Unresolved.HEADING_NOT_FOUND
        return replace(resolved, resolution=replace(resolution, reason=reason))

    def outgoing_checked(self, path: str) -> list[ResolvedLink]:
        """The links of ``path``, fragments checked (see ``checked``)."""
        return [self.checked(link) for link in self.outgoing(path)]

    # -- updates -------------------------------------------------------------------------------

    def build(self, files: Iterable[str], facts: Mapping[str, NoteFacts],
              known: Mapping[str, tuple[Resolution, ...] | None] | None = None,
              tables: tuple[dict, dict] | None = None) -> None:
        """Fill the index at once: every file known before any link is resolved. ``known`` may
        give the answers for a note's links, kept from an earlier run with the same files and
        aliases (``stored_graph``); the others are resolved. With an answer for every note,
        ``tables`` (``tables()`` of that run) stand for going through every link again."""
        for path in files:
            self.resolver.add(path)
        for path, note in facts.items():
            self.resolver.add(path)
            self.resolver.set_aliases(path, note.aliases)
            self._facts[path] = note
        self._sorted_notes = None
        if known is not None and tables is not None:
            self._outgoing = {path: (note.links, known[path]) for path, note in facts.items()}
            self._incoming, self._sources_by_key = StringMultimap(tables[0]), StringMultimap(tables[1])
            return
        for path in facts:
            self._link(path, known.get(path) if known else None)

    def add_file(self, path: str) -> None:
        """A file that is not a note (an image, a PDF) appeared."""
        if path not in self.resolver:
            self.resolver.add(path)
            self._relink_keys(file_keys(path))

    def set_note(self, path: str, note: NoteFacts) -> None:
        """A note appeared or changed."""
        is_new = path not in self.resolver
        old = self._facts.get(path)
        self.resolver.add(path)
        if old is None:
            self._sorted_notes = None
        self._facts[path] = note
        affected: set[str] = file_keys(path) if is_new else set()
        if old is None or old.aliases != note.aliases:
            self.resolver.set_aliases(path, note.aliases)
            old_aliases = old.aliases if old else ()
            affected |= {target_key(a) for a in (*old_aliases, *note.aliases)}
        self._unlink(path)
        self._link(path)
        self._relink_keys(affected, skip=path)

    def remove(self, path: str) -> None:
        """A file (note or not) is gone."""
        if path not in self.resolver:
            return
        note = self._facts.pop(path, None)
        if note is not None:
            self._sorted_notes = None
        self._unlink(path)
        self._outgoing.pop(path, None)
        self.resolver.remove(path)
        keys = file_keys(path) | {target_key(a) for a in (note.aliases if note else ())}
        self._relink_keys(keys)

    # -- internals -----------------------------------------------------------------------------

    def resolutions(self) -> dict[str, tuple[Resolution, ...]]:
        """What each note's links reached, in the order written (for ``stored_graph``)."""
        return {source: resolutions for source, (_links, resolutions) in self._outgoing.items()}

    def tables(self) -> tuple[dict, dict]:
        """Which notes reach each file, and which notes link each target key (for ``build``)."""
        return self._incoming.table, self._sources_by_key.table

    def _link(self, source: str, known: tuple[Resolution, ...] | None = None) -> None:
        note = self._facts[source]
        resolutions = []
        for number, link in enumerate(note.links):
            if link.kind is LinkKind.URL or link.is_external:
                resolution = _EXTERNAL
            else:
                resolution = known[number] if known else self.resolver.resolve(link, source)
                self._sources_by_key.add(target_key(link.target), source)
            if resolution.path:
                self._incoming.add(resolution.path, source)
            resolutions.append(resolution)
        self._outgoing[source] = (note.links, tuple(resolutions))

    def _unlink(self, source: str) -> None:
        for link, resolution in zip(*self._outgoing.get(source, _NO_LINKS)):
            if resolution.path:
                self._incoming.discard(resolution.path, source)
            self._sources_by_key.discard(target_key(link.target), source)

    def _relink_keys(self, keys: Iterable[str], skip: str | None = None) -> None:
        sources = set().union(*(self._sources_by_key.get(k) for k in keys))
        sources.discard(skip)
        for source in sources:
            if source in self._facts:
                self._unlink(source)
                self._link(source)
