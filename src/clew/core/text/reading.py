"""Bytes -> text: BOM, UTF-8, legacy encodings, binary and size guards, and what was done."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path


# Notes larger than this are read only up to it; the rest waits for the user to ask.
MAX_NOTE_BYTES = 2 * 1024 * 1024
# A note over MAX_NOTE_BYTES is shown in parts of this size, one at a time: a part's page lays
# out quickly whole (layout_bound.PAGE_BUDGET), unless its lines are very short.
PART_BYTES = 64 * 1024
# How far past a part's nominal start a line end is looked for, to begin the part on a new line.
_LINE_SEARCH_BYTES = 64 * 1024
_BINARY_SNIFF_BYTES = 8192
# UTF-16/32 without a BOM is taken for text when this share of it is printable (or tabs and
# line ends): binary data read in those forms is full of control and unassigned characters.
_PLAIN_SHARE = 0.97

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class NoteText:
    """A note's text and how it was obtained. ``notices`` are sentences for the user."""

    text: str
    encoding: str = "utf-8"
    binary: bool = False
    truncated: bool = False
    notices: tuple[str, ...] = field(default=())
    # Mojibake decoded without the repair's models choosing the lost bytes: a quick reading.
    read_quickly: bool = False

    @property
    def empty(self) -> bool:
        return not self.binary and not self.text.strip()


class NoteUnreadable(OSError):
    """The file could not be read at all (gone, permission denied, a folder, …)."""


class NoteGone(NoteUnreadable):
    """No file is at that path: removed, or its name is spelt otherwise on disk (NFD)."""


def decode_bytes(data: bytes) -> NoteText:
    """Decode a note's bytes: BOM first, then UTF-16/32 that is plainly text, strict UTF-8,
    UTF-8 mixed line by line with a legacy encoding, then a detected legacy encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return NoteText(data.decode(encoding, errors="replace"), encoding=encoding)
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        wide = _wide_text(data)
        if wide is not None:
            return wide
        return NoteText("", encoding="binary", binary=True,
                        notices=("This file holds binary data (NUL bytes), not text; it is not shown.",))
    try:
        return NoteText(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    # charset-normalizer (~10 ms to import): only for a note that is not UTF-8.
    from clew.core.text.legacy_encoding import best_match, decode_mixed

    mixed = decode_mixed(data)
    if mixed is not None:
        count = f"{mixed.legacy_lines} line{'s' if mixed.legacy_lines != 1 else ''}"
        return NoteText(mixed.text, encoding=f"utf-8 and {mixed.encoding}", notices=(
            f"Decoded line by line: {count} as {_code_page_name(mixed.encoding)}, the rest as UTF-8 "
            "(the file mixes encodings).",))
    best = best_match(data)
    if best is None:
        return NoteText("", encoding="binary", binary=True,
                        notices=("This file is not text in any encoding Clew knows; it is not shown.",))
    encoding = best.encoding
    return NoteText(str(best), encoding=encoding,
                    notices=(f"Read as {encoding}: the file is not UTF-8.",))


def _wide_encoding(sample: bytes) -> str | None:
    """The UTF-32 or UTF-16 form whose zero bytes are where ``sample``'s are, or None. Text in
    these forms has zero high bytes (ASCII, spaces, line ends) at one place in each unit and
    nowhere else; binary data has them anywhere."""
    units = sample[: len(sample) - len(sample) % 4]
    if units and not any(units[3::4]) and max(units[2::4]) <= 0x10:
        return "utf-32-le"
    if units and not any(units[0::4]) and max(units[1::4]) <= 0x10:
        return "utf-32-be"
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd and not even:
        return "utf-16-le"
    if even and not odd:
        return "utf-16-be"
    return None


def _plainly_text(text: str) -> bool:
    """Almost every character printable, a tab or a line end: what a person writes."""
    readable = sum(1 for c in text if c.isprintable() or c in "\t\n\r")
    return bool(text.strip()) and readable >= _PLAIN_SHARE * len(text)


def _wide_text(data: bytes) -> NoteText | None:
    """``data`` as UTF-16 or UTF-32 without a BOM, if it plainly is text in one of them."""
    sample = data[:_BINARY_SNIFF_BYTES]
    encoding = _wide_encoding(sample)
    if encoding is None:
        return None
    try:
        # Incremental: the sample may end inside a character.
        start = codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None
    if not _plainly_text(start):
        return None
    unit = 4 if "32" in encoding else 2
    text = data[: len(data) - len(data) % unit].decode(encoding, errors="replace")
    name = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    return NoteText(text, encoding=encoding, notices=(f"Read as {name} without a byte order mark.",))


def _code_page_name(encoding: str) -> str:
    """The name users know an encoding by: windows-1251 for cp1251, koi8-r for koi8_r."""
    return f"windows-{encoding[2:]}" if encoding.startswith("cp125") else encoding.replace("_", "-")


def size_text(count: int) -> str:
    """A byte count as people read it: 2.5 MB, 12 KB, 300 bytes."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


# Non-blocking, so a FIFO or device that took a note's name cannot hang the reader; it is
# refused instead.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _open(path: Path | str) -> int:
    """A read-only descriptor on a regular file."""
    return _open_with_status(path)[0]


def _open_with_size(path: Path | str) -> tuple[int, int]:
    """``_open``, and the file's size as it was opened."""
    descriptor, status = _open_with_status(path)
    return descriptor, status.st_size


