"""How the facts store encodes what it keeps: msgpack of plain values, checked when read back.

A row or a part is strings, numbers, bytes and arrays of them; enums are kept by value. Read
back, nothing is looked up by name and nothing runs: a value of the wrong type or shape is
refused (``UNREADABLE``), and the note is read again from disk. Not pickle: its form changes
between Python patch releases, so a store written by one interpreter may be refused by
another; Debian's 3.11.2 pickles enums through ``builtins.getattr``, which a reader that looks
nothing up by name must refuse, so it could not even read its own. Which encoding a store
holds is named by its schema (``store.STORE_FORMAT``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import msgpack

from clew.core.links.model import How, Link, LinkKind, Unresolved
from clew.core.notes.parsing import Heading, NoteFacts


class UnreadableRecord(ValueError):
    """A row or part of the store is not what this Clew writes."""


# What reading a row or part that cannot be trusted raises: damaged, tampered with, or written
# by another build. msgpack's own errors are ValueErrors but for a truncated buffer.
UNREADABLE = (ValueError, TypeError, KeyError, IndexError, msgpack.UnpackException)

# Paths whose names are not UTF-8 on disk hold lone surrogates (surrogateescape), and a note's
# text may too: kept as their UTF-8-like bytes, read back as the same strings.
STRING_ERRORS = "surrogatepass"

_LINK_KINDS = {kind.value: kind for kind in LinkKind}
_HOWS = {None: None, **{how.value: how for how in How}}
_REASONS = {None: None, **{reason.value: reason for reason in Unresolved}}


def pack(value: object) -> bytes:
    """``value`` (nested tuples and lists of str, int, bool, None and bytes) as msgpack."""
    return msgpack.packb(value, use_bin_type=True, unicode_errors=STRING_ERRORS)


def unpack(blob: bytes) -> object:
    """What ``pack`` packed, with every array read back as a tuple. Raises one of UNREADABLE."""
    if type(blob) is not bytes:
        raise UnreadableRecord("a record of the store is not bytes")
    return msgpack.unpackb(blob, use_list=False, raw=False, unicode_errors=STRING_ERRORS)


def all_of(kind: type, column: object) -> bool:
    """Whether ``column`` is a tuple of ``kind`` only (a bool is not an int here). By the set of
    types, not item by item: the store checks millions of items on a warm start."""
    return type(column) is tuple and set(map(type, column)) <= {kind}


def encode_facts(facts: NoteFacts) -> bytes:
    """A note's facts as a row: the title, the links as five columns (kind, target, fragment,
    text, line), the headings as three (level, text, line), then tags, aliases and block ids."""
    links = facts.links
    headings = facts.headings
    return pack((
        facts.title,
        [link.kind.value for link in links], [link.target for link in links],
        [link.fragment for link in links], [link.text for link in links], [link.line for link in links],
        [heading.level for heading in headings], [heading.text for heading in headings],
        [heading.line for heading in headings],
        facts.tags, facts.aliases, facts.block_ids,
    ))


def decode_facts(blob: bytes) -> NoteFacts:
    """The facts ``encode_facts`` kept, each column checked. Targets and fragments are interned
    as the parser interns them (``sys.intern`` also refuses anything but a string): otherwise
    each note read back holds its own copy of each."""
    row = unpack(blob)
    if not (type(row) is tuple and len(row) == 12):
        raise UnreadableRecord("a facts store row has the wrong shape")
    title, kinds, targets, fragments, texts, lines, levels, heading_texts, heading_lines, *names = row
    if not (type(title) is str and _same_length(kinds, targets, fragments, texts, lines)
            and all_of(str, texts) and all_of(int, lines)
            and _same_length(levels, heading_texts, heading_lines)
            and all_of(int, levels) and all_of(str, heading_texts) and all_of(int, heading_lines)
            and all(all_of(str, column) for column in names)):
        raise UnreadableRecord("a facts store row holds the wrong types")
    links = tuple(map(Link, map(_LINK_KINDS.__getitem__, kinds), map(sys.intern, targets),
                      map(sys.intern, fragments), texts, lines))
    return NoteFacts(title, links, tuple(map(Heading, levels, heading_texts, heading_lines)), *names)


def encode_shapes(shapes: Iterable[tuple]) -> list[tuple]:
    """Answers' shapes (``resolution_pool.Shape``) with their enums by value."""
    return [(how and how.value, case_insensitive, candidates, reason and reason.value)
            for how, case_insensitive, candidates, reason in shapes]


def decode_shapes(items: object) -> list[tuple]:
    """The shapes ``encode_shapes`` kept, checked."""
    if type(items) is not tuple:
        raise UnreadableRecord("the stored index's answers have the wrong shape")
    found = []
    for shape in items:
        if not (type(shape) is tuple and len(shape) == 4):
            raise UnreadableRecord("the stored index's answers have the wrong shape")
        how, case_insensitive, candidates, reason = shape
        if not (type(case_insensitive) is bool and all_of(str, candidates)):
            raise UnreadableRecord("the stored index's answers hold the wrong types")
        found.append((_HOWS[how], case_insensitive, candidates, _REASONS[reason]))
    return found


def _same_length(*columns: object) -> bool:
    return all(type(column) is tuple for column in columns) and len(set(map(len, columns))) == 1
