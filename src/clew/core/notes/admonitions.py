"""Where the Admonition plugin's blocks (```` ```ad-TYPE ````) are in a note's lines. Their body is
Markdown, not code: the renderer draws them as callouts (render.extensions.admonitions) and the
index reads their links and tags as the note's own (parsing.mask_non_link_regions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A fence opener, as CommonMark reads it: a backtick fence's info string holds no backtick.
_OPENER_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}(?=[^`]*$)|~{3,})[ \t]*(?P<info>.*)$")
_AD_INFO_RE = re.compile(r"ad-([^\s`]+)\s*$")
# The plugin's settings, on the first lines of the block.
_HINT_RE = re.compile(r"(?:```|~~~)[ \t]*ad-")
_OPTION_RE = re.compile(r"^\s*(title|collapse|icon|color):[ \t]*(.*?)\s*$", re.I)


@dataclass(frozen=True)
class Admonition:
    """One ``ad-`` block: its type, indentation and options (lower-case names), and the
    indexes of its lines: the opener, the option lines, the body and the closing fence (None
    when the block runs to the end of the note)."""

    kind: str
    indent: str
    opener: int
    body: range
    closer: int | None
    options: dict[str, str] = field(default_factory=dict)

    @property
    def option_lines(self) -> range:
        return range(self.opener + 1, self.body.start)


def _closes(line: str, fence: str) -> bool:
    """True when ``line`` closes a fence opened with ``fence``: the same character, at least as
    many, nothing else."""
    stripped = line.strip()
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def find_admonitions(lines: list[str]) -> list[Admonition]:
    """Every ``ad-`` block of ``lines``, but one inside other code."""
    found: list[Admonition] = []
    fence = ""  # the opener of the code block the lines are in, if any
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if fence:
            fence = "" if _closes(line, fence) else fence
            continue
        opener = _OPENER_RE.match(line)
        kind = _AD_INFO_RE.match(opener.group("info")) if opener else None
        if kind is None:
            fence = opener.group("fence") if opener else ""
            continue
        block = _admonition(lines, i - 1, opener, kind.group(1))
        found.append(block)
        i = len(lines) if block.closer is None else block.closer + 1
    return found


def _admonition(lines: list[str], at: int, opener: re.Match[str], kind: str) -> Admonition:
    fence = opener.group("fence")
    options: dict[str, str] = {}
    i = at + 1
    while i < len(lines) and not _closes(lines[i], fence) and (option := _OPTION_RE.match(lines[i])):
        options[option.group(1).lower()] = option.group(2)
        i += 1
    body_start = i
    while i < len(lines) and not _closes(lines[i], fence):
        i += 1
    closer = i if i < len(lines) else None
    return Admonition(kind, opener.group("indent"), at, range(body_start, i), closer, options)


def may_hold_admonitions(text: str) -> bool:
    """False when ``text`` holds no ``ad-`` block: most notes skip the line-by-line pass. A
    one-character test first: it runs at memory speed, "ad-" in a 3 KB note costs ~2 µs."""
    return ("`" in text or "~" in text) and "ad-" in text and _HINT_RE.search(text) is not None
