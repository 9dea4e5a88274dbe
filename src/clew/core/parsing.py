"""Text -> NoteFacts: title, front matter, headings, block ids, tags, aliases and links with lines."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml

from clew.core.links import Link, LinkKind, split_destination, split_wikilink

FRONT_MATTER_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# Code and comments, in one left-to-right pass so that whichever starts first wins: "`%%`" is
# code, not the start of a comment that hides the rest of the note.
_NON_LINK_RE = re.compile(
    # A fenced block, at any indentation: a fence inside a nested list item is code too, and one
    # indented further is in an indented code block anyway. A backtick fence's info string holds
    # no backtick ("```x```" is inline code). An unclosed fence or comment runs to the end.
    r"^[ \t]*(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})[^\n]*\n.*?(?:^[ \t]*(?P=fence)[`~]*[ \t]*$|\Z)"
    r"|<!--.*?(?:-->|\Z)"
    r"|%%.*?(?:%%|\Z)"
    r"|(?<!`)(?P<ticks>`+)(?!`)[^\n]*?(?<!`)(?P=ticks)(?!`)",
    re.M | re.S,
)
_PERCENT_COMMENT_RE = re.compile(r"%%.*?(?:%%|\Z)", re.S)

WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]*)\]\]")
# [text](dest "title"): text may hold one level of brackets (an image inside a link); the
# destination is <…> or a run without spaces that may hold balanced parentheses.
_MD_LINK_RE = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|(?:[^\s()<>]|\((?:[^\s()]|\([^\s()]*\))*\))+)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_REF_DEF_RE = re.compile(r"^ {0,3}\[([^\]\n^][^\]\n]*)\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
# [text][ref], [text][] and the shortcut [text] (definitions and inline links are blanked first).
_REF_USE_RE = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\](?:\[([^\]\n]*)\])?")
# A bare URL may follow a CJK character directly; it stops at spaces, brackets, quotes and CJK
# punctuation. The renderer links exactly what this finds.
BARE_URL_RE = re.compile(
    r"(?<![A-Za-z0-9_/@.])(?:https?://|www\.)[^\s<>\[\]\"'`。，、；：！？（）【】「」『』《》]+", re.I
)
_URL_TRAILING_PUNCT = ".,;:!?*_~'\""
_ATX_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT_RE = re.compile(r"^(?! {0,3}(?:[-*+>]|\d+[.)]|#|\|))[ \t]{0,3}(\S[^\n]*)\n {0,3}(=+|-+)[ \t]*$", re.M)
_TAG_RE = re.compile(r"(?<![\w/&#])#([\w/-]*[^\W\d_][\w/-]*)")
_BLOCK_ID_RE = re.compile(r"\s\^([A-Za-z0-9-]+)[ \t]*$", re.M)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True)
class NoteFacts:
    """What Clew knows of a note without rendering it."""

    title: str
    links: tuple[Link, ...] = ()
    headings: tuple[Heading, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    block_ids: tuple[str, ...] = ()
    front_matter: dict = field(default_factory=dict, compare=False)


def _blank(match: re.Match[str]) -> str:
    """Replace a span by spaces, keeping newlines, so offsets and line numbers stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_non_link_regions(text: str) -> str:
    """The text with code, HTML comments and %% comments blanked out: nothing in them is a link."""
    return _NON_LINK_RE.sub(_blank, text)


def mask_links(masked: str) -> str:
    """``masked`` (see mask_non_link_regions) with every link, definition and URL blanked too:
    what is left is the note's plain prose, at the same offsets."""
    for pattern in (WIKILINK_RE, _MD_LINK_RE, _REF_DEF_RE, BARE_URL_RE):
        masked = pattern.sub(_blank, masked)
    return masked


def plain_prose(text: str) -> str:
    """The note's text with front matter, code, comments and links blanked, offsets kept."""
    match = FRONT_MATTER_RE.match(text)
    if match:
        text = _blank(match) + text[match.end():]
    return mask_links(mask_non_link_regions(text))


