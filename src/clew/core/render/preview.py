"""What a link preview shows of its target: the start of the note, or the section a fragment names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clew.core.links.fragments import is_block_fragment
from clew.core.notes.parsing import FRONT_MATTER_RE
from clew.core.render.embeds import note_section

PREVIEW_LINES = 40
# And at most about this many characters: 40 lines may hold one line of thousands of links,
# which would render past the render worker's time limit and be shown as plain text.
PREVIEW_CHARS = 4000
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Excerpt:
    """The text to render (ending in "…" when more follows); ``notice`` says what was not found."""

    text: str
    notice: str = ""


def _close_fence(lines: list[str]) -> list[str]:
    """A code block cut in the middle is closed, so the lines after it do not turn into code."""
    fence = ""
    for line in lines:
        match = _FENCE_RE.match(line)
        if match and (not fence or match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)):
            fence = "" if fence else match.group(1)
    return lines + [fence] if fence else lines


def excerpt(text: str, path: str, fragment: str = "", max_lines: int = PREVIEW_LINES) -> Excerpt:
    """The first ``max_lines`` lines of the note (front matter left out), or of the section
    ``fragment`` names; when it names nothing, the note's start with a notice."""
    body = FRONT_MATTER_RE.sub("", text, count=1).lstrip("\n")
    notice = ""
    if fragment.strip():
        section = note_section(text, path, fragment)
        if section is None:
            what = "block" if is_block_fragment(fragment) else "heading"
            notice = f"No {what} “{fragment}” in this note; showing its start."
        else:
            body = section
    lines = body.rstrip("\n").split("\n")
    shown = _first_chars(lines[:max_lines], PREVIEW_CHARS)
    more = len(lines) > len(shown) or shown[-1] != lines[len(shown) - 1]
    shown = _close_fence(shown)
    if more:
        shown += ["", "…"]
    return Excerpt("\n".join(shown), notice)


def _first_chars(lines: list[str], most: int) -> list[str]:
    """The first of ``lines`` (one at least) that hold about ``most`` characters, the last one
    cut at a space when it is too long."""
    taken: list[str] = []
    for line in lines:
        if len(line) < most:
            taken.append(line)
            most -= len(line) + 1
            continue
        if most > 0 or not taken:
            space = line.rfind(" ", 0, most)
            taken.append(line[: space if space > 0 else max(most, 1)])
        break
    return taken
