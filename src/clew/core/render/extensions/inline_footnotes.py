"""Obsidian's inline footnotes, ``text^[the note itself]``, as a Python-Markdown extension.

Python-Markdown's footnotes (and pymdownx's) know only ``[^label]`` with a ``[^label]: text``
definition elsewhere; an inline footnote showed as its raw ``^[…]``. Each one becomes such a
pair: a reference where it stands, and its definition after the note, so the footnotes
extension numbers and lists it with the others. Code spans and math are left alone."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

# What to step over whole (code spans, inline math), or an inline footnote's start.
_SKIP_OR_START_RE = re.compile(r"(`+)[^\n]*?\1|\$[^$\n]+\$|(?<!\\)\^\[")
LABEL = "clew-inline-{}"


def _closing_bracket(text: str, start: int) -> int:
    """The index of the "]" that closes the "[" before ``start``, or -1 (none before a blank line)."""
    depth = 1
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "\n" and text[i + 1:i + 2] == "\n":
            return -1
        depth += (char == "[") - (char == "]")
        if depth == 0:
            return i
        i += 1
    return -1


def inline_to_references(text: str) -> tuple[str, list[str]]:
    """``text`` with each ``^[…]`` replaced by a footnote reference, and the footnotes' texts."""
    notes: list[str] = []
    out: list[str] = []
    pos = 0
    for match in _SKIP_OR_START_RE.finditer(text):
        if match.start() < pos or match.group(0) != "^[":
            continue
        end = _closing_bracket(text, match.end())
        if end < 0 or not text[match.end():end].strip():
            continue
        notes.append(" ".join(text[match.end():end].split()))
        out += [text[pos:match.start()], f"[^{LABEL.format(len(notes))}]"]
        pos = end + 1
    out.append(text[pos:])
    return "".join(out), notes


class InlineFootnotePreprocessor(Preprocessor):
    """Runs after fenced code is set aside (25), before the footnotes are read (a block processor)."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "^[" not in text:
            return lines
        text, notes = inline_to_references(text)
        definitions = [f"[^{LABEL.format(n)}]: {note}" for n, note in enumerate(notes, 1)]
        return text.split("\n") + ([""] + definitions if definitions else [])


class InlineFootnotesExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(InlineFootnotePreprocessor(md), "clew_inline_footnotes", 22)


def makeExtension(**kwargs) -> InlineFootnotesExtension:
    return InlineFootnotesExtension(**kwargs)
