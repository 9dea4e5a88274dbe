"""Reading a stored snapshot of the index back: each part the store kept
(``snapshot.encode_snapshot``) decoded and checked, a column at a time, before the index trusts
it. A part that is not what this Clew writes raises one of ``store_codec.UNREADABLE``."""

from __future__ import annotations

import functools
import logging
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, compress, islice, repeat
from typing import NamedTuple

from clew.core.index.resolution_pool import AnswerColumns
from clew.core.index.snapshot import (
    FILES_PART, PATHS_PART, Snapshot, Stamp, StoredFiles, StoredNoteEntry, unpack_columns,
)
from clew.core.memory.parts import dict_in_parts
from clew.core.index.store_codec import UNREADABLE, UnreadableRecord, all_of, decode_shapes, unpack

_log = logging.getLogger(__name__)

# Keys entered into a table per call: one call over a big vault's keys would hold the GIL.
_KEYS_AT_ONCE = 10_000


def decode_snapshot(parts: Iterable[bytes], paths: Iterable[str] = ()) -> Snapshot:
    """The snapshot kept as ``parts`` (``snapshot.encode_snapshot``), each checked: the files'
    (``decode_files``), then the rest (``decode_after_files``)."""
    parts = iter(parts)
    return decode_after_files(parts, *decode_files(parts), paths)


def decode_after_files(parts: Iterator[bytes], files: StoredFiles | None, after: object,
                       paths: Iterable[str] = ()) -> Snapshot:
    """The snapshot whose first parts ``decode_files`` read as ``files``, its part after them
    unpacked as ``after``, and its other parts still in ``parts``, each checked. The checks
    look at a part's items a column at a time (``map`` over the column, types in a set):
    item by item, each would be a Python call, and a warm start checks millions.

    Every path is one string: the parts name paths by number, and the numbers are looked up
    in the list the files and ``after`` hold. A path of ``paths`` (the files already listed)
    is that string, so that the snapshot holds no copy of the listing's paths either."""
    files = _paths_named(files, after, paths)
    no_path = len(files.paths)
    path_of = [*files.paths, None].__getitem__  # a number past the paths is no path
    shapes: list = []
    answer_keys: list = []
    answer_paths: list = []
    answer_codes: list[bytes] = []
    notes: dict = {}
    incoming: dict = {}
    by_key: list[bytes] = []
    for blob in parts:
        found = unpack(blob)
        if not (type(found) is tuple and len(found) == 2 and type(found[1]) is tuple):
            raise UnreadableRecord("the stored index is not one of this Clew")
        kind, items = found
        if kind == "shapes":
            if shapes or answer_keys:
                raise UnreadableRecord("the stored index's answers have the wrong shape")
            shapes = decode_shapes(items)
        elif kind == "answers":
            numbers = _check_answers(items, len(shapes), no_path)
            answer_keys += items[0]
            answer_paths += map(path_of, numbers)
            answer_codes.append(items[2])
        elif kind == "notes":
            notes.update(_notes_of(items, len(answer_keys), files))
        elif kind == "incoming":
            keys, values = _check_incoming(items, len(files.sizes), no_path)
            incoming.update(zip(map(path_of, keys), values))
        elif kind == "by_key":
            if not (len(items) == 1 and type(items[0]) is bytes):
                raise UnreadableRecord("the stored index's keys have the wrong shape")
            by_key.append(items[0])
        else:
            raise UnreadableRecord(f"the stored index holds an unknown part: {kind!r}")
    if not answer_keys:
        raise UnreadableRecord("the stored index has no answers")
    return Snapshot(AnswerColumns(answer_keys, answer_paths, shapes, b"".join(answer_codes)), notes, _others(files, notes),
                    incoming, functools.partial(_sources_by_key, by_key, len(files.sizes), answer_keys), files.paths)


