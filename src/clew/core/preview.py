"""What a link preview shows of its target: the start of the note, or the section a fragment names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clew.core.embeds import note_section
from clew.core.fragments import is_block_fragment
from clew.core.parsing import FRONT_MATTER_RE

PREVIEW_LINES = 40
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
    shown = _close_fence(lines[:max_lines])
    if len(lines) > max_lines:
        shown += ["", "…"]
    return Excerpt("\n".join(shown), notice)
