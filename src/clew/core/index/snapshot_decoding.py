"""Reading a stored snapshot of the index back: each part the store kept
(``snapshot.encode_snapshot``) decoded and checked, a column at a time, before the index trusts
it. A part that is not what this Clew writes raises one of ``store_codec.UNREADABLE``."""

from __future__ import annotations

import functools
import logging
from array import array
from collections.abc import Iterable, Iterator
from itertools import chain, repeat

from clew.core.index.resolution_pool import AnswerColumns
from clew.core.index.snapshot import FILES_PART, Snapshot, Stamp, StoredNoteEntry
from clew.core.index.store_codec import UNREADABLE, UnreadableRecord, all_of, decode_shapes, pack, unpack

_log = logging.getLogger(__name__)

# How the files' part begins: msgpack's header of a pair, then its kind.
_FILES_HEAD = b"\x92" + pack(FILES_PART)


def decode_snapshot(parts: Iterable[bytes], paths: Iterable[str] = ()) -> Snapshot:
    """The snapshot kept as ``parts`` (``snapshot.encode_snapshot``), each checked. The
    checks look at a part's items a column at a time (``map`` over the column, types in a
    set): item by item, each would be a Python call, and a warm start checks millions.

    Each path is the string of the files already listed (``paths``): decoded, the notes'
    entries, the answers (a path for each spelling that reaches it) and the table of incoming
    links each held a copy of it besides (at 30k multilingual notes, 18 MB of copies; 10 MB in
    English). Looked up in C (``map(one.get, ...)``), not interned in Python a path at a time:
    a warm start decodes hundreds of thousands."""
    listed = list(paths)  # zipped with itself, an iterator would pair each path with the next
    one = dict(zip(listed, listed))
    shapes: list = []
    answer_keys: list = []
    answer_paths: list = []
    answer_codes: list[bytes] = []
    notes: dict = {}
    others: dict = {}
    incoming: dict = {}
    by_key: list[bytes] = []
    for blob in parts:
        if blob[:len(_FILES_HEAD)] == _FILES_HEAD:
            # What load_listing reads (the notes' and the others' entries say it too): told by
            # its first bytes, not unpacked (one call of ~10 ms at 100k files).
            continue
        found = unpack(blob)
        if not (type(found) is tuple and len(found) == 2 and type(found[1]) is tuple):
            raise UnreadableRecord("the stored index is not one of this Clew")
        kind, items = found
        if kind == "shapes":
            if shapes or answer_keys:
                raise UnreadableRecord("the stored index's answers have the wrong shape")
            shapes = decode_shapes(items)
        elif kind == "answers":
            _check_answers(items, len(shapes))
            answer_keys += items[0]
            answer_paths += map(one.get, items[1], items[1])
            answer_codes.append(items[2])
        elif kind == "notes":
            notes.update(_notes_of(items, len(answer_keys), one))
        elif kind == "others":
            others.update(_others_of(items, one))
        elif kind == "incoming":
            keys, values = _check_table(items, len(notes))
            incoming.update(zip(map(one.get, keys, keys), values))
        elif kind == "by_key":
            if not (len(items) == 1 and type(items[0]) is bytes):
                raise UnreadableRecord("the stored index's keys have the wrong shape")
            by_key.append(items[0])
        else:
            raise UnreadableRecord(f"the stored index holds an unknown part: {kind!r}")
    if not answer_keys:
        raise UnreadableRecord("the stored index has no answers")
    return Snapshot(AnswerColumns(answer_keys, answer_paths, shapes, b"".join(answer_codes)), notes, others,
                    incoming, functools.partial(_sources_by_key, by_key, len(notes)))


def _sources_by_key(parts: list[bytes], notes: int) -> dict | None:
    """The keys' table of a snapshot kept in ``parts``, each checked; None when one cannot be
    trusted. Filled a part at a time: a dict made of them all in one call would hold the GIL
    until it was made, and stall the window."""
    table: dict = {}
    try:
        for blob in parts:
            found = unpack(blob)
            if type(found) is not tuple:
                raise UnreadableRecord("the stored index's keys have the wrong shape")
            _check_table(found, notes)
            table.update(found)
    except UNREADABLE as error:
        _log.info("stored table of keys not used: %s", error)
        return None
    return table


