"""Back/forward history of the notes visited, each with the scroll position it was left at."""

from __future__ import annotations


class History:
    """A list of visited vault paths with a cursor, as a web browser keeps."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._scrolls: list[int] = []
        self._cursor = -1

    def clear(self) -> None:
        self._paths, self._scrolls, self._cursor = [], [], -1

    @property
    def scroll(self) -> int:
        """Where the current note was scrolled to when it was last left (0 when never)."""
        return self._scrolls[self._cursor] if self._cursor >= 0 else 0

    def remember_scroll(self, value: int) -> None:
        """The reader is about to leave the current note: keep where they were."""
        if self._cursor >= 0:
            self._scrolls[self._cursor] = value

    @property
    def current(self) -> str | None:
        return self._paths[self._cursor] if self._cursor >= 0 else None

    def visit(self, path: str) -> None:
        """Record a visit; visiting the current note again records nothing."""
        if path == self.current:
            return
        del self._paths[self._cursor + 1 :]
        del self._scrolls[self._cursor + 1 :]
        self._paths.append(path)
        self._scrolls.append(0)
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
