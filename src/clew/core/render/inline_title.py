"""The note's inline title, as Obsidian shows it: the file name (without its extension) at the top
of the note, unless the note already opens with an H1 that says the same.

It is a paragraph of its own class, not an <h1>: Obsidian's outline does not list it, and so
neither do the outline panel and the heading keys, which read the document's heading blocks.
It is plain text in the page, so it can be selected and copied like the rest of the note."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import PurePosixPath

# The body's first block, when it is an H1 (comments and front matter are gone by now).
_FIRST_H1_RE = re.compile(r"\s*<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]*>")
# Spaces, underscores and hyphens all separate words in a file name ("my_note", "my-note").
_SEPARATORS_RE = re.compile(r"[\s_\-]+")
# Characters Obsidian does not allow in a file name: "# What is X?" is titled in "What is X.md".
_NOT_IN_NAMES_RE = re.compile(r'[*"\\/<>:|?]')


def note_title(path: str) -> str:
    """The title Obsidian gives the note at ``path``: its file name without the extension."""
    return PurePosixPath(path).stem


def _comparable(text: str) -> str:
    text = _NOT_IN_NAMES_RE.sub(" ", unicodedata.normalize("NFC", text).casefold())
    return _SEPARATORS_RE.sub(" ", text).strip()


def says_the_same(heading: str, title: str) -> bool:
    """True when ``heading`` reads as ``title``: letter case, the characters a file name cannot
    hold, and the choice of space, ``_`` or ``-`` between words aside."""
    return _comparable(heading) == _comparable(title)


_TITLE_START = '<p class="inline-title">'


def title_html(path: str) -> str:
    return f"{_TITLE_START}{html.escape(note_title(path))}</p>\n"


def has_inline_title(page: str) -> bool:
    """True when ``page`` (a page's HTML) opens with the note's inline title."""
    return page.startswith(_TITLE_START)


def with_inline_title(body: str, path: str) -> str:
    """``body`` (a note's cleaned HTML) with the note's title on top, unless its first block is
    an H1 that says the same as the title."""
    first = _FIRST_H1_RE.match(body)
    if first is not None and says_the_same(html.unescape(_TAG_RE.sub("", first.group(1))), note_title(path)):
        return body
    return title_html(path) + body