def decode_files(parts: Iterator[bytes]) -> tuple[StoredFiles | None, object]:
    """The files' columns (paths, sizes, mtimes) the first parts of a snapshot hold
    (``FILES_PART``), None when there are no parts; and the part after them, unpacked (None
    when none). ``parts`` is read up to that part, and no further."""
    paths: list[str] = []
    sizes, mtimes = array("q"), array("q")
    after = None
    read = 0
    for blob in parts:
        found = unpack(blob)
        if not (type(found) is tuple and len(found) == 2 and found[0] == FILES_PART):
            after = found
            break
        read += 1
        packed = found[1]
        if not (type(packed) is tuple and len(packed) == 3 and type(packed[0]) is str
                and type(packed[1]) is bytes and type(packed[2]) is bytes):
            raise UnreadableRecord("the stored files hold the wrong types")
        names, part_sizes, part_mtimes = unpack_columns(packed)
        paths += names
        sizes += part_sizes
        mtimes += part_mtimes
    if not read:
        if after is None:
            return None, None
        raise UnreadableRecord("the stored index has no files")
    return StoredFiles(paths, sizes, mtimes), after


def _paths_named(files: StoredFiles | None, elsewhere: object, listed: Iterable[str]) -> _Files:
    """The paths the snapshot names by number: ``files`` with their stamps, then the other
    paths named (``elsewhere``, the part after them). Each path that ``listed`` holds is that
    string, looked up in C (``map(one.get, ...)``), not interned in Python a path at a time."""
    if files is None:
        raise UnreadableRecord("the stored index is empty")
    if not (type(elsewhere) is tuple and len(elsewhere) == 2 and elsewhere[0] == PATHS_PART
            and all_of(str, elsewhere[1])):
        raise UnreadableRecord("the stored index's other paths have the wrong shape")
    found, sizes, mtimes = [*files.paths, *elsewhere[1]], files.sizes, files.mtimes
    listed = list(listed)  # zipped with itself, an iterator would pair each path with the next
    if listed:
        # A part at a time: the table of 100k paths made in one call, and the look-ups in one
        # more, held the GIL 20-50 ms as a cold window took its first index in.
        one = _each_itself(listed)
        named: list[str] = []
        for start in range(0, len(found), _KEYS_AT_ONCE):
            part = found[start : start + _KEYS_AT_ONCE]
            named += map(one.get, part, part)
        found = named
    return _Files(found, sizes, mtimes)


def _each_itself(strings: list) -> dict:
    """Each of ``strings`` mapped to itself: a string read back is looked up there to take that
    one instead, a copy less. Made a part at a time, so that no one call holds the GIL long."""
    return dict_in_parts(strings, strings)


def _sources_by_key(parts: list[bytes], files: int, answer_keys: list[str | None]) -> dict | None:
    """The keys' table of a snapshot kept in ``parts``, each checked; None when one cannot be
    trusted. Each key is the string of the answers' keys (``answer_keys``) equal to it: read as
    strings of their own, the table's keys were a second copy of them (~20 MB at 100k notes).
    Filled a part at a time: a dict made of them all in one call would hold the GIL until it
    was made, and stall the window."""
    one = _each_itself(answer_keys)
    table: dict = {}
    try:
        for blob in parts:
            found = unpack(blob)
            if type(found) is not tuple:
                raise UnreadableRecord("the stored index's keys have the wrong shape")
            keys, values = _check_table(found, files)
            table.update(zip(map(one.get, keys, keys), values))
    except UNREADABLE as error:
        _log.info("stored table of keys not used: %s", error)
        return None
    return table


def _check_table(items: tuple, files: int) -> tuple[tuple, tuple]:
    """Check a part of the table of key -> sources (array "I" bytes, numbers of the ``files``);
    its keys and values."""
    keys, values = _columns(items, 2)
    if not all_of(str, keys):
        raise UnreadableRecord("the stored index's tables hold the wrong types")
    _check_sources(values, files)
    return keys, values


def _check_incoming(items: tuple, files: int, no_path: int) -> tuple[memoryview, tuple]:
    """Check a part of the backlinks' table: the numbers of its paths (array "I" bytes) and of
    their sources, in columns; the two."""
    if not (len(items) == 2 and _are_numbers(items[:1]) and type(items[1]) is tuple):
        raise UnreadableRecord("the stored index's backlinks have the wrong shape")
    keys = memoryview(items[0]).cast("I")
    if len(keys) != len(items[1]) or max(keys, default=0) >= no_path:
        raise UnreadableRecord("the stored index's backlinks name paths it does not have")
    _check_sources(items[1], files)
    return keys, items[1]


