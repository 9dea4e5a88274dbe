"""Quick-switcher ranking: notes by fuzzy match (rapidfuzz) on file name, title, aliases and path.

Two passes keep a keystroke fast on a large vault. The first scores every note with rapidfuzz's
bit-parallel LCS (how many query characters occur in order), which costs about a tenth of a
microsecond per note, and keeps the few hundred best; the second ranks only those by how well
each field matches (``partial_ratio``), favouring the file name, a match at its start, and notes
opened recently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from clew.core.memory.sorting import sorted_in_pieces

_FIRST_PASS_KEEP = 400
_NAME_PASS_KEEP = 200
_FOLDER_PASS_KEEP = 100
_SHORT_QUERY = 2
_ENOUGH = 50  # a second-pass score below this is noise, not a match


def fold(text: str) -> str:
    return " ".join(text.casefold().split()) if text else ""


def _stem(path: str) -> str:
    """``posixpath.splitext(posixpath.basename(path))[0]`` of a vault path, without the two
    calls: building the switcher's index makes one of each per note of the vault."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if dot > 0 and name[:dot].strip(".") else name


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """What the switcher knows of one note (slots: there is one per note, and an instance dict
    would add ~100 bytes to each)."""

    path: str
    title: str = ""
    aliases: tuple[str, ...] = ()
    name: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _stem(self.path))


@dataclass(frozen=True)
class SwitcherMatch:
    entry: NoteEntry
    score: float
    recent: bool = False


def _prepared(entry: NoteEntry, folders: dict[str, str]) -> tuple[str, str, str, str, str]:
    """What ranking reads of one note, folded: name, title (empty when it is the name),
    aliases, folder, and the first pass's key (name, title and aliases). ``folders`` keeps
    each folder folded once, shared by its notes."""
    name, title = fold(entry.name), fold(entry.title)
    title = title if title != name else ""
    aliases = fold(" · ".join(entry.aliases))
    key = " ".join(filter(None, (name, title, aliases)))
    folder = entry.path.rpartition("/")[0]
    folded = folders.get(folder)
    if folded is None:
        folded = folders[folder] = fold(folder)
    return name, title, aliases, folded, key


