"""Backslash escapes as CommonMark (and Obsidian) has them, as a Python-Markdown extension: any
ASCII punctuation character may be escaped (``\\"``, ``\\&``, ``\\:``, ``\\~``, ``\\|``…), where
Python-Markdown escapes sixteen of them and shows the backslash before any other."""

from __future__ import annotations

import string

from markdown import Extension


class EscapesExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.ESCAPED_CHARS.extend(c for c in string.punctuation if c not in md.ESCAPED_CHARS)


def makeExtension(**kwargs) -> EscapesExtension:
    return EscapesExtension(**kwargs)