class _Lines:
    """Offset -> (1-based line number, the line's text)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def number(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def line(self, number: int) -> str:
        start = self.starts[number - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")


def trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence, and a closing parenthesis that has no opening one."""
    while url and (url[-1] in _URL_TRAILING_PUNCT or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _front_matter(text: str) -> tuple[dict, int]:
    """The parsed YAML front matter (or {}) and the offset where the body starts."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, 0
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError:
        data = None
    return (data if isinstance(data, dict) else {}), match.end()


def _as_strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return tuple(s.strip() for s in str(value).split(",") if s.strip())


def _label(text: str) -> str:
    """A reference label as CommonMark matches it: case-folded, inner whitespace collapsed."""
    return " ".join(text.split()).casefold()


def _wikilink(kind: LinkKind, inner: str, line: int, context: str) -> Link:
    target, fragment, text = split_wikilink(inner)
    return Link(kind, target, fragment, text, line, context)


def _body_links(original: str, masked: str, lines: _Lines, start: int) -> list[Link]:
    """Links of the note body; ``masked`` is ``original`` with non-link regions blanked."""
    found: list[tuple[int, Link]] = []

    def add(offset: int, link: Link) -> None:
        found.append((offset, link))

    def context(offset: int) -> tuple[int, str]:
        number = lines.number(offset)
        return number, lines.line(number)

    wikilink_labels: set[str] = set()
    for m in WIKILINK_RE.finditer(masked, start):
        number, line = context(m.start())
        inner = original[m.start(2) : m.end(2)]
        wikilink_labels |= {_label(inner), _label(inner.replace("\\|", "|").partition("|")[0])}
        kind = LinkKind.EMBED if m.group(1) else LinkKind.WIKI
        add(m.start(), _wikilink(kind, inner, number, line))
    masked = WIKILINK_RE.sub(_blank, masked)

    for m in _MD_LINK_RE.finditer(masked, start):
        number, line = context(m.start())
        target, fragment = split_destination(original[m.start(3) : m.end(3)])
        kind = LinkKind.IMAGE if m.group(1) else LinkKind.MARKDOWN
        text = original[m.start(2) : m.end(2)]
        add(m.start(), Link(kind, target, fragment, text, number, line))
        # An image inside a link's text ([![alt](img)](url)) is a link of its own.
        for inner in _MD_LINK_RE.finditer(masked, m.start(2), m.end(2)):
            target, fragment = split_destination(original[inner.start(3) : inner.end(3)])
            add(inner.start(), Link(LinkKind.IMAGE if inner.group(1) else LinkKind.MARKDOWN,
                                    target, fragment, original[inner.start(2) : inner.end(2)], number, line))
    masked = _MD_LINK_RE.sub(_blank, masked)

    # A definition named like a wikilink of the note is Foam's Markdown form of that wikilink
    # ("[[a|b]]" + "[a|b]: a.md" or "[a]: a.md"), not a link of its own.
    definitions = {_label(m.group(1)): m for m in _REF_DEF_RE.finditer(masked, start)}
    used = set(wikilink_labels)
    masked = _REF_DEF_RE.sub(_blank, masked)
    for m in _REF_USE_RE.finditer(masked, start):
        label = _label(m.group(3) or m.group(2))
        definition = definitions.get(label)
        if definition is None:
            continue
        used.add(label)
        number, line = context(m.start())
        target, fragment = split_destination(definition.group(2))
        text = original[m.start(2) : m.end(2)]
        add(m.start(), Link(LinkKind.REFERENCE, target, fragment, text, number, line))
    for label, definition in definitions.items():
        if label not in used:
            number, line = context(definition.start())
            target, fragment = split_destination(definition.group(2))
            add(definition.start(), Link(LinkKind.REFERENCE, target, fragment, definition.group(1), number, line))

    for m in BARE_URL_RE.finditer(masked, start):
        url = trim_url(original[m.start() : m.end()])
        if url:
            number, line = context(m.start())
            # "www.x.org" has no scheme; the browser needs one, as in GitHub's autolinks.
            target = url if "://" in url else "http://" + url
            add(m.start(), Link(LinkKind.URL, target, "", url, number, line))

    found.sort(key=lambda item: item[0])
    return [link for _, link in found]


def _headings(masked: str, original: str, lines: _Lines, start: int) -> list[Heading]:
    headings: list[tuple[int, Heading]] = []
    for m in _ATX_HEADING_RE.finditer(masked, start):
        text = original[m.start(2) : m.end(2)].strip()
        headings.append((m.start(), Heading(len(m.group(1)), text, lines.number(m.start()))))
    for m in _SETEXT_RE.finditer(masked, start):
        text = original[m.start(1) : m.end(1)].strip()
        level = 1 if m.group(2).startswith("=") else 2
        headings.append((m.start(1), Heading(level, text, lines.number(m.start(1)))))
    headings.sort(key=lambda item: item[0])
    return [h for _, h in headings]


def parse_note(text: str, path: str) -> NoteFacts:
    """Everything Clew needs of a note's text. ``path`` (vault-relative) names the default title."""
    meta, body_start = _front_matter(text)
    lines = _Lines(text)
    masked = mask_non_link_regions(text)
    is_txt = PurePosixPath(path).suffix.lower() == ".txt"

    links: list[Link] = []
    for m in WIKILINK_RE.finditer(text, 0, body_start):
        number = lines.number(m.start())
        links.append(_wikilink(LinkKind.FRONTMATTER, m.group(2), number, lines.line(number)))
    if is_txt:
        # Plain text has no Markdown syntax: only wikilinks and bare URLs are links there.
        plain = _PERCENT_COMMENT_RE.sub(_blank, text)
        links += [l for l in _body_links(text, plain, lines, body_start)
                  if l.kind in (LinkKind.WIKI, LinkKind.EMBED, LinkKind.URL)]
        headings: list[Heading] = []
    else:
        links += _body_links(text, masked, lines, body_start)
        headings = _headings(masked, text, lines, body_start)

    tags = list(_as_strings(meta.get("tags", meta.get("tag"))))
    tags = [t.lstrip("#") for t in tags]
    if not is_txt:
        # A "#" inside a link ([x](#anchor), [[n#Heading]], https://x.org/#a) is a fragment, not a tag.
        for m in _TAG_RE.finditer(mask_links(masked), body_start):
            tags.append(m.group(1))
    aliases = _as_strings(meta.get("aliases", meta.get("alias")))

    title = str(meta.get("title") or "").strip()
    if not title:
        first_h1 = next((h.text for h in headings if h.level == 1), "")
        title = first_h1 or PurePosixPath(path).stem

    return NoteFacts(
        title=title,
        links=tuple(links),
        headings=tuple(headings),
        tags=tuple(dict.fromkeys(tags)),
        aliases=aliases,
        block_ids=tuple(m.group(1) for m in _BLOCK_ID_RE.finditer(masked, body_start)),
        front_matter=meta,
    )
