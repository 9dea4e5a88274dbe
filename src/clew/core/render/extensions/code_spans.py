"""Code spans as CommonMark reads them, as a Python-Markdown extension.

Python-Markdown strips all the space around a code span's text and, when the closing run of
backticks is shorter than the opening one, takes the longest run it finds instead. CommonMark
(and Obsidian) turns line endings into spaces and strips one space from each end only when both
ends have one and the text is not all spaces (so `` ` a` `` keeps its space and ``` `` ` `` ``` shows
a backtick), and a code span closes only at a run of exactly as many backticks."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor
from markdown.util import AtomicString, code_escape


def code_text(raw: str) -> str:
    """A code span's text from what stands between its backticks."""
    text = raw.replace("\r\n", " ").replace("\n", " ")
    if len(text) >= 2 and text[0] == " " and text[-1] == " " and text.strip(" "):
        text = text[1:-1]
    return text


class CodeSpanInlineProcessor(BacktickInlineProcessor):
    def find_code_spans(self, start: int, text: str) -> tuple[int, int | None]:
        ticks = 0
        while start < len(text) and text[start] == "`":
            ticks += 1
            start += 1
        i = start
        while i < len(text):
            run = 0
            while i < len(text) and text[i] == "`":
                run += 1
                i += 1
            if run == ticks:
                return start, i - run
            i += not run
        return start, None

    def handleMatch(self, m, data):  # type: ignore[override]
        if m.group(1):
            return super().handleMatch(m, data)
        begin = m.start(0)
        start, end = self.find_code_spans(begin, data)
        if end is None:
            return None, begin, start  # no closing run: the backticks are text
        code = etree.Element("code")
        code.text = AtomicString(code_escape(code_text(data[start:end])))
        return code, begin, end + (start - begin)


class CodeSpansExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.inlinePatterns.register(CodeSpanInlineProcessor(BACKTICK_RE), "backtick", 190)


def makeExtension(**kwargs) -> CodeSpansExtension:
    return CodeSpansExtension(**kwargs)
