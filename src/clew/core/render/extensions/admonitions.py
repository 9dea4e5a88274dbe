"""The Admonition plugin's blocks (```` ```ad-TYPE ````) drawn as the callouts they look like in
Obsidian, as a Python-Markdown extension.

An ``ad-`` block's body is Markdown, with links the note's own renderer must place and count; a
superfences custom fence returns finished HTML, so it cannot. Before the fences are read, each
``ad-`` block is rewritten, line for line (source line numbers stay true), into the callout it
stands for: ``> [!TYPE]± title`` and the body quoted; extensions.callouts draws it, unknown types
as notes. The plugin's leading ``title:``, ``collapse:``, ``icon:`` and ``color:`` lines set the
title and the fold state; icon and colour are the callout type's own."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

# A fence opener, as CommonMark reads it: a backtick fence's info string holds no backtick.
_OPENER_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}(?=[^`]*$)|~{3,})[ \t]*(?P<info>.*)$")
_AD_INFO_RE = re.compile(r"ad-([^\s`]+)\s*$")
_OPTION_RE = re.compile(r"^\s*(title|collapse|icon|color):[ \t]*(.*?)\s*$", re.I)
_FOLDS = {"open": "+", "closed": "-"}


def _closes(line: str, fence: str) -> bool:
    """True when ``line`` closes a fence opened with ``fence``: the same character, at least as
    many, nothing else."""
    stripped = line.strip()
    return len(stripped) >= len(fence) and stripped == fence[0] * len(stripped)


def _quoted(indent: str, line: str) -> str:
    """A body line inside the callout, the fence's indentation taken off as CommonMark does."""
    if line.startswith(indent):
        line = line[len(indent):]
    return f"{indent}> {line}" if line.strip() else f"{indent}>"


def as_callouts(lines: list[str]) -> list[str]:
    """``lines`` with every ``ad-`` block (not one inside other code) rewritten as a callout."""
    out: list[str] = []
    fence = ""  # the opener of the code block the lines are in, if any
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if fence:
            fence = "" if _closes(line, fence) else fence
            out.append(line)
            continue
        opener = _OPENER_RE.match(line)
        kind = _AD_INFO_RE.match(opener.group("info")) if opener else None
        if kind is None:
            fence = opener.group("fence") if opener else ""
            out.append(line)
            continue
        i = _callout(lines, i, opener, kind.group(1), out)
    return out


def _callout(lines: list[str], i: int, opener: re.Match[str], kind: str, out: list[str]) -> int:
    """Adds to ``out`` the callout for the ``ad-`` block opened by ``opener`` (its body from
    ``lines[i]``); returns the index of the line after the block."""
    indent, fence = opener.group("indent"), opener.group("fence")
    options: dict[str, str] = {}
    quoted: list[str] = []
    in_body = False
    while i < len(lines) and not _closes(lines[i], fence):
        option = None if in_body else _OPTION_RE.match(lines[i])
        if option:
            options[option.group(1).lower()] = option.group(2)
            quoted.append(f"{indent}>")
        else:
            in_body = True
            quoted.append(_quoted(indent, lines[i]))
        i += 1
    fold = _FOLDS.get(options.get("collapse", "").lower(), "")
    title = options.get("title", "")
    out.append(f"{indent}> [!{kind}]{fold}" + (f" {title}" if title else ""))
    out += quoted
    if i < len(lines):
        out.append("")  # the closing fence
        i += 1
    return i


class AdmonitionPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return as_callouts(lines) if any("ad-" in line for line in lines) else lines


class AdmonitionExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After whitespace is normalised (30), before the fences are read (25).
        md.preprocessors.register(AdmonitionPreprocessor(md), "clew_admonitions", 27)


def makeExtension(**kwargs) -> AdmonitionExtension:
    return AdmonitionExtension(**kwargs)
