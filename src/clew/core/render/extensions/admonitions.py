"""The Admonition plugin's blocks (```` ```ad-TYPE ````) drawn as the callouts they look like in
Obsidian, as a Python-Markdown extension.

An ``ad-`` block's body is Markdown, with links the note's own renderer must place and count; a
superfences custom fence returns finished HTML, so it cannot. Before the fences are read, each
``ad-`` block (notes.admonitions finds them) is rewritten, line for line (source line numbers stay
true), into the callout it stands for: ``> [!TYPE]± title`` and the body quoted;
extensions.callouts draws it, unknown types as notes. The plugin's ``title:`` and ``collapse:``
set the title and the fold state; its ``icon:`` and ``color:`` give way to the callout type's."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

from clew.core.notes.admonitions import find_admonitions, may_hold_admonitions

_FOLDS = {"open": "+", "closed": "-"}


def _quoted(indent: str, line: str) -> str:
    """A body line inside the callout, the fence's indentation taken off as CommonMark does."""
    if line.startswith(indent):
        line = line[len(indent):]
    return f"{indent}> {line}" if line.strip() else f"{indent}>"


def as_callouts(lines: list[str]) -> list[str]:
    """``lines`` with every ``ad-`` block (not one inside other code) rewritten as a callout."""
    out = list(lines)
    for block in find_admonitions(lines):
        fold = _FOLDS.get(block.options.get("collapse", "").lower(), "")
        title = block.options.get("title", "")
        out[block.opener] = f"{block.indent}> [!{block.kind}]{fold}" + (f" {title}" if title else "")
        for i in block.option_lines:
            out[i] = f"{block.indent}>"
        for i in block.body:
            out[i] = _quoted(block.indent, lines[i])
        if block.closer is not None:
            out[block.closer] = ""
    return out


class AdmonitionPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return as_callouts(lines) if may_hold_admonitions("\n".join(lines)) else lines


class AdmonitionExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After whitespace is normalised (30), before the fences are read (25).
        md.preprocessors.register(AdmonitionPreprocessor(md), "clew_admonitions", 27)


def makeExtension(**kwargs) -> AdmonitionExtension:
    return AdmonitionExtension(**kwargs)
