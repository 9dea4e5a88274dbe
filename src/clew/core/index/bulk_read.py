"""The facts of every note of a vault: from the store where the file is unchanged, else read and parsed, on every core."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from clew.core.index.store import FactsStore, decode_facts, encode_facts
from clew.core.notes.parsing import NoteFacts
from clew.core.spawning.context import spawn_context
from clew.core.text.repair_release import release_repair_memory
from clew.core.vault.files import FileKind, Vault, VaultFile

Progress = Callable[[int, int], None]
ReadFacts = Callable[[Vault, str], "NoteFacts | None"]

# Below this many notes to read, starting worker processes (~0.3 s) costs more than it saves.
PARALLEL_MIN_NOTES = 1500
NOTES_PER_CHUNK = 250
WORKER_NICENESS = 5
PROGRESS_EVERY = 250



def _encoded_facts_of_files(read: ReadFacts, vault: Vault, paths: list[str]) -> list[tuple[str, bytes | None]]:
    """Runs in a worker process: the facts of ``paths``, encoded as the store keeps them."""
    found = []
    for path in paths:
        facts = read(vault, path)
        found.append((path, encode_facts(facts) if facts is not None else None))
    return found


@dataclass
class GatheredFacts:
    """The facts of a vault's notes, and what the store should learn from this reading."""

    facts: dict[str, NoteFacts] = field(default_factory=dict)
    fresh: list[tuple[VaultFile, NoteFacts]] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    from_store: int = 0
    store_note: str = ""
    snapshot_due: bool = False  # the store's snapshot of the index is missing or far behind


def gather_facts(vault: Vault, files: list[VaultFile], read: ReadFacts, store: FactsStore | None = None,
                 progress: Progress | None = None, workers: int | None = None) -> GatheredFacts:
    """The facts of every note of ``files``. Notes whose size and mtime match the store are
    not read; the others are read by ``read`` (a module-level function, so that it can run in
    ``workers`` processes when there are many). ``progress(done, total)`` may raise to stop
    the work.

    By default there is one worker per core but one, and this process reads too, between
    taking in what the workers send: on two cores, two workers with this process only decoding
    what they sent are slower than this process reading alone, and one worker with this
    process reading too is faster than either."""
    gathered = GatheredFacts()
    notes = [f for f in files if f.kind is FileKind.NOTE]
    stored = {}
    if store is not None:
        stored = store.load()
        gathered.store_note = store.unreported_problem()
    to_read: list[VaultFile] = []
    for file in notes:
        known = stored.pop(file.path, None)
        if known is not None and known.matches(file):
            gathered.facts[file.path] = known.facts
        else:
            to_read.append(file)
    gathered.from_store = len(gathered.facts)
    gathered.gone = sorted(stored)
    total = len(notes)
    if progress:
        progress(gathered.from_store, total)
    workers = workers if workers is not None else max(0, (os.cpu_count() or 1) - 1)
    if workers > 0 and len(to_read) >= PARALLEL_MIN_NOTES:
        _read_in_processes(vault, read, to_read, gathered, workers, lambda done: progress(done, total) if progress else None)
        # The index of as many notes is made next, beside what the repair kept for the next
        # note: its models and caches (~130 MB after 100k multilingual notes, most of what
        # `clew links` peaked at above the English vault). The repairs made are in the store.
        release_repair_memory()
    else:
        for done, file in enumerate(to_read, gathered.from_store + 1):
            facts = read(vault, file.path)
            if facts is not None:
                gathered.facts[file.path] = facts
                gathered.fresh.append((file, facts))
            if progress and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
    return gathered


def _read_in_processes(vault: Vault, read: ReadFacts, to_read: list[VaultFile], gathered: GatheredFacts, workers: int,
                       report: Callable[[int], object]) -> None:
    """Read ``to_read`` in chunks: ``workers`` processes take them from the end, this process
    from the start, until they meet. What a worker sends is decoded here as it comes."""
    by_path = {f.path: f for f in to_read}
    chunks = deque(to_read[i : i + NOTES_PER_CHUNK] for i in range(0, len(to_read), NOTES_PER_CHUNK))
    done = gathered.from_store

    def add(path: str, facts: NoteFacts | None) -> None:
        if facts is not None:
            gathered.facts[path] = facts
            gathered.fresh.append((by_path[path], facts))

    # "spawn": the caller may be a Qt process with threads, where fork is unsafe; without the
    # main module, which would be imported again in each worker (the command line's, ~0.15 s).
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn_context(), initializer=_lower_priority) as pool:
        in_flight: set[Future] = set()
        try:
            while chunks or in_flight:
                # Each worker has one chunk to read and one waiting, no more: the rest is shared.
                while chunks and len(in_flight) < 2 * workers:
                    in_flight.add(pool.submit(_encoded_facts_of_files, read, vault, [f.path for f in chunks.pop()]))
                if chunks:
                    chunk = chunks.popleft()
                    for file in chunk:
                        add(file.path, read(vault, file.path))
                    done += len(chunk)
                    finished = {future for future in in_flight if future.done()}
                else:
                    finished, _ = wait(in_flight, timeout=0.2, return_when=FIRST_COMPLETED)
                in_flight -= finished
                for future in finished:
                    for path, blob in future.result():
                        add(path, decode_facts(blob) if blob is not None else None)
                        done += 1
                report(done)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _lower_priority() -> None:
    """A worker gives way to the process that started it and to the window."""
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
