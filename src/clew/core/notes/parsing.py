"""Text -> NoteFacts: title, front matter, headings, block ids, tags, aliases and links with lines."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from pathlib import PurePosixPath

import yaml

# libyaml's loader when PyYAML was built with it: ten times faster. It reads some malformed
# YAML that PyYAML's own loader (the rule) refuses: front matter holding any of the characters
# where the two were seen to differ (tabs, BOMs, control characters and line separators, a
# lone CR, %-directives, a block scalar header followed by "#") goes to PyYAML's.
_FAST_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date or time the calendar lacks ("date: 2024-02-30", "25:00") is the text written, as
    Obsidian shows it, instead of an error that would cost the note its tags and aliases."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


class _FastLoader(_FAST_YAML_LOADER):
    pass


class _RuleLoader(yaml.SafeLoader):
    pass


for _loader in (_FastLoader, _RuleLoader):
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
# Front matter YAML cannot make sense of. Besides its own errors, PyYAML's constructors raise
# these on what its scanner accepted ("!!int x", "!!bool x", "!!timestamp x"), and its own
# loader RecursionError on deep nesting ("[[[[…").
_UNREADABLE_YAML = (yaml.YAMLError, ValueError, KeyError, AttributeError, RecursionError)
_LOADERS_DIFFER_RE = re.compile(
    r"[^\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufeff\u2028\u2029%]|\r(?!\n)|[|>][-+0-9]*#"
)
from clew.core.links.model import Link, LinkKind, split_destination, split_wikilink
from clew.core.notes.admonitions import find_admonitions, may_hold_admonitions
from clew.core.notes.shown_text import shown_text

FRONT_MATTER_RE = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
# Code and comments, in one left-to-right pass so that whichever starts first wins: "`%%`" is
# code, not the start of a comment that hides the rest of the note. Searched in the text after
# a "\n" (mask_non_link_regions): each branch then starts with a character ("\n", "<", "%", "`")
# and the engine jumps from one of these to the next instead of trying every branch at every
# character (131 -> 51 µs a note of foam-docs, which has code).
_NON_LINK_RE = re.compile(
    # A fenced block, from the "\n" before it (blanked as a "\n"), at any indentation: a fence
    # inside a nested list item is code too, and one indented further is in an indented code
    # block anyway. A backtick fence's info string holds no backtick ("```x```" is inline code).
    # Its body is taken a line at a time. An unclosed fence or comment runs to the end.
    r"\n[ \t]*(?P<fence>`{3,}(?=[^`\n]*$)|~{3,})[^\n]*\n(?:[^\n]*+\n)*?(?:[ \t]*(?P=fence)[`~]*[ \t]*$|[^\n]*\Z)"
    r"|<!--.*?(?:-->|\Z)"
    r"|%%.*?(?:%%|\Z)"
    # Inline code: a run of backticks, not after one, and the same run closing it.
    r"|`(?<!``)(?P<ticks>`*)(?!`)[^\n]*?(?<!`)`(?P=ticks)(?!`)",
    re.M | re.S,
)
# The title setting of an ``ad-`` block: its value is shown, as the callout's title.
_TITLE_OPTION_RE = re.compile(r"^\s*title:", re.I)
_PERCENT_COMMENT_RE = re.compile(r"%%.*?(?:%%|\Z)", re.S)

_WIKILINK = r"\[\[([^\[\]\n]*)\]\]"
WIKILINK_RE = re.compile(r"(!?)" + _WIKILINK)
# [text](dest "title"): text may hold one level of brackets (an image inside a link); the
# destination is <…> or a run without spaces that may hold balanced parentheses. Possessive
# (never given back): giving back part of the text or destination leaves a character that is
# not the "]" or ")" which must follow, so no match is lost, and the engine takes a run of
# plain characters in one step instead of one alternation a character (3 times faster).
_MD_LINK = (
    r"\[((?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\]"
    r"\(\s*+(<[^<>\n]*+>|(?:[^\s()<>]++|\((?:[^\s()]++|\([^\s()]*+\))*+\))++)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_MD_LINK_RE = re.compile(r"(!?)" + _MD_LINK)
# "^ {0,3}\[label\]: dest" with the "[" first and the line start in look-behinds, as
# _ATX_HEADING_RE: the engine jumps from "[" to "[" (20 -> 4 µs a note of foam-docs). A match
# starts at the "[": the spaces before it are left, which blanking would make spaces anyway.
_REF_DEF_RE = re.compile(r"\[(?:(?<=^\[)|(?<=^ \[)|(?<=^  \[)|(?<=^   \[))([^\]\n^][^\]\n]*)\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
# [text][ref], [text][] and the shortcut [text] (definitions and inline links are blanked first).
# Without "(!?)" in front, the engine jumps from "[" to "[" (the "!" is looked at by hand), and
# possessive as _MD_LINK: 59 -> 4 µs a note of foam-docs.
_REF_USE_RE = re.compile(r"\[((?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\](?:\[([^\]\n]*)\])?")
# A bare URL may follow a CJK character directly; it stops at spaces, brackets, quotes and CJK
# punctuation. The renderer links exactly what this finds.
BARE_URL_RE = re.compile(
    r"(?<![A-Za-z0-9_/@.])(?:https?://|www\.)[^\s<>\[\]\"'`。，、；：！？（）【】「」『』《》]+", re.I
)
_URL_TRAILING_PUNCT = ".,;:!?*_~'\""
# "^ {0,3}(#{1,6})[ \t]+…" with the first "#" first and the line start in look-behinds: the
# regex engine then jumps from "#" to "#" instead of trying every position, several times
# faster on a typical note. Group 1 is the level's hashes but the first, group 2 the rest of the
# line: the closing #s are cut by hand (_heading_text), a lazy "(.*?)" before them tried the
# end of the pattern after every character. Searched from a line start, it finds what the
# plain form finds.
_ATX_HEADING_RE = re.compile(r"#(?:(?<=^#)|(?<=^ #)|(?<=^  #)|(?<=^   #))(#{0,5})[ \t]+(.*)", re.M)
_SETEXT_RE = re.compile(r"^(?! {0,3}(?:[-*+>]|\d+[.)]|#|\|))[ \t]{0,3}(\S[^\n]*)\n {0,3}(=+|-+)[ \t]*$", re.M)
# A tag: "#" not after a word character, "/", "&" or "#" ("C#", "x/#a", "&#38;"), nor escaped
# ("\#"), then word characters, "/" and "-" holding one that is not a digit ("#123" is none).
# The "#" first and the look-behind after it: the regex engine can jump from "#" to "#" instead
# of trying every position. The renderer draws exactly these as tag chips.
TAG_RE = re.compile(r"#(?<![\w/&#\\]#)([\w/-]*[^\W\d_][\w/-]*)")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BLOCK_ID_RE = re.compile(r"\s\^([A-Za-z0-9-]+)[ \t]*$", re.M)
# WIKILINK_RE and _MD_LINK_RE without their leading "!?", which keeps the engine from jumping
# to the next "[": the "!" of an embed or image is looked at by hand (_body_links).
_WIKILINK_FROM_BRACKET_RE = re.compile(_WIKILINK)
_MD_LINK_FROM_BRACKET_RE = re.compile(_MD_LINK)
# Every bare URL holds one of these; only lines holding one are searched with BARE_URL_RE.
_URL_HINT_RE = re.compile(r"://|[wW][wW][wW]\.")
# A setext heading's underline: a line of "=" or "-" alone. _SETEXT_RE is tried only on the
# line above one: searched alone, it is tried at every line start (36 -> 7 µs a note of
# foam-docs, whose lists' "- " lines passed the hint that preceded it).
_SETEXT_UNDERLINE_RE = re.compile(r"\n {0,3}(?:=+|-+)[ \t]*$", re.M)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class NoteFacts:
    """What Clew knows of a note without rendering it."""

    title: str
    links: tuple[Link, ...] = ()
    headings: tuple[Heading, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    block_ids: tuple[str, ...] = ()


def _spaces(span: str) -> str:
    """``span`` as spaces, its newlines kept, so offsets and line numbers stay true."""
    return "\n".join([" " * len(line) for line in span.split("\n")]) if "\n" in span else " " * len(span)


def _blank(match: re.Match[str]) -> str:
    return _spaces(match.group(0))


def _may_hold_code_or_comment(text: str) -> bool:
    """False when ``text`` cannot hold a match of _NON_LINK_RE: most prose skips that pass.
    Looking for one character is a memchr (~0.2 µs on a 3 KB note), for a longer string a
    loop over the text (~2 µs): each string is looked for only when its first character is in."""
    return ("`" in text or ("~" in text and "~~~" in text) or ("<" in text and "<!--" in text)
            or ("%" in text and "%%" in text))


def _may_hold_url(text: str) -> bool:
    return "://" in text or _may_hold_www(text)


def _may_hold_www(text: str) -> bool:
    """Whether ``text`` holds "www." in any letter case, as _URL_HINT_RE would find it, several
    times faster. No character but "W" lower-cases to "w" or ".", so only "W" needs replacing:
    lower-casing the whole text costs ten times as much on Cyrillic as on ASCII."""
    return "www." in (text.replace("W", "w") if "W" in text else text)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span, in order and apart, blanked as ``_blank`` does."""
    if not spans:
        return text
    pieces = []
    done = 0
    for start, end in spans:
        pieces += (text[done:start], _spaces(text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _url_matches(masked: str, start: int, starts: list[int], www: bool) -> list[re.Match[str]]:
    """BARE_URL_RE.finditer(masked, start), searched only on the lines that hold "://" or "www."
    (a URL never spans lines, so each line's matches are the same either way); ``www``: whether
    ``masked`` holds "www." (_may_hold_www)."""
    found: list[re.Match[str]] = []
    searched_to = start
    if www:
        hints = [hint.start() for hint in _URL_HINT_RE.finditer(masked, start)]
    else:
        hints = []
        at = masked.find("://", start)
        while at >= 0:
            hints.append(at)
            at = masked.find("://", at + 3)
    for hint in hints:
        if hint < searched_to:
            continue
        number = bisect_right(starts, hint)
        line_start = max(starts[number - 1], searched_to)
        line_end = starts[number] - 1 if number < len(starts) else len(masked)
        found += BARE_URL_RE.finditer(masked, line_start, line_end)
        searched_to = line_end
    return found


def mask_non_link_regions(text: str) -> str:
    """The text with code, HTML comments and %% comments blanked out: nothing in them is a link.
    An ``ad-`` block is not code: only its fences and settings are blanked (a title is kept)."""
    if may_hold_admonitions(text):
        text = _blank_admonition_fences(text)
    return _NON_LINK_RE.sub(_blank, "\n" + text)[1:] if _may_hold_code_or_comment(text) else text


def _blank_admonition_fences(text: str) -> str:
    lines = text.split("\n")
    blocks = find_admonitions(lines)
    for block in blocks:
        for i in (block.opener, *block.option_lines, *(() if block.closer is None else (block.closer,))):
            line = lines[i]
            title = _TITLE_OPTION_RE.match(line)
            kept = title.end() if title else len(line)
            lines[i] = " " * kept + line[kept:]
    return "\n".join(lines) if blocks else text


def mask_links(masked: str) -> str:
    """``masked`` (see mask_non_link_regions) with every link, definition and URL blanked too:
    what is left is the note's plain prose, at the same offsets."""
    # Each pass is skipped when the text lacks the characters its pattern must match.
    for pattern, needed in ((WIKILINK_RE, "[["), (_MD_LINK_RE, "]("), (_REF_DEF_RE, "]:")):
        if needed in masked:
            masked = pattern.sub(_blank, masked)
    return BARE_URL_RE.sub(_blank, masked) if _may_hold_url(masked) else masked


def plain_prose(text: str) -> str:
    """The note's text with front matter, code, comments and links blanked, offsets kept."""
    match = FRONT_MATTER_RE.match(text)
    if match:
        text = _blank(match) + text[match.end():]
    return mask_links(mask_non_link_regions(text))


def _line_starts(text: str) -> list[int]:
    """The offset where each line starts: bisect_right(starts, offset) is the offset's 1-based line."""
    return list(itertools.accumulate((len(line) + 1 for line in text.split("\n")), initial=0))[:-1]


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
        source = match.group(1) or ""
        loader = _RuleLoader if _LOADERS_DIFFER_RE.search(source) else _FastLoader
        data = yaml.load(source, Loader=loader)
    except _UNREADABLE_YAML:
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


def _wikilink(kind: LinkKind, inner: str, line: int) -> Link:
    target, fragment, text = split_wikilink(inner)
    return Link(kind, target, fragment, text, line)


def _markdown_link(original: str, m: re.Match[str], image: bool, line: int) -> Link:
    target, fragment = split_destination(original[m.start(2) : m.end(2)])
    return Link(LinkKind.IMAGE if image else LinkKind.MARKDOWN, target, fragment, original[m.start(1) : m.end(1)], line)


_POSITION = itemgetter(0)


def _body_links(original: str, masked: str, starts: list[int], start: int) -> tuple[list[Link], str]:
    """Links of the note body, and ``masked`` with them blanked too (the same from ``start`` on
    as ``mask_links`` gives); ``masked`` is ``original`` with non-link regions blanked. A pass
    whose pattern needs characters the text lacks is skipped. The patterns are the ``(!?)``-less
    ones: each loop looks at the character before a match for the "!" of an embed or image."""
    found: list[tuple[int, Link]] = []
    add = found.append

    wikilinks: list[str] = []
    if "[[" in masked:
        spans = []
        for m in _WIKILINK_FROM_BRACKET_RE.finditer(masked, start):
            at, end = m.span()
            inner = original[at + 2 : end - 2]
            wikilinks.append(inner)
            if at > start and masked[at - 1] == "!":
                at -= 1
                add((at, _wikilink(LinkKind.EMBED, inner, bisect_right(starts, at))))
            else:
                add((at, _wikilink(LinkKind.WIKI, inner, bisect_right(starts, at))))
            spans.append((at, end))
        masked = _blanked(masked, spans)

    if "](" in masked:
        spans = []
        for m in _MD_LINK_FROM_BRACKET_RE.finditer(masked, start):
            at, end = m.span()
            image = at > start and masked[at - 1] == "!"
            if image:
                at -= 1
            number = bisect_right(starts, at)
            add((at, _markdown_link(original, m, image, number)))
            spans.append((at, end))
            text_start, text_end = m.span(1)
            if masked.find("](", text_start, text_end) >= 0:
                # An image inside a link's text ([![alt](img)](url)) is a link of its own.
                for inner in _MD_LINK_FROM_BRACKET_RE.finditer(masked, text_start, text_end):
                    inner_at = inner.start()
                    inner_image = inner_at > text_start and masked[inner_at - 1] == "!"
                    add((inner_at - 1 if inner_image else inner_at, _markdown_link(original, inner, inner_image, number)))
        if masked.find("](", 0, start) >= 0:
            # A link may begin in the front matter and end in the body: the pattern run over the
            # whole text finds it across the body's start.
            masked = _MD_LINK_RE.sub(_blank, masked)
        else:
            masked = _blanked(masked, spans)

    # Definitions and URLs both hold a ":": a memchr that spares many notes two slower looks.
    colon = ":" in masked
    if colon and "]:" in masked:
        masked = _reference_links(original, masked, start, wikilinks, lambda at: bisect_right(starts, at), add)

    www = _may_hold_www(masked)
    if www or (colon and "://" in masked):
        spans = []
        for m in _url_matches(masked, start, starts, www):
            spans.append(m.span())
            url = trim_url(original[m.start() : m.end()])
            if url:
                # "www.x.org" has no scheme; the browser needs one, as in GitHub's autolinks.
                target = url if "://" in url else "http://" + url
                add((m.start(), Link(LinkKind.URL, target, "", url, bisect_right(starts, m.start()))))
        masked = _blanked(masked, spans)

    found.sort(key=_POSITION)
    return [link for _, link in found], masked


def _reference_links(original: str, masked: str, start: int, wikilinks: list[str], number_at, add) -> str:
    """Adds the reference links ([text][ref], [ref] with a definition, and definitions used by
    nothing); returns ``masked`` with the definitions blanked."""
    # A definition named like a wikilink of the note is Foam's Markdown form of that wikilink
    # ("[[a|b]]" + "[a|b]: a.md" or "[a]: a.md"), not a link of its own.
    definitions = {_label(m.group(1)): m for m in _REF_DEF_RE.finditer(masked, start)}
    masked = _REF_DEF_RE.sub(_blank, masked)
    if not definitions:
        return masked
    used = {label for inner in wikilinks
            for label in (_label(inner), _label(inner.replace("\\|", "|").partition("|")[0]))}
    for m in _REF_USE_RE.finditer(masked, start):
        label = _label(m.group(2) or m.group(1))
        definition = definitions.get(label)
        if definition is None:
            continue
        used.add(label)
        at = m.start()
        if at > start and masked[at - 1] == "!":
            at -= 1
        target, fragment = split_destination(definition.group(2))
        text = original[m.start(1) : m.end(1)]
        add((at, Link(LinkKind.REFERENCE, target, fragment, text, number_at(at))))
    for label, definition in definitions.items():
        if label not in used:
            number = number_at(definition.start())
            target, fragment = split_destination(definition.group(2))
            add((definition.start(), Link(LinkKind.REFERENCE, target, fragment, definition.group(1), number)))
    return masked


def _heading_text(masked: str, original: str, start: int, end: int) -> str:
    """The text of an ATX heading whose line goes on from ``start`` to ``end``: up to the closing
    #s if any (after a space or tab, followed by nothing but spaces and tabs: "# C#" has none),
    else the line's end. Code blanked in ``masked`` is spaces there, and is kept ("# Install `npm`")."""
    line = masked[start:end].rstrip(" \t")
    unclosed = line.rstrip("#")
    if unclosed != line and unclosed[-1:] in (" ", "\t"):
        end = start + len(unclosed)
    return original[start:end].strip()


def _headings(masked: str, original: str, starts: list[int], start: int) -> list[Heading]:
    headings: list[tuple[int, Heading]] = []
    if "#" in masked:
        for m in _ATX_HEADING_RE.finditer(masked, start):
            at = m.start()
            text = _heading_text(masked, original, *m.span(2))
            headings.append((at, Heading(len(m.group(1)) + 1, text, bisect_right(starts, at))))
    setext = _setext_matches(masked, start)
    for m in setext:
        at = m.start(1)
        level = 1 if m.group(2).startswith("=") else 2
        headings.append((at, Heading(level, original[at : m.end(1)].strip(), bisect_right(starts, at))))
    if setext:
        # ATX headings are found in order; setext ones go between them.
        headings.sort(key=_POSITION)
    return [h for _, h in headings]


def _setext_matches(masked: str, start: int) -> list[re.Match[str]]:
    """What _SETEXT_RE.finditer(masked, start) finds: its match ends with an underline line,
    and a line taken as one match's underline is no other's text."""
    found = []
    taken_to = start
    for underline in _SETEXT_UNDERLINE_RE.finditer(masked, start):
        line_start = masked.rfind("\n", 0, underline.start()) + 1
        if line_start >= taken_to and (m := _SETEXT_RE.match(masked, line_start)):
            found.append(m)
            taken_to = m.end()
    return found


def parse_note(text: str, path: str) -> NoteFacts:
    """Everything Clew needs of a note's text. ``path`` (vault-relative) names the default title."""
    meta, body_start = _front_matter(text)
    starts = _line_starts(text)
    masked = mask_non_link_regions(text)
    name = path.rpartition("/")[2]
    is_txt = len(name) > 4 and name[-4:].lower() == ".txt"  # PurePosixPath(path).suffix, without the cost

    links: list[Link] = []
    if body_start:
        for m in WIKILINK_RE.finditer(text, 0, body_start):
            number = bisect_right(starts, m.start())
            links.append(_wikilink(LinkKind.FRONTMATTER, m.group(2), number))
    if is_txt:
        # Plain text has no Markdown syntax: only wikilinks and bare URLs are links there.
        plain = _PERCENT_COMMENT_RE.sub(_blank, text) if "%%" in text else text
        body, _prose = _body_links(text, plain, starts, body_start)
        links += [l for l in body if l.kind in (LinkKind.WIKI, LinkKind.EMBED, LinkKind.URL)]
        headings: list[Heading] = []
    else:
        body, prose = _body_links(text, masked, starts, body_start)
        links += body
        headings = _headings(masked, text, starts, body_start)

    tags = list(_as_strings(meta.get("tags", meta.get("tag"))))
    tags = [t.lstrip("#") for t in tags]
    if not is_txt and "#" in prose:
        # A "#" inside a link ([x](#anchor), [[n#Heading]], https://x.org/#a) is a fragment, not a
        # tag; nor is one inside an HTML tag (<a href="#top">).
        if "<" in prose:
            prose = _HTML_TAG_RE.sub(_blank, prose)
        for m in TAG_RE.finditer(prose, body_start):
            tags.append(m.group(1))
    aliases = _as_strings(meta.get("aliases", meta.get("alias")))

    title = str(meta.get("title") or "").strip()
    if not title:
        first_h1 = next((h.text for h in headings if h.level == 1), "")
        # As the view shows it: "# [[dataview|Dataview]]" is titled "Dataview".
        title = shown_text(first_h1) or PurePosixPath(path).stem

    return NoteFacts(
        title=title,
        links=tuple(links),
        headings=tuple(headings),
        tags=tuple(dict.fromkeys(tags)),
        aliases=aliases,
        block_ids=tuple(m.group(1) for m in _BLOCK_ID_RE.finditer(masked, body_start)) if "^" in masked else (),
    )
