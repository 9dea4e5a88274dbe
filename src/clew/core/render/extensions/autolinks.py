"""CommonMark's autolinks, as a Python-Markdown extension: ``<scheme:anything>`` for any scheme
(``<irc://host:6667/x>``, ``<made-up-scheme://a,b>``) and ``<user@example.com>``; and what is
neither an autolink nor an HTML tag (``<https://a.org/b c>``, ``<m:abc>``) stays text.

Python-Markdown links only ``<http…>`` and ``<ftp…>``, so any other scheme was read as an unknown
HTML tag and vanished; and its e-mail pattern ran after backslash escapes, so ``<foo\\+@bar.com>``
(not an autolink in CommonMark) showed the escape's internal placeholder. Both patterns here run
before escapes and emphasis, as inside an autolink nothing is Markdown, and replace
Python-Markdown's (and pymdownx.magiclink's) ``autolink`` and ``automail``. Python-Markdown takes
any ``<name…>`` for a tag, even ``<https://a.org/b c>``, which the view then drops: inline HTML
here needs a tag name as CommonMark's (letters, digits, hyphens), and is read before line breaks,
so a tag whose attributes span lines keeps them."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import quote

from markdown import Extension
from markdown.inlinepatterns import HtmlInlineProcessor, InlineProcessor
from markdown.util import AtomicString

URI_AUTOLINK_RE = r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00-\x1f]*)>"
EMAIL_AUTOLINK_RE = (
    r"<([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
# Python-Markdown's HTML_RE, with CommonMark's tag name.
HTML_TAG_RE = (
    r"""(<(\/?+[a-zA-Z][a-zA-Z0-9-]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'=<>]++))?+)*+\s*+/?|"""
    r"!--(?:(?!<!--|-->).)*--|"  # a comment
    r"[?](?:(?!<[?]|[?]>).)*[?]|"  # a processing instruction
    r"!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\]"
    r")>)"
)
# Characters a URL keeps as they are; any other (spaces cannot occur, backslashes, brackets,
# non-ASCII letters) is percent-encoded, as CommonMark renderers do.
_URL_SAFE = ";/?:@&=+$,-_.!~*'()#%"


class AutolinkInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md, mail: bool) -> None:
        super().__init__(pattern, md)
        self.mail = mail

    def handleMatch(self, m, data):  # type: ignore[override]
        written = m.group(1)
        anchor = etree.Element("a")
        anchor.set("href", ("mailto:" if self.mail else "") + quote(written, safe=_URL_SAFE))
        anchor.text = AtomicString(written)
        return anchor, m.start(0), m.end(0)


class AutolinksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After code spans (190), before math (187, 186), wikilinks (185) and escapes (180).
        md.inlinePatterns.register(AutolinkInlineProcessor(URI_AUTOLINK_RE, md, mail=False), "autolink", 189)
        md.inlinePatterns.register(AutolinkInlineProcessor(EMAIL_AUTOLINK_RE, md, mail=True), "automail", 188.9)
        # After the links (their <destination> is no tag), before line breaks (100, 101): a tag
        # spanning lines keeps its line ending.
        md.inlinePatterns.register(HtmlInlineProcessor(HTML_TAG_RE, md), "html", 110)


def makeExtension(**kwargs) -> AutolinksExtension:
    return AutolinksExtension(**kwargs)
