"""Big tables emptied gradually, so that freeing them never holds the GIL in one call."""

from __future__ import annotations


def empty_gradually(container: dict | set | list) -> None:
    """Empty ``container`` one entry at a time. Freed in one go, a table of 100k entries is one
    call that holds the GIL until everything it held is freed; a loop lets other threads in."""
    take = container.popitem if isinstance(container, dict) else container.pop
    while container:
        take()
