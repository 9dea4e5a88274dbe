"""A line of Markdown (a heading) as the reader sees it: links by the text they show, no markup.

A note's title is its first H1, and the switcher, the tags panel and unlinked mentions show or
look for it: ``# [[dataview|Dataview]]`` is titled "Dataview", as the view shows it."""

from __future__ import annotations

import re

from clew.core.links.hrefs import wikilink_label
from clew.core.links.model import split_wikilink

# Cheap test first: most headings hold none of these, and are shown as written.
_MARKUP_RE = re.compile(r"[\[\]`*_~=<\\]")
_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_EMBED_RE = re.compile(r"!\[\[[^\[\]\n]*\]\]")
_WIKILINK_RE = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_IMAGE_RE = re.compile(r"!\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_MD_LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis, strikethrough and highlight around words, innermost first (no delimiter inside, which
# also keeps a long line of them from taking quadratic time); an underscore inside a word
# (snake_case) is no emphasis.
_EMPHASIS_RE = re.compile(
    r"(\*{1,3})(?=[^\s*])([^*]*?[^\s*])\1"
    r"|(?<!\w)(_{1,3})(?=[^\s_])([^_]*?[^\s_])\3(?!\w)"
    r"|~~(?=[^\s~])([^~]*?[^\s~])~~"
    r"|==(?=[^\s=])([^=]*?[^\s=])=="
)
# **_nested_** emphasis is taken off a level a pass; deeper than this is no heading's.
_EMPHASIS_LEVELS = 3
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_KEPT_RE = re.compile("\x00(\\d+)\x00")


def shown_text(markdown: str) -> str:
    """``markdown`` (one line) as read: ``[[a|b]]`` -> "b", ``[[a#h]]`` -> "a > h", ``[t](u)`` ->
    "t", embeds and images left out, code, emphasis and HTML tags by their text."""
    if not _MARKUP_RE.search(markdown):
        return markdown
    kept: list[str] = []  # code and escaped characters, set aside from the markup rules

    def set_aside(text: str) -> str:
        kept.append(text)
        return f"\x00{len(kept) - 1}\x00"

    text = _CODE_RE.sub(lambda m: set_aside(m.group(2).strip() or m.group(2)), markdown)
    text = _ESCAPE_RE.sub(lambda m: set_aside(m.group(1)), text)
    text = _EMBED_RE.sub("", text)
    text = _WIKILINK_RE.sub(_wikilink_shown, text)
    text = _IMAGE_RE.sub("", text)
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = _HTML_TAG_RE.sub("", text)
    for _level in range(_EMPHASIS_LEVELS):
        text = _EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(4) or m.group(5) or m.group(6), text)
    text = _KEPT_RE.sub(lambda m: kept[int(m.group(1))] if int(m.group(1)) < len(kept) else "", text)
    return " ".join(text.split())


def _wikilink_shown(match: re.Match[str]) -> str:
    target, fragment, text = split_wikilink(match.group(1))
    return text or wikilink_label(target, fragment)
