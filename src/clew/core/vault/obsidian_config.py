"""What a vault's own Obsidian settings (``.obsidian/app.json``) say about how its notes look.

The file is Obsidian's, not Clew's: it may be missing, empty, malformed, not an object, huge or
not a file at all. Whatever it holds, reading it never fails; a setting it does not give
clearly is left to the reader's own choice."""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass
from pathlib import Path

APP_JSON = Path(".obsidian") / "app.json"
# Obsidian's app.json holds a few dozen settings (a few KB); one far bigger is not Obsidian's,
# and reading it whole on the window's thread would hold the window.
MAX_APP_JSON_BYTES = 1 << 20


@dataclass(frozen=True)
class LineBreaks:
    """Whether a single newline inside a paragraph is a space (``strict``, CommonMark's soft
    break) or a line break (Obsidian's default), and whether the vault's app.json decided it."""

    strict: bool
    set_by_vault: bool = False


def read_app_json(root: Path) -> dict:
    """The settings object of the vault's ``.obsidian/app.json``; empty when there is none that
    can be read as one."""
    path = Path(root) / APP_JSON
    try:
        info = path.stat()
        # A FIFO or device would block or never end; a huge file is not Obsidian's.
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_APP_JSON_BYTES:
            return {}
        with path.open("rb") as file:
            data = json.loads(file.read(MAX_APP_JSON_BYTES + 1))
    except (OSError, ValueError, RecursionError):  # ValueError: not JSON, not UTF-8
        return {}
    return data if isinstance(data, dict) else {}


def line_breaks(root: Path, preference: bool = False) -> LineBreaks:
    """How the notes of the vault at ``root`` break their lines: as its app.json's
    ``strictLineBreaks`` says when it says true or false, else as ``preference`` (the reader's
    own "Strict line breaks" setting). The window, ``clew render`` and ``clew export`` all ask
    this, so a note's body is the same in each."""
    value = read_app_json(root).get("strictLineBreaks")
    if isinstance(value, bool):
        return LineBreaks(value, set_by_vault=True)
    return LineBreaks(preference)
