"""Back/forward history of the notes visited."""

from __future__ import annotations


class History:
    """A list of visited vault paths with a cursor, as a web browser keeps."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._cursor = -1

    def clear(self) -> None:
        self._paths, self._cursor = [], -1

    @property
    def current(self) -> str | None:
        return self._paths[self._cursor] if self._cursor >= 0 else None

    def visit(self, path: str) -> None:
        """Record a visit; visiting the current note again records nothing."""
        if path == self.current:
            return
        del self._paths[self._cursor + 1 :]
        self._paths.append(path)
        self._cursor = len(self._paths) - 1

    def back(self) -> str | None:
        if self._cursor <= 0:
            return None
        self._cursor -= 1
        return self.current

    def forward(self) -> str | None:
        if self._cursor >= len(self._paths) - 1:
            return None
        self._cursor += 1
        return self.current

    def rename(self, old: str, new: str) -> None:
        """A note was renamed on disk: its entries follow it."""
        self._paths = [new if p == old else p for p in self._paths]