def _open_with_status(path: Path | str) -> tuple[int, os.stat_result]:
    """``_open``, and the file's status as it was opened."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as error:
        raise NoteGone(f"the file is gone: {os.path.basename(path)}") from error
    except IsADirectoryError as error:
        raise NoteUnreadable(f"this is a folder, not a note: {os.path.basename(path)}") from error
    except PermissionError as error:
        raise NoteUnreadable(f"permission denied: {os.path.basename(path)}") from error
    except OSError as error:
        raise NoteUnreadable(f"cannot read {os.path.basename(path)}: {error.strerror or error}") from error
    status = os.fstat(descriptor)
    if stat.S_ISDIR(status.st_mode):
        os.close(descriptor)
        raise NoteUnreadable(f"this is a folder, not a note: {os.path.basename(path)}")
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise NoteUnreadable(f"this is not a regular file (a pipe or a device): {os.path.basename(path)}")
    return descriptor, status


def _read(descriptor: int, offset: int, count: int, name: str) -> bytes:
    chunks: list[bytes] = []
    try:
        os.lseek(descriptor, offset, os.SEEK_SET)
        while count > 0:
            chunk = os.read(descriptor, min(count, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            count -= len(chunk)
    except OSError as error:
        raise NoteUnreadable(f"cannot read {name}: {error.strerror or error}") from error
    return b"".join(chunks)


def read_note(path: Path, limit: int = MAX_NOTE_BYTES) -> NoteText:
    """Read a note from disk (at most ``limit`` bytes). Raises NoteUnreadable with a reason."""
    return read_stamped_note(path, limit)[0]


def read_stamped_note(path: Path, limit: int = MAX_NOTE_BYTES) -> tuple[NoteText, tuple[int, int]]:
    """``read_note``, and the file's (size, mtime_ns) as it was opened, before its bytes were
    read: taken from the open file, it costs no ``stat`` of the path. A write during the read
    changes the mtime after it, which whoever keeps something by this stamp checks."""
    descriptor, status = _open_with_status(path)
    try:
        data = _read(descriptor, 0, limit + 1, path.name)
    finally:
        os.close(descriptor)
    stamp = status.st_size, status.st_mtime_ns
    if len(data) <= limit:
        return decode_bytes(data), stamp
    # Cut at a line end so a multi-byte character is never split in two.
    cut = data.rfind(b"\n", 0, limit)
    note = decode_bytes(data[: cut if cut > 0 else limit])
    notice = f"This note is larger than {size_text(limit)}; only its beginning is shown."
    return NoteText(note.text, note.encoding, note.binary, True, note.notices + (notice,)), stamp


def note_bytes(path: Path | str, limit: int = MAX_NOTE_BYTES) -> bytes:
    """The note's bytes as they are on disk (at most ``limit``, guarded as ``read_note``), not
    decoded: for a scan that only asks whether a note may hold a string, before anything is
    read as text. Raises NoteUnreadable."""
    descriptor, size = _open_with_size(path)
    try:
        # Asked for by its size: a read sized by ``limit`` allocates megabytes for every note.
        size = min(size, limit)
        data = os.read(descriptor, size + 1)
        if len(data) > size:  # grown since, or a size the file system does not tell
            data += _read(descriptor, len(data), limit - len(data), os.path.basename(path))
    except OSError as error:
        raise NoteUnreadable(f"cannot read {os.path.basename(path)}: {error.strerror or error}") from error
    finally:
        os.close(descriptor)
    return data


# Bytes ``walked_note_bytes`` reads of a note at once: most notes whole (bench notes are ~3 KB).
_FIRST_READ = 64 * 1024


def walked_note_bytes(path: str) -> bytes:
    """``note_bytes`` of a file a walk of the vault found regular, without a stat for its size
    first: at 100k notes the stats were a sixth of a scan's time. A read that fills its buffer
    leaves a big note to ``note_bytes``. Raises OSError (a NoteUnreadable from ``note_bytes``)."""
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        data = os.read(descriptor, _FIRST_READ)
    finally:
        os.close(descriptor)
    return data if len(data) < _FIRST_READ else note_bytes(path)


@dataclass(frozen=True)
class NotePart:
    """One part of a note too big to show whole: its text, which part it is, and how many."""

    note: NoteText
    part: int
    parts: int
    size: int


def _part_start(descriptor: int, part: int, part_bytes: int, name: str) -> int:
    """Where ``part`` begins: just after the first line end at or past its nominal offset (or,
    without one near, at the next byte that starts a UTF-8 character)."""
    if part == 0:
        return 0
    nominal = part * part_bytes
    window = _read(descriptor, nominal, _LINE_SEARCH_BYTES, name)
    newline = window.find(b"\n")
    if newline >= 0:
        return nominal + newline + 1
    skip = 0
    while skip < min(4, len(window)) and 0x80 <= window[skip] <= 0xBF:
        skip += 1
    return nominal + skip


def read_part(path: Path, part: int, part_bytes: int = PART_BYTES) -> NotePart:
    """Read part ``part`` (from 0) of a big note; parts begin on a new line, so together they
    hold every byte once. Raises NoteUnreadable with a reason."""
    descriptor = _open(path)
    try:
        size = os.fstat(descriptor).st_size
        parts = max(1, -(-size // part_bytes))
        part = min(max(part, 0), parts - 1)
        start = _part_start(descriptor, part, part_bytes, path.name)
        end = _part_start(descriptor, part + 1, part_bytes, path.name) if part + 1 < parts else size
        data = _read(descriptor, start, max(0, end - start), path.name)
    finally:
        os.close(descriptor)
    return NotePart(decode_bytes(data), part, parts, size)
