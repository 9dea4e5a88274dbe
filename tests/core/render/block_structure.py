"""The block skeleton of a rendered note, from Clew and from markdown-it-py (the test oracle).

A skeleton is the nesting of p / ul / ol / li / pre / blockquote / h1-h6 / table and nothing
else: inline markup, cells, rules and Clew's own wrappers are see-through. Obsidian's deliberate
differences from CommonMark are neutralised on the short list DELIBERATE below (each item says
how); every other difference between the two skeletons is one Clew must not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from clew.core.links.model import Resolution
from clew.core.render.extensions.admonitions import as_callouts
from clew.core.render.markdown import render_note

SKELETON_TAGS = frozenset({"p", "ul", "ol", "li", "pre", "blockquote", "table", "h1", "h2", "h3", "h4", "h5", "h6"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                        "track", "wbr"})

# Obsidian's deliberate differences from CommonMark, reviewed; how each is neutralised:
DELIBERATE = {
    "front matter": "a leading '---' YAML block is not shown: markdown-it reads it with its "
                    "front_matter plugin instead of as a rule and a setext heading",
    "footnotes": "'[^1]' with '[^1]: text', and '^[text]', are footnotes in Obsidian: markdown-it "
                 "reads them with its footnote plugin; both sides' footnote lists compare as ol > li",
    "callouts": "'> [!type] Title' is a callout: Clew's callout box compares as a blockquote, its "
                "title paragraph is dropped, and so is markdown-it's paragraph holding only "
                "the '[!type] Title' line",
    "%% comments %%": "Obsidian hides them: they are cut from the Markdown markdown-it reads, as "
                      "Clew cuts them",
    "block ids": "a paragraph holding only '^block-id' is hidden by Obsidian: dropped on both sides",
    "Admonition blocks": "'```ad-TYPE' fences are the Admonition plugin's callouts: markdown-it reads "
                         "them rewritten as the callouts they stand for (admonitions.as_callouts)",
    "plugin blocks": "the caption Clew puts over a mermaid / dataview / query fence is dropped; the "
                     "code under it is the fence",
    # Wikilinks, tags, line breaks and bare URLs are inline: they never change the skeleton, so
    # nothing needs undoing for them (a line of '#tags' is a paragraph in CommonMark too).
}

_CALLOUT_HEAD_RE = re.compile(r"\[![^\]\s]+\][+-]?[^\n]*")
_BLOCK_ID_RE = re.compile(r"\^[A-Za-z0-9-]+")
_PERCENT_COMMENT_RE = re.compile(r"(`+)[^\n]*?\1|%%.*?%%", re.S)


@dataclass
class Element:
    """An HTML element as parsed: its tag, attributes, children and all the text inside it."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element"] = field(default_factory=list)
    text: str = ""

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


@dataclass(frozen=True)
class Block:
    """A node of the skeleton; ``text`` (the start of its text) is shown in reports, never compared."""

    tag: str
    children: tuple["Block", ...] = ()
    text: str = ""

    def shape(self) -> tuple:
        return (self.tag, tuple(child.shape() for child in self.children))

    def outline(self, indent: int = 0) -> str:
        """The skeleton as an indented list of tags, each with the start of its text."""
        lines = ["  " * indent + self.tag + (f"  {self.text!r}" if self.text else "")]
        lines += [child.outline(indent + 1) for child in self.children]
        return "\n".join(lines)


class _TreeBuilder(HTMLParser):
    """Builds an Element tree from HTML; an end tag closes up to its matching open element and
    is ignored when nothing matches (raw HTML in notes need not be well formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse_html(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def _is_block_id(element: Element) -> bool:
    return element.tag == "p" and bool(_BLOCK_ID_RE.fullmatch(element.text.strip()))


def _blocks(element: Element, unwrap) -> list[Block]:
    """The skeleton blocks under ``element``; ``unwrap(element)`` gives the tag an element
    stands for ("" for see-through, None to drop it with what it holds)."""
    out: list[Block] = []
    for child in element.children:
        tag = unwrap(child)
        if tag is None:
            continue
        inner = [] if tag in ("pre", "table") else _blocks(child, unwrap)
        if tag == "blockquote":
            inner = _drop_callout_title(child, inner)
        if tag in SKELETON_TAGS:
            out.append(Block(tag, tuple(inner), _excerpt(child.text)))
        else:
            out.extend(inner)
    return out


def _drop_callout_title(quote: Element, inner: list[Block]) -> list[Block]:
    """markdown-it's callout: its first paragraph holds nothing but the '[!type] Title' line."""
    if inner and inner[0].tag == "p" and not inner[0].children:
        first = next((c for c in quote.children if c.tag == "p"), None)
        if first is not None and _CALLOUT_HEAD_RE.fullmatch(first.text.strip()):
            return inner[1:]
    return inner


def _clew_tag(element: Element) -> str | None:
    classes = element.classes()
    if element.tag == "table" and classes & {"quote", "callout"}:
        return "blockquote"
    if element.tag == "table" and "codeblock" in classes:
        return ""  # the code block's padded cell: the <pre> inside is the block
    if element.tag == "p" and classes & {"callout-title", "plugin-block"}:
        return None
    if _is_block_id(element):
        return None
    return element.tag


def _oracle_tag(element: Element) -> str | None:
    if _is_block_id(element):
        return None
    return element.tag


