"""The index as the facts store keeps it: a snapshot of every note's answers and names.

Resolving links and decoding every note's facts are most of a warm start (a million links at
100k notes). A snapshot keeps what the index needs to answer at once: each note's size and
mtime, its links' answers as numbers into the pool of answers (``AnswerPool``), its title,
aliases and tags; and the backlink tables. A reopened vault starts from it and applies what
changed on disk since (files added, gone or changed) as the watcher's changes are applied;
each note's facts are read back from the store's rows only when asked for.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import NamedTuple

from clew.core.index.resolution_pool import AnswerColumns
from clew.core.index.store_codec import STRING_ERRORS, encode_shapes, pack
from clew.core.links.multimap import StringMultimap
from clew.core.memory.parts import dict_in_parts
from clew.core.memory.sorting import sorted_in_pieces

Stamp = tuple[int, int]  # (size, mtime_ns) of a file


class StoredNoteEntry(NamedTuple):
    """A note in a snapshot: the stamp of the file its facts were read from, its links'
    answers and its names."""

    size: int
    mtime_ns: int
    picks: bytes  # its links' numbers in the pool of answers, in the links' order (array "I")
    title: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Snapshot:
    """``VaultIndex.snapshot``, as ``decode_snapshot`` in the store checks and reads it back."""

    pool: AnswerColumns
    notes: dict[str, StoredNoteEntry]
    others: dict[str, Stamp]  # the files that are not notes (or were unreadable)
    # The backlinks' table (path -> sources): the index's StringMultimap itself; read back
    # from the store, a dict whose values are still the sources' numbers in ``names``.
    incoming: dict | StringMultimap
    # The table of target key -> sources, as ``incoming``, when called. Only a change to the
    # index needs it, so the store decodes it then, after the window has the index, which then
    # does not wait for it. None when what the store kept cannot be trusted.
    sources_by_key: Callable[[], dict | StringMultimap | None]
    # What the numbers of the tables read back from the store count: the paths the snapshot names.
    names: Sequence[str] = ()


# The kind of the first parts: the files' stamps, packed, in path order.
FILES_PART = "files"
# The kind of the part after them: the paths named that are not files (an answer kept for a file
# gone, a backlink to one), numbered after the files.
PATHS_PART = "paths"
# How many of each thing one part of a stored snapshot holds: a part is packed and unpacked
# in one call that holds the GIL (and entered into its table in one more), and each should
# take well under the 50 ms in which the window must answer. It is read while the window
# paints the tree for the first time, each row a call into Python that waits for the GIL, so
# each part's calls hold a paint up for as long as they take: a few milliseconds a part (the
# answers' parts of 25,000 took 9-12 ms each to unpack at 100k notes; of 5,000, ~2 ms).
PART_SIZES = {"files": 10_000, "answers": 5_000, "notes": 2_500, "incoming": 5_000, "by_key": 5_000}


PackedStamps = tuple[str, bytes, bytes]
ChildStamps = tuple[bytes, bytes, bytes]  # PackedStamps with the paths as UTF-8 (child_stamps)
# A warm opening unpacks the listing while the window is first painted, each row a call into
# Python that waits for whatever single call holds the GIL: the paths are split and entered a
# few thousand at a time, so that no one call holds it long enough to slow that first paint.
_UNPACKED_AT_ONCE = 2_000
# Characters of the joined paths encoded per call for a child (~0.5 ms each).
_ENCODED_AT_ONCE = 200_000


class StoredFiles(NamedTuple):
    """The files' stamps the first parts of a stored snapshot hold, as columns in path order:
    what a warm opening lists the files from, and checks against the disk."""

    paths: list[str]
    sizes: array  # "q"
    mtimes: array  # "q"

    @classmethod
    def of(cls, stamps: Mapping[str, Stamp]) -> "StoredFiles":
        """The columns of ``stamps`` (path -> (size, mtime_ns))."""
        return cls(list(stamps), array("q", [size for size, _mtime in stamps.values()]),
                   array("q", [mtime for _size, mtime in stamps.values()]))

    def stamps(self) -> dict[str, Stamp]:
        """path -> (size, mtime_ns) of every file."""
        return stamps_table(self.paths, self.sizes, self.mtimes)

    def packed(self) -> PackedStamps:
        """These files as three objects that pack in one quick call each (``pack_stamp_columns``),
        made from the columns: no table of them first."""
        return _joined_paths(self.paths), self.sizes.tobytes(), self.mtimes.tobytes()


def snapshot_stamps(snapshot: Snapshot) -> dict[str, Stamp]:
    """path -> (size, mtime_ns) of every file as ``snapshot`` saw it."""
    stamps = {path: (entry.size, entry.mtime_ns) for path, entry in snapshot.notes.items()}
    stamps.update(snapshot.others)
    return stamps


def pack_stamp_columns(paths: list[str], sizes: list[int], mtimes: list[int]) -> PackedStamps:
    """The stamps given as three columns, as three objects that pack in one quick call each:
    the paths joined by NUL, the sizes and the mtimes as array "q" bytes. Made a few thousand
    at a time: one join of a big vault's paths holds the GIL throughout (~15 ms at 100k), one
    array of its mtimes 5-9 ms."""
    return _joined_paths(paths), _int64_bytes(sizes), _int64_bytes(mtimes)


def _joined_paths(paths: Sequence[str]) -> str:
    return "\0".join(["\0".join(part) for part in _chunks(paths, _UNPACKED_AT_ONCE)])


def _int64_bytes(values: list[int]) -> bytes:
    numbers = array("q")
    for part in _chunks(values, _UNPACKED_AT_ONCE):
        numbers.fromlist(part)
    return numbers.tobytes()


def child_stamps(packed: PackedStamps) -> ChildStamps:
    """``packed`` with the paths as UTF-8 bytes, for a child process: pickling a str encodes
    it in one call that holds the GIL (~15 ms for 100k paths), while bytes are only copied.
    Encoded a part at a time."""
    paths, sizes, mtimes = packed
    encoded = [part.encode("utf-8", STRING_ERRORS) for part in _chunks(paths, _ENCODED_AT_ONCE)]
    return b"".join(encoded), sizes, mtimes


def stamps_from_parent(packed: ChildStamps) -> dict[str, Stamp]:
    """The stamps ``child_stamps`` packed (in the child: all at once)."""
    paths, sizes, mtimes = packed
    return unpack_stamps((paths.decode("utf-8", STRING_ERRORS), sizes, mtimes))


def unpack_stamps(packed: PackedStamps) -> dict[str, Stamp]:
    """The stamps ``pack_stamp_columns`` packed. Raises ValueError when the three do not agree."""
    return stamps_table(*unpack_columns(packed))


def stamps_table(names: list[str], sizes: array, mtimes: array) -> dict[str, Stamp]:
    """path -> (size, mtime_ns) of the files whose columns these are."""
    return dict_in_parts(names, sizes, mtimes, size=_UNPACKED_AT_ONCE)


def unpack_columns(packed: PackedStamps) -> tuple[list[str], array, array]:
    """The paths, sizes and mtimes ``pack_stamp_columns`` packed, as columns. Raises ValueError when
    the three do not agree."""
    paths, sizes, mtimes = packed
    names = _split_in_parts(paths, "\0") if paths else []
    sizes, mtimes = array("q", sizes), array("q", mtimes)
    if not len(names) == len(sizes) == len(mtimes):
        raise ValueError("the packed stamps do not agree")
    return names, sizes, mtimes


def _split_in_parts(text: str, separator: str, part_chars: int = 100_000) -> list[str]:
    """``text.split(separator)``, a part of about ``part_chars`` characters at a time (see
    _UNPACKED_AT_ONCE)."""
    found: list[str] = []
    start = 0
    while True:
        cut = text.find(separator, start + part_chars)
        if cut < 0:
            found += text[start:].split(separator)
            return found
        found += text[start:cut].split(separator)
        start = cut + 1


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    """``items`` in slices of ``size``: work done a slice at a time lets other threads in."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def encode_snapshot(snapshot: Snapshot) -> Iterator[bytes]:
    """``snapshot`` as the store keeps it: parts of (kind, items). First the files' stamps,
    packed (``pack_stamp_columns``), which a warm opening reads alone to show the tree at once (in
    parts too: packed in one, a big vault's paths took ~30 MB at 100k notes); then
    the paths the answers and the backlinks' table reach that are not files (``PATHS_PART``),
    the answers' shapes (one part) and columns, then the notes' columns and the two tables.
    Every path past the first part is a number: its place among the files, then among those
    other paths; one past them all is no path. Kept as strings, each part's paths were read
    back as strings of their own, a copy of each path for each time it was named (at 100k
    notes, ~60 MB). The tables name notes by their number in the notes' order (array "I"
    bytes). The keys' table is packed again inside its parts, to be unpacked only when asked
    for (``Snapshot.sources_by_key``). Saved while the window takes in a big batch, the
    snapshot adds to the window's peak memory: nothing is made for every note that need not be."""
    notes, others = snapshot.notes, snapshot.others
    # In path order: the tree sorts them again, which then takes one pass. Sorted in pieces: a
    # snapshot is saved on the session's thread while the window is in use.
    files = sorted_in_pieces(chain(notes, others))
    size = PART_SIZES["files"]
    for start in range(0, max(len(files), 1), size):  # one part at least, even of no files
        yield pack((FILES_PART, _packed_files(files[start : start + size], notes, others)))
    path_numbers = {path: number for number, path in enumerate(files)}
    pool = snapshot.pool
    elsewhere = sorted({path for path in pool.paths if path is not None and path not in path_numbers}
                       | {path for path in snapshot.incoming if path not in path_numbers})
    yield pack((PATHS_PART, elsewhere))
    path_numbers.update((path, number) for number, path in enumerate(elsewhere, len(files)))
    no_path = len(path_numbers)

    def numbered(table: dict | StringMultimap, size: int) -> Iterator[list]:
        """The items of ``table`` ``size`` at a time, each value as its strings' numbers: a
        part at a time, not the whole table's (~100 bytes a key) before the first is packed."""
        items = iter(table.items())
        while chunk := list(islice(items, size)):
            yield [(key, array("I", [path_numbers[value]] if type(value) is str
                               else map(path_numbers.__getitem__, value)).tobytes()) for key, value in chunk]

    yield pack(("shapes", encode_shapes(pool.shapes)))
    size = PART_SIZES["answers"]
    for start in range(0, len(pool.keys), size):
        end = start + size
        paths = array("I", [no_path if path is None else path_numbers[path] for path in pool.paths[start:end]])
        yield pack(("answers", [pool.keys[start:end], paths.tobytes(), pool.codes[4 * start : 4 * end]]))
    # In path order too: the restored index's notes (``VaultIndex.notes``) are then sorted
    # in one pass, not merged (~30 ms at 100k notes, as the window waits for its backlinks).
    for chunk in _chunks([path for path in files if path in notes], PART_SIZES["notes"]):
        yield pack(("notes", _note_columns(chunk, notes, path_numbers)))
    for chunk in numbered(snapshot.incoming, PART_SIZES["incoming"]):
        keys, values = zip(*chunk)
        yield pack(("incoming", [array("I", map(path_numbers.__getitem__, keys)).tobytes(), values]))
    for chunk in numbered(snapshot.sources_by_key(), PART_SIZES["by_key"]):
        yield pack(("by_key", [pack(chunk)]))


