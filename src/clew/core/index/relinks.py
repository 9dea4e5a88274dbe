"""Relinking: the links of other notes a change touches, resolved again, and the relinks a big
batch holds until its files are all in (``VaultIndex.hold_relinks``)."""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterable, Sequence

from clew.core.index.resolution_pool import AnswerPool
from clew.core.links.model import Link, Resolution
from clew.core.links.resolver import target_key


def relinked_picks(picks: bytes, links: Sequence[Link], keys: set[str], pool: AnswerPool,
                   resolve: Callable[[Link], Resolution]) -> array | None:
    """A note's answer numbers (``picks``) with the links whose target key is one of ``keys``
    resolved again: only the files and aliases of its key decide where a link leads, so the
    other links' answers stand: a change touches one or two of a note's targets, and a big batch
    relinks tens of thousands of notes. None when ``links`` are not the links ``picks`` answer
    (facts read back other than as they were linked): every link must be resolved anew."""
    relinked = array("I", picks)
    pool_keys = pool.keys
    for i, number in enumerate(memoryview(picks).cast("I")):
        key = pool_keys[number]
        if key is None or key not in keys:
            continue
        if i >= len(links) or target_key(links[i].target) != key:
            return None
        relinked[i] = pool.number(key, resolve(links[i]))
    return relinked


class HeldRelinks:
    """The relinks held since ``VaultIndex.hold_relinks``: the target keys changes touched;
    once ``relink`` began, the keys whose notes are yet to be gathered, and the notes
    gathered, yet to be relinked."""

    __slots__ = ("keys", "ungathered", "sources")

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.ungathered: list[str] | None = None
        self.sources: set[str] = set()

    def add(self, keys: set[str]) -> None:
        self.keys |= keys
        if self.ungathered is not None:  # relinking began: these are relinked with the rest
            self.ungathered += keys

    def relink(self, sources_of_key: Callable[[str], Iterable[str]], relink_note: Callable[[str, set[str]], None],
               until: float | None = None) -> bool:
        """Relink (``relink_note(source, keys)``) every note with a link of a held key
        (``sources_of_key``); with ``until`` (a ``time.monotonic()`` time), stop once it is past
        and return False: call again for the rest. True once all are relinked.

        The notes to relink are gathered first, a target key at a time: gathered in one go,
        the tens of thousands of keys of a big folder moved would hold the GUI thread past
        ``until``."""
        if self.ungathered is None:
            self.ungathered = list(self.keys)
        while self.ungathered or self.sources:
            if self.ungathered:
                self.sources.update(sources_of_key(self.ungathered.pop()))
            else:
                relink_note(self.sources.pop(), self.keys)
            if until is not None and (self.ungathered or self.sources) and time.monotonic() >= until:
                return False
        return True

    def left(self) -> int:
        """How many notes ``relink`` has yet to relink, once it has gathered them (0 until
        then); a change after that adds its notes as they are gathered."""
        return len(self.sources) if self.ungathered == [] else 0