def clew_blocks(html: str) -> Block:
    """The skeleton of a body Clew rendered."""
    return Block("body", tuple(_blocks(parse_html(html), _clew_tag)))


def _oracle() -> MarkdownIt:
    return (MarkdownIt("commonmark").enable(["table", "strikethrough"])
            .use(front_matter_plugin).use(footnote_plugin))


_ORACLE = _oracle()


def _cut_percent_comment(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1) else "\n" * match.group(0).count("\n")


def oracle_html(text: str) -> str:
    """markdown-it-py's HTML for a note (CommonMark, GFM tables and strikethrough, front matter
    and footnotes), with Obsidian's %% comments cut and Admonition blocks made callouts first."""
    if "ad-" in text:
        text = "\n".join(as_callouts(text.split("\n")))
    if "%%" in text:
        text = _PERCENT_COMMENT_RE.sub(_cut_percent_comment, text)
    return _ORACLE.render(text)


def oracle_blocks(text: str) -> Block:
    """markdown-it-py's skeleton of a note's Markdown."""
    return Block("body", tuple(_blocks(parse_html(oracle_html(text)), _oracle_tag)))


def clew_html(text: str, note_path: str = "note.md") -> str:
    """Clew's body for a note, with nothing resolving (links do not change blocks)."""
    return render_note(text, note_path, lambda _link: Resolution(None)).html


@dataclass(frozen=True)
class Difference:
    """Where two skeletons first part: the path to the parent, and what each side has there."""

    path: str
    index: int  # of Clew's differing child, from 1
    clew: Block | None
    oracle: Block | None

    @property
    def kind(self) -> str:
        parent = self.path.rsplit(" > ", 1)[-1].split("[")[0]
        if self.oracle is None:
            return f"extra {self.clew.tag} in {parent}"
        if self.clew is None:
            return f"missing {self.oracle.tag} in {parent}"
        return f"{self.clew.tag} where markdown-it has {self.oracle.tag}, in {parent}"

    def describe(self) -> str:
        def side(block: Block | None) -> str:
            return f"{block.tag} {block.text!r}" if block else "nothing"

        return f"at {self.path}, block {self.index}: Clew has {side(self.clew)}, markdown-it has {side(self.oracle)}"


def _key(block: Block) -> str:
    return "".join(ch for ch in block.text.lower() if ch.isalnum())[:12]


def _align(mine: tuple[Block, ...], theirs: tuple[Block, ...]) -> list[tuple[Block | None, Block | None]]:
    """Pairs the two sibling lists: most pairs of the same tag, and among those, most of the
    same leading text, so one extra block shows as that block and not as a shift of the rest."""
    n, m = len(mine), len(theirs)
    score = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if mine[i].tag == theirs[j].tag:
                best = max(best, score[i + 1][j + 1] + (3 if _key(mine[i]) == _key(theirs[j]) else 2))
            score[i][j] = best
    pairs: list[tuple[Block | None, Block | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and mine[i].tag == theirs[j].tag and score[i][j] == score[i + 1][j + 1] + (
                3 if _key(mine[i]) == _key(theirs[j]) else 2):
            pairs.append((mine[i], theirs[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or score[i][j] == score[i + 1][j]):
            pairs.append((mine[i], None))
            i += 1
        else:
            pairs.append((None, theirs[j]))
            j += 1
    return pairs


def first_difference(clew: Block, oracle: Block, path: str = "body") -> Difference | None:
    """The first place, in document order, where the two skeletons differ; None if they match."""
    if [b.tag for b in clew.children] == [b.tag for b in oracle.children]:
        pairs = list(zip(clew.children, oracle.children))
    else:
        pairs = _align(clew.children, oracle.children)
    index = 0
    for at, (mine, theirs) in enumerate(pairs):
        index += mine is not None
        if mine is None or theirs is None:
            # A block on one side next to an unmatched one on the other: one stands for the other.
            following = pairs[at + 1] if at + 1 < len(pairs) else (None, None)
            mine = mine or following[0] if theirs is not None and following[1] is None else mine
            theirs = theirs or following[1] if mine is not None and following[0] is None else theirs
            return Difference(path, max(index, 1), mine, theirs)
        found = first_difference(mine, theirs, f"{path} > {mine.tag}[{index}]")
        if found is not None:
            return found
    return None


def compare_note(text: str, note_path: str = "note.md") -> Difference | None:
    """Clew's skeleton of a note against markdown-it-py's."""
    return first_difference(clew_blocks(clew_html(text, note_path)), oracle_blocks(text))


def notes_of(vault: Path) -> list[Path]:
    """The vault's .md notes, leaving out hidden folders (.obsidian, .trash)."""
    return sorted(p for p in vault.rglob("*.md")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(vault).parts))


def compare_vaults(vaults: list[Path]) -> tuple[int, dict[str, Difference]]:
    """How many notes were compared, and the first difference of each note that differs
    (keyed by vault name / note path)."""
    compared = 0
    differing: dict[str, Difference] = {}
    for vault in vaults:
        for path in notes_of(vault):
            rel = path.relative_to(vault).as_posix()
            compared += 1
            difference = compare_note(path.read_text(encoding="utf-8", errors="replace"), rel)
            if difference is not None:
                differing[f"{vault.name}/{rel}"] = difference
    return compared, differing