def _check_table(items: tuple, notes: int) -> tuple[tuple, tuple]:
    """Check a part of a table of key -> sources (array "I" bytes, numbers of ``notes``); its
    keys and values. Each value is decoded when its key is first used, so the numbers are
    checked here, a part at a time: all at once, one call would hold the GIL over the whole table."""
    keys, values = _columns(items, 2)
    if not (all_of(str, keys) and _are_numbers(values) and all(values)):
        raise UnreadableRecord("the stored index's tables hold the wrong types")
    if values and max(array("I", b"".join(values))) >= notes:
        raise UnreadableRecord("the stored index's tables name notes it does not have")
    return keys, values


def _columns(items: tuple, width: int) -> tuple[tuple, ...]:
    """The columns of ``items``, a tuple of tuples of ``width`` (checked)."""
    if not (all_of(tuple, items) and set(map(len, items)) <= {width}):
        raise UnreadableRecord("the stored index's items have the wrong shape")
    return tuple(zip(*items)) if items else ((),) * width


def _are_numbers(column: tuple) -> bool:
    """Whether each of ``column`` is bytes holding whole array("I") items."""
    return all_of(bytes, column) and not any(map((4).__rmod__, map(len, column)))


def _check_answers(items: tuple, shapes: int) -> None:
    """Check a part of the answers' columns: keys, paths, and their shapes' numbers."""
    if not (len(items) == 3 and type(items[0]) is tuple and type(items[1]) is tuple and _are_numbers(items[2:])):
        raise UnreadableRecord("the stored index's answers have the wrong shape")
    keys, paths, codes = items
    numbers = memoryview(codes).cast("I")
    if not (len(keys) == len(paths) == len(numbers) and set(map(type, keys)) <= {str, type(None)}
            and set(map(type, paths)) <= {str, type(None)}):
        raise UnreadableRecord("the stored index's answers hold the wrong types")
    if max(numbers, default=0) >= shapes:
        raise UnreadableRecord("the stored index's answers reach past their shapes")


def _notes_of(items: tuple, answers: int, one: dict[str, str]) -> Iterator[tuple[str, StoredNoteEntry]]:
    """The notes' entries of a part kept as columns (``snapshot._note_columns``), checked a
    column at a time: entry by entry, it would be Python calls for every note of a warm start.
    A path already in ``one`` is that string."""
    if not (len(items) == 7 and [type(column) for column in items] == [tuple, bytes, bytes, tuple, tuple, tuple, tuple]):
        raise UnreadableRecord("the stored index's notes have the wrong shape")
    paths, sizes, mtimes, picks, titles, aliases, tags = items
    sizes, mtimes = array("q", sizes), array("q", mtimes)
    if not (len(paths) == len(sizes) == len(mtimes) == len(picks) == len(titles) == len(aliases) == len(tags)
            and all_of(str, paths) and _are_numbers(picks) and all_of(str, titles)
            and all_of(tuple, aliases) and all_of(tuple, tags)
            and set(map(type, chain.from_iterable(aliases))) <= {str}
            and set(map(type, chain.from_iterable(tags))) <= {str}):
        raise UnreadableRecord("the stored index's notes hold the wrong types")
    if max(memoryview(b"".join(picks)).cast("I"), default=0) >= answers:
        raise UnreadableRecord("the stored index's notes reach past its answers")
    # tuple.__new__ makes each entry in one C call: the NamedTuple's own constructor is a
    # Python function, called for every note of a warm start.
    entries = map(tuple.__new__, repeat(StoredNoteEntry), zip(sizes, mtimes, picks, titles, aliases, tags))
    return zip(map(one.get, paths, paths), entries)


def _others_of(items: tuple, one: dict[str, str]) -> Iterator[tuple[str, Stamp]]:
    """The entries of a part of the files that are not notes: (path, (size, mtime_ns)), checked;
    a path already in ``one`` is that string."""
    paths, stamps = _columns(items, 2)
    sizes, mtimes = _columns(stamps, 2)
    if not (all_of(str, paths) and all_of(int, sizes) and all_of(int, mtimes)):
        raise UnreadableRecord("the stored index's other files hold the wrong types")
    return zip(map(one.get, paths, paths), stamps)
