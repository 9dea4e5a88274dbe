"""The line a link is written on, read from its note when the link is shown, cut around the link.

The index keeps each link's line number, not its text: a whole vault's lines would be a third
of the index's memory, and only the few hundred links a panel or a command shows need them.
A long line is cut to a few hundred characters around each link: a panel holds one context
per link, and a line held whole for each of its links takes memory that grows with the square
of the line's length (gigabytes for a line of thousands of links).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable

from clew.core.index.results import ResolvedLink
from clew.core.index.snapshot import Stamp
from clew.core.links.model import Link, LinkKind
from clew.core.text.note_text import NoteUnreadable
from clew.core.vault.files import Vault

# At most about this many characters of a line are kept around a link (or a mention).
CONTEXT_CHARS = 300
# Of those, about this many come before it: a reader reads on from the link.
_CHARS_BEFORE = 100
# A cut moves to a space this near, so that it falls between words.
_WORD_SLACK = 30
# What marks a cut: the context shown is not the whole line.
CUT_MARK = "…"
# Links of a long line within a span this long share one context (the link is then some 70 to
# 130 characters into it): a 200 KB line has some 3,000 contexts however many links it holds.
_SHARED_SPAN = 64


def note_lines(vault: Vault, path: str) -> list[str]:
    """The lines of the note at ``path`` as the parser numbered them; none when it cannot be read."""
    try:
        note = vault.note_text(path)
    except NoteUnreadable:
        return []
    return [] if note.binary else note.text.split("\n")


class NoteLines:
    """``note_lines`` of a vault's notes, the last ``most`` read kept for as long as the index
    has each note at the (size, mtime) it was read at (``stamp_of``). The panels show a note's
    links again after each change: the notes its links are written in are read once, not again
    at every change."""

    def __init__(self, vault: Vault, stamp_of: Callable[[str], Stamp | None], most: int = 1024) -> None:
        self._vault = vault
        self._stamp_of = stamp_of
        self._most = most
        self._kept: OrderedDict[str, tuple[Stamp, list[str]]] = OrderedDict()

    def __call__(self, path: str) -> list[str]:
        stamp = self._stamp_of(path)
        kept = self._kept.get(path)
        if kept is not None and stamp is not None and kept[0] == stamp:
            self._kept.move_to_end(path)
            return kept[1]
        lines = note_lines(self._vault, path)
        if stamp is not None:
            self._keep(path, stamp, lines)
        return lines

    def _keep(self, path: str, stamp: Stamp, lines: list[str]) -> None:
        self._kept[path] = (stamp, lines)
        self._kept.move_to_end(path)
        if len(self._kept) > self._most:
            self._kept.popitem(last=False)


def context_around(line: str, column: int) -> str:
    """``line`` whole when it is short; else about CONTEXT_CHARS characters of it around
    ``column``, cut between words where a space is near, each cut marked with CUT_MARK."""
    if len(line) <= CONTEXT_CHARS:
        return line
    column = min(max(column, 0), len(line))
    start = max(0, min(column - _CHARS_BEFORE, len(line) - CONTEXT_CHARS))
    end = start + CONTEXT_CHARS
    if start:
        space = line.find(" ", start, min(start + _WORD_SLACK, column))
        start = space + 1 if space >= 0 else start
    if end < len(line):
        space = line.rfind(" ", max(end - _WORD_SLACK, column + 1), end)
        end = space if space >= 0 else end
    return (CUT_MARK if start else "") + line[start:end] + (CUT_MARK if end < len(line) else "")


def without_cut_marks(context: str) -> str:
    """``context`` as text to look for in the note: the marks of its cuts are not in it."""
    return context.removeprefix(CUT_MARK).removesuffix(CUT_MARK)


def _written_starts(link: Link) -> tuple[tuple[str, ...], ...]:
    """What a link's text may begin with in its line, most telling first: each group's earliest
    match wins (the target alone is the last resort: "[[ t ]]", a percent-encoded destination)."""
    kind, target, text = link.kind, link.target, link.text
    if kind in (LinkKind.WIKI, LinkKind.EMBED, LinkKind.FRONTMATTER):
        bang = "!" if kind is LinkKind.EMBED else ""
        return tuple(f"{bang}[[{target}{after}" for after in ("]]", "|", "#")), (target,)
    if kind is LinkKind.URL:
        return (text,), (target,)
    written = f"{'!' if kind is LinkKind.IMAGE else ''}[{text}]"
    return (f"{written}({target}", f"{written}(<{target}"), (written,), (target,)


class _LongLine:
    """A line too long to keep whole as its links' context, and where its links are in it.
    Its links come in the order they are written: each is looked for after the one before
    (then from the start), and each text looked for is searched on from where it was last
    found (a text absent from the rest of the line is not searched again at each of its
    thousands of links). Links near each other share one context: ``_SHARED_SPAN``."""

    def __init__(self, line: str) -> None:
        self.line = line
        self._found: dict[str, tuple[int, int]] = {}  # text -> (searched from, found at or -1)
        self._starts: dict[Link, tuple[tuple[str, ...], ...]] = {}  # link -> _written_starts(link)
        self._last_at = -1  # where the link before was found
        self._contexts: dict[int, str] = {}  # column // _SHARED_SPAN -> context

    def context(self, link: Link) -> str:
        """The context of ``link``, the next link of the line (the line's start if not found)."""
        starts = self._starts.get(link)
        if starts is None:
            starts = self._starts[link] = _written_starts(link)
        at = self._column(starts, self._last_at + 1)
        if at < 0:
            at = self._column(starts, 0)
        if at >= 0:
            self._last_at = at
        span = max(at, 0) // _SHARED_SPAN
        context = self._contexts.get(span)
        if context is None:
            context = self._contexts[span] = context_around(self.line, span * _SHARED_SPAN + _SHARED_SPAN // 2)
        return context

    def _column(self, starts: tuple[tuple[str, ...], ...], start: int) -> int:
        for group in starts:
            found = [at for at in (self._find(text, start) for text in group if text) if at >= 0]
            if found:
                return min(found)
        return -1

    def _find(self, text: str, start: int) -> int:
        last = self._found.get(text)
        if last is not None and last[0] <= start and (last[1] < 0 or last[1] >= start):
            return last[1]
        at = self.line.find(text, start)
        self._found[text] = (start, at)
        return at


def with_context(vault: Vault, links: Iterable[ResolvedLink],
                 lines_of_note: Callable[[str], list[str]] | None = None) -> list[ResolvedLink]:
    """``links`` with ``context`` set to the line each is written on (cut around the link when
    it is long: ``context_around``), each source read once (by ``lines_of_note``, a
    ``NoteLines``, when given). A note changed on disk since it was indexed gives its new line
    (the index follows soon)."""
    read = lines_of_note or (lambda path: note_lines(vault, path))
    lines_of: dict[str, list[str]] = {}
    long_lines: dict[tuple[str, int], _LongLine] = {}
    found = []
    for link in links:
        lines = lines_of.get(link.source)
        if lines is None:
            lines = lines_of[link.source] = read(link.source)
        number = link.link.line
        context = lines[number - 1] if 0 < number <= len(lines) else ""
        if len(context) > CONTEXT_CHARS:
            long_line = long_lines.get((link.source, number))
            if long_line is None:
                long_line = long_lines[link.source, number] = _LongLine(context.rstrip("\r"))
            context = long_line.context(link.link)
        else:
            context = context.rstrip("\r")
        # Made, not dataclasses.replace()d: replace() looks up the fields at each call, paid
        # once per link, and a long line may have tens of thousands.
        found.append(ResolvedLink(link.source, link.link, link.resolution, context))
    return found
