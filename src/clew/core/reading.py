"""Bytes -> text: BOM, UTF-8, legacy encodings, binary and size guards, and what was done."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

# Notes larger than this are read only up to it; the rest waits for the user to ask.
MAX_NOTE_BYTES = 2 * 1024 * 1024
_BINARY_SNIFF_BYTES = 8192

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

    @property
    def empty(self) -> bool:
        return not self.binary and not self.text.strip()


class NoteUnreadable(OSError):
    """The file could not be read at all (gone, permission denied, a folder, …)."""


def decode_bytes(data: bytes) -> NoteText:
    """Decode a note's bytes: BOM first, then strict UTF-8, then a detected legacy encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return NoteText(data.decode(encoding, errors="replace"), encoding=encoding)
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        return NoteText("", encoding="binary", binary=True,
                        notices=("This file holds binary data (NUL bytes), not text; it is not shown.",))
    try:
        return NoteText(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return NoteText("", encoding="binary", binary=True,
                        notices=("This file is not text in any encoding Clew knows; it is not shown.",))
    encoding = best.encoding
    return NoteText(str(best), encoding=encoding,
                    notices=(f"Read as {encoding}: the file is not UTF-8.",))


def _size(count: int) -> str:
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count} bytes"


def read_note(path: Path, limit: int = MAX_NOTE_BYTES) -> NoteText:
    """Read a note from disk (at most ``limit`` bytes). Raises NoteUnreadable with a reason."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as error:
        raise NoteUnreadable(f"the file is gone: {path.name}") from error
    except IsADirectoryError as error:
        raise NoteUnreadable(f"this is a folder, not a note: {path.name}") from error
    except PermissionError as error:
        raise NoteUnreadable(f"permission denied: {path.name}") from error
    except OSError as error:
        raise NoteUnreadable(f"cannot read {path.name}: {error.strerror or error}") from error
    if len(data) <= limit:
        return decode_bytes(data)
    # Cut at a line end so a multi-byte character is never split in two.
    cut = data.rfind(b"\n", 0, limit)
    note = decode_bytes(data[: cut if cut > 0 else limit])
    notice = f"This note is larger than {_size(limit)}; only its beginning is shown."
    return NoteText(note.text, note.encoding, note.binary, True, note.notices + (notice,))