def _check_sources(values: tuple, files: int) -> None:
    """Check a table's values: each the numbers of one file or more of the first ``files``
    paths (a number of a file that is not a note names no links: none is found). Each value
    is decoded when its key is first used, so the numbers are checked here, a part at a time:
    all at once, one call would hold the GIL over the whole table."""
    if not (_are_numbers(values) and all(values)):
        raise UnreadableRecord("the stored index's tables hold the wrong types")
    if values and max(array("I", b"".join(values))) >= files:
        raise UnreadableRecord("the stored index's tables name notes it does not have")


def _columns(items: tuple, width: int) -> tuple[tuple, ...]:
    """The columns of ``items``, a tuple of tuples of ``width`` (checked)."""
    if not (all_of(tuple, items) and set(map(len, items)) <= {width}):
        raise UnreadableRecord("the stored index's items have the wrong shape")
    return tuple(zip(*items)) if items else ((),) * width


def _are_numbers(column: tuple) -> bool:
    """Whether each of ``column`` is bytes holding whole array("I") items."""
    return all_of(bytes, column) and not any(map((4).__rmod__, map(len, column)))


def _check_answers(items: tuple, shapes: int, no_path: int) -> memoryview:
    """Check a part of the answers' columns: keys, the numbers of their paths (``no_path``:
    none), and their shapes' numbers; the paths' numbers."""
    if not (len(items) == 3 and type(items[0]) is tuple and _are_numbers(items[1:])):
        raise UnreadableRecord("the stored index's answers have the wrong shape")
    keys = items[0]
    paths, codes = memoryview(items[1]).cast("I"), memoryview(items[2]).cast("I")
    if not (len(keys) == len(paths) == len(codes) and set(map(type, keys)) <= {str, type(None)}):
        raise UnreadableRecord("the stored index's answers hold the wrong types")
    if max(codes, default=0) >= shapes:
        raise UnreadableRecord("the stored index's answers reach past their shapes")
    if max(paths, default=0) > no_path:
        raise UnreadableRecord("the stored index's answers reach paths it does not have")
    return paths


class _Files(NamedTuple):
    """The paths a snapshot names, by number: the files (with their stamps), then the rest."""

    paths: list[str]
    sizes: array  # of the files, "q"
    mtimes: array


def _notes_of(items: tuple, answers: int, files: _Files) -> Iterator[tuple[str, StoredNoteEntry]]:
    """The notes' entries of a part kept as columns (``snapshot._note_columns``), checked a
    column at a time: entry by entry, it would be Python calls for every note of a warm start."""
    if not (len(items) == 5 and [type(column) for column in items] == [bytes, tuple, tuple, tuple, tuple]
            and _are_numbers(items[:1])):
        raise UnreadableRecord("the stored index's notes have the wrong shape")
    numbers, picks, titles, aliases, tags = items
    numbers = memoryview(numbers).cast("I")
    if not (len(numbers) == len(picks) == len(titles) == len(aliases) == len(tags)
            and _are_numbers(picks) and all_of(str, titles)
            and all_of(tuple, aliases) and all_of(tuple, tags)
            and set(map(type, chain.from_iterable(aliases))) <= {str}
            and set(map(type, chain.from_iterable(tags))) <= {str}):
        raise UnreadableRecord("the stored index's notes hold the wrong types")
    if max(numbers, default=0) >= len(files.sizes):
        raise UnreadableRecord("the stored index's notes are not among its files")
    if max(memoryview(b"".join(picks)).cast("I"), default=0) >= answers:
        raise UnreadableRecord("the stored index's notes reach past its answers")
    # tuple.__new__ makes each entry in one C call: the NamedTuple's own constructor is a
    # Python function, called for every note of a warm start.
    entries = map(tuple.__new__, repeat(StoredNoteEntry), zip(
        map(files.sizes.__getitem__, numbers), map(files.mtimes.__getitem__, numbers), picks, titles, aliases, tags))
    return zip(map(files.paths.__getitem__, numbers), entries)


def _others(files: _Files, notes: dict[str, StoredNoteEntry]) -> dict[str, Stamp]:
    """The files that are not notes, with their stamps."""
    others = [path not in notes for path in islice(files.paths, len(files.sizes))]
    return dict(zip(compress(files.paths, others), zip(compress(files.sizes, others), compress(files.mtimes, others))))
