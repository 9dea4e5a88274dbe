"""Notes' facts read back from the facts store as they are asked for, the last ones kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from clew.core.index.snapshot import Stamp
from clew.core.memory.release import empty_gradually
from clew.core.notes.parsing import NoteFacts

# Reads a note's facts back from the facts store, given the size and mtime they were kept for.
LoadFacts = Callable[[str, Stamp], "NoteFacts | None"]

# Notes read back from the store kept decoded: the ones being looked at and their neighbours.
FACTS_READ_BACK_KEPT = 2048


class FactsReadBack:
    """The facts of notes the index leaves to the store (a restored index's, a big batch's),
    read back by ``load`` when asked for; the last FACTS_READ_BACK_KEPT are kept. Any thread
    may ask (the window's panels, the background tasks)."""

    def __init__(self, load: LoadFacts | None = None) -> None:
        self._load = load
        self._kept: OrderedDict[str, NoteFacts] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def reads_back(self) -> bool:
        """Whether there is a store to read from: without one, nothing may be left to it."""
        return self._load is not None

    def load(self, path: str, stamp: Stamp) -> NoteFacts | None:
        """The facts the store has for ``path`` at ``stamp`` (or the note read again), not kept."""
        return self._load(path, stamp) if self._load else None

    def get(self, path: str, stamp: Stamp, keep: bool = True) -> NoteFacts | None:
        """The facts of ``path`` at ``stamp``: kept from an earlier read, else read back and
        kept unless ``keep`` is false (a pass over many notes, each read back once, would push
        out the notes being looked at). None when neither the store nor the disk has them."""
        with self._lock:
            note = self._kept.get(path)
            if note is not None:
                self._kept.move_to_end(path)
                return note
        note = self.load(path, stamp)
        if note is None or not keep:
            return note
        with self._lock:
            self._kept[path] = note
            if len(self._kept) > FACTS_READ_BACK_KEPT:
                self._kept.popitem(last=False)
        return note

    def forget(self, path: str) -> None:
        """``path`` changed or is gone: what was kept of it is not its facts any more."""
        with self._lock:
            self._kept.pop(path, None)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def dismantle(self) -> None:
        """Empty what is kept an entry at a time (see ``VaultIndex.dismantle``)."""
        empty_gradually(self._kept)
