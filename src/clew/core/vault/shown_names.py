"""File names as a person can read them, whatever bytes they hold.

A file name is bytes; Python reads a byte that is not UTF-8 into a lone surrogate (U+DC80 to
U+DCFF, "surrogateescape"), which no UTF-8 output, JSON text, SQLite or Qt string can carry.
Shown, such a byte is written ``\\xff``, as Python writes a byte.
"""

from __future__ import annotations


def shown_name(name: str) -> str:
    """``name`` with each byte that is not UTF-8 written ``\\xff``; any other text unchanged
    (a lone surrogate not from a byte, as a Windows name may hold, is written ``\\udc80``)."""
    if name.isascii():
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")