class SwitcherIndex:
    """The notes of a vault, prepared for ranking. Build once per vault state; ``rank`` per key."""

    def __init__(self, entries: Iterable[NoteEntry], previous: SwitcherIndex | None = None) -> None:
        """``previous``, an index of an earlier state of the vault, lends what it prepared for
        the entries that did not change: a change costs about a third of a first build."""
        # Shorter names first: among equal first-pass scores, rapidfuzz keeps the earliest.
        self.entries: list[NoteEntry] = sorted_in_pieces(entries, lambda e: (len(e.name), e.path))
        self._by_path = {e.path: i for i, e in enumerate(self.entries)}
        # Kept as columns only, filled a note at a time: a list of each note's prepared tuple
        # as well would hold a tuple more per note, twice over while the next index is built
        # beside this one.
        columns: tuple[list[str], ...] = ([], [], [], [], [])
        self._names, self._titles, self._aliases, self._folders, self._keys = columns
        lent, lent_at = (previous.entries, previous._by_path) if previous is not None else ([], {})
        folders: dict[str, str] = {}
        for entry in self.entries:
            at = lent_at.get(entry.path)
            # The very same entry object: from_notes kept it because it is unchanged.
            prepared = previous._prepared_at(at) if at is not None and lent[at] is entry else _prepared(entry, folders)
            for column, value in zip(columns, prepared):
                column.append(value)
        self._alphabetical = sorted_in_pieces(self.entries, lambda e: e.path)
        # The first pass reads the keys; folders are few, so they get a pass of their own over
        # the distinct folder names.
        self._notes_in: dict[str, list[int]] = {}
        for i, folder in enumerate(self._folders):
            self._notes_in.setdefault(folder, []).append(i)
        self._folder_names = [f for f in self._notes_in if f]

    @classmethod
    def from_notes(cls, notes: Iterable[tuple[str, str, tuple[str, ...]]],
                   previous: SwitcherIndex | None = None) -> SwitcherIndex:
        """An index of ``notes`` ((path, title, aliases) each), reusing ``previous``'s entries
        and what it prepared for them where a note is unchanged."""
        lent, lent_at = (previous.entries, previous._by_path) if previous is not None else ([], {})
        entries = []
        for path, title, aliases in notes:
            at = lent_at.get(path)
            entry = lent[at] if at is not None else None
            if entry is None or entry.title != title or entry.aliases != aliases:
                entry = NoteEntry(path, title, aliases)
            entries.append(entry)
        return cls(entries, previous)

    def __len__(self) -> int:
        return len(self.entries)

    def _prepared_at(self, i: int) -> tuple[str, str, str, str, str]:
        """What ``_prepared`` gave for entry ``i``."""
        return self._names[i], self._titles[i], self._aliases[i], self._folders[i], self._keys[i]

    def rank(self, query: str, recent: Sequence[str] = (), limit: int = 50) -> list[SwitcherMatch]:
        """The best ``limit`` notes for ``query``; ``recent`` (most recent first) lead on an
        empty query and get a small lift otherwise."""
        recent_rank = {path: i for i, path in enumerate(recent) if path in self._by_path}
        q = fold(query)
        if not q:
            return self._recent_then_all(recent_rank, limit)
        candidates = self._containing(q) if len(q) <= _SHORT_QUERY else self._fuzzy_candidates(q)
        recent_ids = {self._by_path[p]: r for p, r in recent_rank.items()}
        scored = []
        for i in candidates | set(recent_ids):
            score = self._score(q, i)
            if score >= _ENOUGH:
                scored.append((score + (max(1, 6 - recent_ids[i]) if i in recent_ids else 0), i))
        scored.sort(key=lambda item: (-item[0], len(self._names[item[1]]), self.entries[item[1]].path))
        return [SwitcherMatch(self.entries[i], score, self.entries[i].path in recent_rank)
                for score, i in scored[:limit]]

    def _containing(self, q: str) -> set[int]:
        """For one or two letters, where fuzziness means nothing: notes whose name, title or
        alias (or else folder) holds them, shortest names first."""
        found = set(islice((i for i, key in enumerate(self._keys) if q in key), _FIRST_PASS_KEEP))
        if len(found) < _FIRST_PASS_KEEP:
            found |= set(islice((i for i, folder in enumerate(self._folders) if q in folder), _FIRST_PASS_KEEP))
        return found

    def _fuzzy_candidates(self, q: str) -> set[int]:
        cutoff = max(1, len(q) - len(q) // 4)  # one slip allowed per four characters typed
        candidates = {i for _key, _score, i in process.extract(
            q, self._keys, scorer=LCSseq.similarity, processor=None, score_cutoff=cutoff,
            limit=_FIRST_PASS_KEEP)}
        candidates |= {i for _key, _score, i in process.extract(
            q, self._names, scorer=LCSseq.similarity, processor=None, score_cutoff=cutoff,
            limit=_NAME_PASS_KEEP)}
        for folder, _score, _i in process.extract(q, self._folder_names, scorer=fuzz.partial_ratio,
                                                  processor=None, score_cutoff=80, limit=5):
            candidates.update(self._notes_in[folder][:_FOLDER_PASS_KEEP])
        return candidates

    def _score(self, q: str, i: int) -> float:
        name = self._names[i]
        best = fuzz.partial_ratio(q, name) + 0.1 * fuzz.ratio(q, name)
        if name.startswith(q):
            best += 15
        elif q in name:
            best += 8
        for text, weight in ((self._titles[i], 0.95), (self._aliases[i], 0.95)):
            if text:
                bonus = 8 if q in text else 0
                best = max(best, weight * fuzz.partial_ratio(q, text) + bonus + 0.1 * fuzz.ratio(q, text))
        if self._folders[i]:
            best = max(best, 0.8 * fuzz.partial_ratio(q, f"{self._folders[i]}/{name}"))
        return best

    def _recent_then_all(self, recent_rank: dict[str, int], limit: int) -> list[SwitcherMatch]:
        ordered = [self.entries[self._by_path[p]] for p in sorted(recent_rank, key=recent_rank.get)]
        if len(ordered) < limit:
            for entry in self._alphabetical:
                if len(ordered) >= limit:
                    break
                if entry.path not in recent_rank:
                    ordered.append(entry)
        return [SwitcherMatch(e, 100.0, e.path in recent_rank) for e in ordered[:limit]]


class RecentNotes:
    """The notes opened most recently, most recent first, without repeats."""

    def __init__(self, capacity: int = 50) -> None:
        self.capacity = capacity
        self._paths: list[str] = []

    def add(self, path: str) -> None:
        self._paths = [path] + [p for p in self._paths if p != path][: self.capacity - 1]

    def rename(self, old: str, new: str) -> None:
        self._paths = [new if p == old else p for p in self._paths]

    def clear(self) -> None:
        self._paths = []

    @property
    def paths(self) -> list[str]:
        return list(self._paths)
