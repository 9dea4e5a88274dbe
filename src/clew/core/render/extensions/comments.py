"""Python-Markdown extension that hides comments: HTML ``<!-- … -->`` and Obsidian ``%% … %%``."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

# A code span is kept as written; a %% comment is dropped.
_CODE_OR_PERCENT_RE = re.compile(r"(`+)[^\n]*?\1|%%.*?%%", re.S)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


def _drop_percent_comment(match: re.Match[str]) -> str:
    """A comment inside a paragraph goes whole: its line breaks would show as breaks (a single
    newline is one, as in Obsidian). One holding a blank line keeps its line breaks, so the
    blocks on either side of it stay apart."""
    if match.group(1):
        return match.group(0)
    comment = match.group(0)
    return "\n" * comment.count("\n") if _BLANK_LINE_RE.search(comment) else ""


class PercentCommentPreprocessor(Preprocessor):
    """Drops ``%% … %%`` outside code. Runs after fenced code blocks are set aside."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "%%" not in text:
            return lines
        return _CODE_OR_PERCENT_RE.sub(_drop_percent_comment, text).split("\n")


class HtmlCommentPostprocessor(Postprocessor):
    """Drops HTML comments from the output. Markdown text and code are escaped by then, so only
    comments written as raw HTML (block or inline) are left to match."""

    def run(self, text: str) -> str:
        # A scan, not a regular expression: an unclosed "<!--" (an HTML block CommonMark runs to
        # the end of the note) made one search the rest of the text from every "<!--" after it.
        kept: list[str] = []
        pos = 0
        while (start := text.find("<!--", pos)) >= 0 and (end := text.find("-->", start + 4)) >= 0:
            kept.append(text[pos:start])
            pos = end + 3
        kept.append(text[pos:])
        return "".join(kept)


class CommentsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(PercentCommentPreprocessor(md), "clew_percent_comments", 24)
        md.postprocessors.register(HtmlCommentPostprocessor(md), "clew_html_comments", 25)


def makeExtension(**kwargs) -> CommentsExtension:
    return CommentsExtension(**kwargs)