def _packed_files(files: list[str], notes: dict[str, StoredNoteEntry], others: dict[str, Stamp]) -> PackedStamps:
    """``pack_stamp_columns`` of ``files``, their stamps taken from ``notes`` and ``others``: not a
    table of every file's stamp made first."""
    return pack_stamp_columns(files, [notes[path].size if path in notes else others[path][0] for path in files],
                              [notes[path].mtime_ns if path in notes else others[path][1] for path in files])


def _note_columns(paths: list[str], notes: dict[str, StoredNoteEntry], path_numbers: dict[str, int]) -> list:
    """The entries of ``paths`` in ``notes`` as columns: the paths' numbers (array "I" bytes;
    their stamps are the files'), the picks, the titles, the aliases, the tags."""
    _sizes, _mtimes, picks, titles, aliases, tags = zip(*map(notes.__getitem__, paths))
    return [array("I", map(path_numbers.__getitem__, paths)).tobytes(), list(picks), list(titles),
            list(aliases), list(tags)]


def stale_between(stamps: Mapping[str, Stamp], now: Mapping[str, Stamp]) -> set[str]:
    """The paths that appeared, vanished, or changed size or mtime from ``stamps`` to ``now``
    (each path -> (size, mtime_ns)). Loops, not set operations on the items: a set operation
    is one call, which holds the GIL over every file of a big vault and stalls the window's
    process; a loop lets its other threads in."""
    stale = {path for path, stamp in now.items() if stamps.get(path) != stamp}
    stale.update(path for path in stamps if path not in now)
    return stale


def changed_since(snapshot: Snapshot, stamps: Mapping[str, Stamp]) -> tuple[list[str], list[str]]:
    """(the paths that are new or whose size or mtime changed, in ``stamps``' order; the paths
    gone, in the snapshot's) between ``snapshot`` and the files as ``stamps`` has them now."""
    before = snapshot_stamps(snapshot)
    stale = stale_between(before, stamps)
    return [path for path in stamps if path in stale], [path for path in before if path not in stamps]
