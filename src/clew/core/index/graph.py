"""The vault's link graph: forward links, backlinks, unresolved links; updated per changed file."""

from __future__ import annotations

import bisect
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain

from clew.core.index.facts_read_back import FactsReadBack, LoadFacts
from clew.core.index.link_listing import by_source_and_line, fragment_checked, links_answered, pool_numbers
from clew.core.index.relinks import HeldRelinks, relinked_picks
from clew.core.index.resolution_pool import AnswerPool
from clew.core.index.results import NoteNames, ResolvedLink
from clew.core.index.snapshot import Snapshot, Stamp, StoredNoteEntry
from clew.core.index.snapshot_tables import own_table, sources_by_key_made, stored_entries
from clew.core.links.model import Link, LinkKind, Resolution, is_external_target
from clew.core.links.multimap import StringMultimap
from clew.core.memory.collector import bulk_allocation
from clew.core.memory.release import empty_gradually
from clew.core.memory.sorting import sorted_in_pieces
from clew.core.links.resolver import Resolver, file_keys, source_folder, target_key
from clew.core.notes.parsing import NoteFacts

class VaultIndex:
    """Which note links to which file. Every change is applied per file: a new or deleted file
    re-resolves only the links whose target names it; an edited note re-resolves only its own.

    Each note's links are kept as numbers into a pool of answers (``AnswerPool``): a vault's
    million links reach far fewer distinct answers, and the numbers are what the store keeps
    (``snapshot``). An index restored from the store (``restored``) knows each
    note's answers and names but not its facts: those are read back when asked for."""

    def __init__(self, load_facts: LoadFacts | None = None) -> None:
        self.resolver = Resolver()
        self._facts: dict[str, NoteFacts] = {}  # the notes whose facts were read in this run
        # The notes whose facts are in the store, as the snapshot had them (see ``restored``).
        self._stored: dict[str, StoredNoteEntry] = {}
        self._read_back = FactsReadBack(load_facts)
        self._pool = AnswerPool()
        self._outgoing: dict[str, bytes] = {}  # every note -> its links' numbers in the pool
        self._incoming = StringMultimap()  # path -> the notes with a link that reaches it
        # target_key -> the notes with a link of that key; None in a restored index until its
        # first change (``ready_for_changes``), which alone needs it.
        self._sources_by_key: StringMultimap | None = StringMultimap()
        self._sources_by_key_stored: tuple[Callable[[], dict | None], Sequence[str]] | None = None
        # Every note's path, sorted once asked for and then kept sorted as notes come and go:
        # sorting a big vault's paths again after each new note would hold the GUI thread for
        # tens of milliseconds a note.
        self._note_order: list[str] | None = None
        self._sorted_notes: tuple[str, ...] | None = None  # notes(), until the next note comes or goes
        self._held: HeldRelinks | None = None  # while relinks are held (``hold_relinks``)
        # The last note's outgoing links as made, with the picks and links made from: the open
        # note's are asked for by the render, the panels and the window after every change,
        # and a growing log's ~35,000 links took ~0.1 s to make each time (under a profiler).
        self._outgoing_made: tuple[str, bytes, tuple[Link, ...], tuple[ResolvedLink, ...]] | None = None

    @classmethod
    def restored(cls, snapshot: Snapshot, load_facts: LoadFacts) -> "VaultIndex":
        """The index as ``snapshot`` keeps it (its tables are taken over, not copied); facts
        are read back by ``load_facts``."""
        index = cls(load_facts)
        index._pool = AnswerPool(snapshot.pool)
        index.resolver.add_all(chain(snapshot.others, snapshot.notes))
        for path, entry in snapshot.notes.items():
            if entry.aliases:
                index.resolver.set_aliases(path, entry.aliases)
        index._stored = snapshot.notes
        index._outgoing = {path: entry.picks for path, entry in snapshot.notes.items()}
        index._incoming = own_table(snapshot.incoming, snapshot.names)
        index._sources_by_key = None
        index._sources_by_key_stored = (snapshot.sources_by_key, snapshot.names)
        return index

    def ready_for_changes(self) -> None:
        """Make now what the first change to a restored index would make: the numbers of the
        stored answers (``AnswerPool.ready_for_changes``) and the table of sources by target
        key, read back from the store: work that grows with the vault, which a background task
        can take instead of the GUI thread. Nothing may change the index meanwhile. The
        collector waits: its passes over the tables being made held the GIL 10-14 ms each.
        Called before every change, it returns at once when all is made: each pause of the
        collector ends by moving what exists out of its sight (gc.freeze), cycles made by the
        changes since included, which it would then never free."""
        if self._pool.ready and self._sources_by_key is not None:
            return
        with bulk_allocation():
            self._pool.ready_for_changes()
            if self._sources_by_key is None:
                self._sources_by_key = self._sources_by_key_read_back()

    def _sources_by_key_read_back(self) -> StringMultimap:
        read_back, names = self._sources_by_key_stored
        self._sources_by_key_stored = None
        table = read_back()
        # None: what the store kept of this table cannot be trusted (the rest of the snapshot
        # was checked apart, and can be).
        return own_table(table, names) if table is not None else sources_by_key_made(self._outgoing, self._pool.keys)

    def dismantle(self) -> None:
        """Empty the index a table entry at a time. Freed in one go, a big index would hold the
        GIL for as long as freeing its millions of objects takes; emptied so by a thread of its
        own (``retire``), it lets the GUI thread in between. Only for an index nothing else uses
        any more."""
        self.resolver.dismantle()
        self._incoming.dismantle()
        if self._sources_by_key is not None:
            self._sources_by_key.dismantle()
        self._pool.dismantle()
        self._read_back.dismantle()
        for table in (self._outgoing, self._stored, self._facts, self._note_order or []):
            empty_gradually(table)
        self._sorted_notes = self._outgoing_made = None

    # -- queries -------------------------------------------------------------------------------

    @property
    def note_count(self) -> int:
        return len(self._outgoing)

    def notes(self) -> tuple[str, ...]:
        """Every note's path, sorted; the same tuple until the notes change (no copy to make)."""
        if self._sorted_notes is None:
            if self._note_order is None:
                self._note_order = sorted_in_pieces(self._outgoing)
            self._sorted_notes = tuple(self._note_order)
        return self._sorted_notes

    def __contains__(self, path: str) -> bool:
        return path in self.resolver

    def has_facts(self, path: str) -> bool:
        """Whether ``path`` is a note whose facts were read (not a file left unreadable)."""
        return path in self._outgoing

    def facts(self, path: str, keep: bool = True) -> NoteFacts | None:
        """The facts of the note at ``path``. Read back from the store, they are kept with the
        last ones read back unless ``keep`` is false: a pass over many notes, each read back
        once (relinking), would otherwise push out the notes being looked at."""
        note = self._facts.get(path)
        if note is not None:
            return note
        entry = self._stored.get(path)
        return None if entry is None else self._facts_read_back(path, entry, keep)

    def names(self, path: str) -> NoteNames | None:
        """The title, aliases and tags of the note at ``path``, without reading its facts back."""
        note = self._facts.get(path)
        if note is not None:
            return NoteNames(note.title, note.aliases, note.tags)
        entry = self._stored.get(path)
        return None if entry is None else NoteNames(entry.title, entry.aliases, entry.tags)

    def titles(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """Every note's (path, title, aliases). May be read off the thread that changes the
        index: the tables are copied (one call each, which holds the GIL) before use. Made as
        they are read, not as a table: the switcher rebuilds from them after a big batch, when
        the window's memory peaks, and a table of every note's would add to that peak."""
        stored, read = self._stored.copy(), self._facts.copy()
        yield from ((path, entry.title, entry.aliases) for path, entry in stored.items() if path not in read)
        yield from ((path, note.title, note.aliases) for path, note in read.items())

    def outgoing(self, path: str) -> tuple[ResolvedLink, ...]:
        """The links of ``path`` with their answers. The last note's are kept while its links
        and their answers' numbers are the same objects (both are made anew on a change, and
        a number names the same answer for good)."""
        picks = self._outgoing.get(path)
        if not picks:
            return ()
        links = self.facts(path).links
        made = self._outgoing_made
        if made is not None and made[0] == path and made[1] is picks and made[2] is links:
            return made[3]
        answer = self._pool.resolution
        found = tuple(ResolvedLink(path, link, answer(number)) for link, number in zip(links, pool_numbers(picks)))
        self._outgoing_made = (path, picks, links, found)
        return found

    def answers_of(self, path: str) -> bytes:
        """The numbers of the answers the links of ``path`` get (see ``AnswerPool``): equal
        while its links lead where they did, compared without making a link."""
        return self._outgoing.get(path, b"")

    def backlinks(self, path: str) -> list[ResolvedLink]:
        """Every link in any note (this one included) that resolves to ``path``, by source then line."""
        paths, found = self._pool.paths, []
        for source in self._incoming.get(path):
            found += self._links_answered(source, lambda number: paths[number] == path)
        return by_source_and_line(found)

    def links_naming(self, missing: str) -> list[ResolvedLink]:
        """The links that lead nowhere and would lead to ``missing`` were it a file of the vault,
        by source then line: a note just deleted is still named by its backlinks. None for a file
        the vault has."""
        if missing in self.resolver:
            return []
        self.ready_for_changes()
        keys = file_keys(missing)
        alone = Resolver((missing,))
        pool_keys, paths, found = self._pool.keys, self._pool.paths, []
        for source in sorted(self._sources_of(keys)):
            found += [link for link in self._links_answered(
                source, lambda number: paths[number] is None and pool_keys[number] in keys)
                if alone.resolve(link.link, source).path == missing]
        return by_source_and_line(found)

    def unresolved(self) -> list[ResolvedLink]:
        paths, found = self._pool.paths, []
        for source in self.notes():
            found += [link for link in self._links_answered(source, lambda number: paths[number] is None)
                      if not link.link.is_external]
        return found

    def resolve(self, link: Link, source: str) -> Resolution:
        return self.resolver.resolve(link, source)

    def checked(self, resolved: ResolvedLink) -> ResolvedLink:
        """``resolved`` with its fragment checked against the note it reached (``fragment_checked``).
        Checked when asked, not stored, so an edit to the target's headings needs no re-resolving
        of the links to it."""
        return fragment_checked(resolved, self.facts)

    def outgoing_checked(self, path: str) -> list[ResolvedLink]:
        """The links of ``path``, fragments checked (see ``checked``)."""
        return [self.checked(link) for link in self.outgoing(path)]

    def read_back_all(self, load_all: Callable[[dict[str, Stamp]], dict[str, NoteFacts]]) -> None:
        """Hold every note's facts in memory, those read back from the store all at once by
        ``load_all`` (stamps -> facts): for a pass over every note (``clew links``), one read of
        the store beats reading its rows one by one."""
        if not self._stored:
            return
        wanted = {path: (entry.size, entry.mtime_ns) for path, entry in self._stored.items()}
        found = load_all(wanted)
        for path in wanted:
            note = found.get(path) or self._facts_read_back(path, self._stored[path])
            self._facts[path] = note
            del self._stored[path]
        self._read_back.clear()

    # -- updates -------------------------------------------------------------------------------

    def build(self, files: Iterable[str], facts: Mapping[str, NoteFacts]) -> None:
        """Fill the index at once: every file known before any link is resolved."""
        self.resolver.add_all(files)
        self.resolver.add_all(facts)
        for path, note in facts.items():
            if note.aliases:
                self.resolver.set_aliases(path, note.aliases)
            self._facts[path] = note
        self._note_order = self._sorted_notes = None
        # The tables are made from lists, turned into multimaps once: adding to a multimap a
        # million times costs seconds.
        by_key: defaultdict[str, list[str]] = defaultdict(list)
        incoming: defaultdict[str, list[str]] = defaultdict(list)
        key_of = _TargetKeys().__getitem__  # a vault's links name each target many times
        for source in facts:
            keys, reached = self._resolve_links(source, key_of)
            for key in keys:
                by_key[key].append(source)
            for path in reached:
                incoming[path].append(source)
        self._sources_by_key = StringMultimap.from_lists(by_key)
        self._incoming = StringMultimap.from_lists(incoming)

    def add_file(self, path: str) -> None:
        """A file that is not a note (an image, a PDF) appeared."""
        self.ready_for_changes()
        if path not in self.resolver:
            self.resolver.add(path)
            self._relink_keys(file_keys(path))

    @property
    def reads_back(self) -> bool:
        """Whether facts may be left to the store (``set_stored_note``): this index reads them
        back from it."""
        return self._read_back.reads_back

    def set_stored_note(self, path: str, stamp: Stamp) -> None:
        """A note appeared or changed, and the store holds its facts for the file at ``stamp``
        (size, mtime_ns): they are read back to link it, then left to the store, as a restored
        index's are. Held in memory, the facts of a big batch (a folder of thousands of notes
        moved) would all stay there at once."""
        note = self._read_back.load(path, stamp)
        if note is None:
            self.set_unreadable(path)
        else:
            self.set_note(path, note, stored_at=stamp)

    def set_unreadable(self, path: str) -> None:
        """A note that cannot be read for now: still a file links may reach, as in a fresh index."""
        self.remove(path)
        self.add_file(path)

    def set_note(self, path: str, note: NoteFacts, stored_at: Stamp | None = None) -> None:
        """A note appeared or changed (``stored_at``: see ``set_stored_note``)."""
        self.ready_for_changes()
        is_new = path not in self.resolver
        old = self.names(path)
        self._forget_stored(path)
        self.resolver.add(path)
        if old is None:
            self._sorted_notes = None
            if self._note_order is not None:
                bisect.insort(self._note_order, path)
        self._facts[path] = note
        affected: set[str] = file_keys(path) if is_new else set()
        if old is None or old.aliases != note.aliases:
            self.resolver.set_aliases(path, note.aliases)
            old_aliases = old.aliases if old else ()
            affected |= {target_key(a) for a in (*old_aliases, *note.aliases)}
        self._unlink(path)
        self._link(path)
        if stored_at is not None:
            del self._facts[path]
            self._stored[path] = StoredNoteEntry(*stored_at, self._outgoing[path], note.title, note.aliases, note.tags)
        self._relink_keys(affected, skip=path)

    def remove(self, path: str) -> None:
        """A file (note or not) is gone."""
        self.ready_for_changes()
        if path not in self.resolver:
            return
        old = self.names(path)
        self._facts.pop(path, None)
        self._forget_stored(path)
        if old is not None:
            self._sorted_notes = None
            order = self._note_order
            if order is not None and (at := bisect.bisect_left(order, path)) < len(order) and order[at] == path:
                del order[at]
        self._unlink(path)
        self._outgoing.pop(path, None)
        self.resolver.remove(path)
        keys = file_keys(path) | {target_key(a) for a in (old.aliases if old else ())}
        self._relink_keys(keys)

    def snapshot(self, stamps: Mapping[str, Stamp]) -> Snapshot:
        """What the store keeps of this index (``snapshot.encode_snapshot``) for the files
        as ``stamps`` (path -> (size, mtime_ns)) saw them; notes without a stamp are left out."""
        self.ready_for_changes()
        notes = stored_entries(self._outgoing, self._stored, stamps, self.names)
        others = {path: stamp for path, stamp in stamps.items() if path not in self._outgoing and path in self.resolver}
        by_key = self._sources_by_key
        return Snapshot(self._pool.columns(), notes, others, self._incoming, lambda: by_key)

    # -- internals -----------------------------------------------------------------------------

    def _links_answered(self, source: str, wanted: Callable[[int], bool]) -> list[ResolvedLink]:
        return links_answered(source, self._outgoing.get(source, b""), self._pool,
                              lambda: self.facts(source).links, wanted)

    def _facts_read_back(self, path: str, entry: StoredNoteEntry, keep: bool = True) -> NoteFacts:
        note = self._read_back.get(path, (entry.size, entry.mtime_ns), keep)
        if note is None:
            # Neither the store nor the disk has it as it was: its names, without links,
            # until the watcher reports what became of the file.
            return NoteFacts(entry.title, tags=entry.tags, aliases=entry.aliases)
        return note

    def _forget_stored(self, path: str) -> None:
        if self._stored.pop(path, None) is not None:
            self._read_back.forget(path)

    def _link(self, source: str) -> None:
        """Resolve the links of ``source`` and enter them in the tables."""
        keys, reached = self._resolve_links(source)
        for key in keys:
            self._sources_by_key.add(key, source)
        for path in reached:
            self._incoming.add(path, source)

    def _resolve_links(self, source: str, key_of: Callable[[str], str | None] | None = None) -> tuple[set[str], set[str]]:
        """Keep the numbers of the answers to ``source``'s links; return the keys of their
        targets and the paths they reach, for the tables. ``key_of(target)``: the target's key,
        None for an external one (by default ``_key_or_external``)."""
        key_of = key_of or _key_or_external
        picks, keys, reached = array("I"), set(), set()
        resolve, source_dir = self.resolver.resolve, source_folder(source)
        for link in self.facts(source).links:
            key = None if link.kind is LinkKind.URL else key_of(link.target)
            if key is None:
                picks.append(AnswerPool.EXTERNAL)
                continue
            resolution = resolve(link, source, source_dir)
            picks.append(self._pool.number(key, resolution))
            keys.add(key)
            if resolution.path:
                reached.add(resolution.path)
        self._outgoing[source] = picks.tobytes()
        return keys, reached

    def _unlink(self, source: str) -> None:
        keys, paths = self._pool.keys, self._pool.paths
        for number in pool_numbers(self._outgoing.get(source, b"")):
            key = keys[number]
            if key is None:
                continue
            if paths[number]:
                self._incoming.discard(paths[number], source)
            self._sources_by_key.discard(key, source)

    def hold_relinks(self) -> None:
        """From now on, the links of other notes a change touches are resolved again only by
        ``relink_held``: a big batch relinks each such note once, not once per file of the
        batch its links reach (a folder moved relinked most notes twice, going and coming)."""
        if self._held is None:
            self._held = HeldRelinks()

    def relink_held(self, until: float | None = None) -> bool:
        """Resolve again the links held since ``hold_relinks``; with ``until`` (a
        ``time.monotonic()`` time), stop once it is past and return False: call again for the
        rest. True once none are held; relinks are then made as changes come again."""
        if self._held is None:
            return True
        if not self._held.relink(self._sources_by_key.get, self._relink_if_note, until):
            return False
        self._held = None
        self._pool.forget_identities()
        return True

    def relinks_left(self) -> int:
        """How many notes ``relink_held`` has yet to relink, once it has gathered them (0 until
        then); a change after that adds its notes as they are gathered."""
        return 0 if self._held is None else self._held.left()

    def _sources_of(self, keys: set[str]) -> set[str]:
        """The notes with a link of one of these target keys."""
        return set().union(*(self._sources_by_key.get(k) for k in keys))

    def _relink_keys(self, keys: Iterable[str], skip: str | None = None) -> None:
        keys = set(keys)
        if self._held is not None:
            self._held.add(keys)
            return
        sources = self._sources_of(keys)
        sources.discard(skip)
        for source in sources:
            self._relink_if_note(source, keys)

    def _relink_if_note(self, source: str, keys: set[str]) -> None:
        if source in self._outgoing:
            self._relink(source, keys)

    def _relink(self, source: str, keys: set[str]) -> None:
        """Resolve again the links of ``source`` whose target key is one of ``keys``
        (``relinked_picks``) and enter the paths they reach now in the table of backlinks."""
        numbers = self._outgoing[source]
        links = self.facts(source, keep=False).links
        picks = relinked_picks(numbers, links, keys, self._pool, lambda link: self.resolver.resolve(link, source))
        if picks is None:
            self._unlink(source)
            self._link(source)
            return
        relinked = picks.tobytes()
        if relinked == numbers:
            return
        pool_paths = self._pool.paths
        before = {pool_paths[n] for n in pool_numbers(numbers) if pool_paths[n]}
        after = {pool_paths[n] for n in picks if pool_paths[n]}
        for path in before - after:
            self._incoming.discard(path, source)
        for path in after - before:
            self._incoming.add(path, source)
        self._outgoing[source] = relinked


def _key_or_external(target: str) -> str | None:
    """The key of a link target, None for an external one (a URL: no file of the vault)."""
    return None if is_external_target(target) else target_key(target)


class _TargetKeys(dict):
    """target -> ``_key_or_external(target)``, each worked out once: for building a whole
    index, not kept after (a big batch's targets would stay for nothing)."""

    def __missing__(self, target: str) -> str | None:
        key = self[target] = _key_or_external(target)
        return key

