"""Python-Markdown extension that reads block structure as CommonMark (and so Obsidian) does: block
quotes, lists and fenced code, at any depth.

Python-Markdown finds lists and quotes in blank-line separated chunks and nests by four spaces;
notes nest by the width of each list marker, start lists right under a paragraph line, put fences
inside list items and leave fences unclosed. No maintained extension reads that (pymdownx has none;
mdx_truly_sane_lists only changes the indent width), so this one walks the lines once, as a
CommonMark parser does, and hands Python-Markdown a text it cannot misread:

- each quote, list and list item is cut out and framed by marker lines; ``ContainerProcessor``
  builds the ``blockquote``/``ul``/``ol``/``li`` from the markers and lets Python-Markdown parse
  what is inside (tight list items like Python-Markdown's own, with no ``<p>``);
- inside the frames, the container prefixes (``>``, an item's indentation) are gone and each leaf
  block is set off by a blank line;
- every fence is rewritten to a plain one at its container's margin, closed by a fence of its own
  kind and length, so that pymdownx.superfences (and the custom fences it runs) stashes it;
  indented code inside a container becomes such a fence too.

Outside containers the lines pass as written (footnotes, HTML and the like keep their reading),
but for the fences and the blank lines between blocks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from clew.core.render.extensions.html_blocks import HTML_BLOCK_KINDS, LONE_TAG_RE

# Deeper containers are read as text: the block parser recurses once per level.
MAX_DEPTH = 40

_BEGIN = "\x02clew-open:{}\x03"
_END = "\x02clew-close:{}\x03"
_BEGIN_RE = re.compile("\x02clew-open:(\\d+)\x03")
_MARKER_RE = re.compile("\x02clew-(?:open|close):\\d+\x03")

_ITEM_RE = re.compile(r"( {0,3})([-+*]|(\d{1,9})([.)]))( +|$)")
_THEMATIC_RE = re.compile(r" {0,3}(?:(?:-[ ]*){3,}|(?:\*[ ]*){3,}|(?:_[ ]*){3,})$")
_FENCE_RE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)$")
_ATX_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_RE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_TABLE_RULE_RE = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_QUOTE_PREFIX_RE = re.compile(r"(?: {0,3}> ?)*")
_LANG_RE = re.compile(r"[\w#.+-]+")
# The first characters a container or a leaf block other than a paragraph may start with.
_CONTAINER_CHARS = frozenset(">-+*0123456789")
_LEAF_CHARS = frozenset("`~=-*_#<")
_CODE_SPAN_RE = re.compile(r"(`+).*?\1")



@dataclass
class _List:
    """A list being read: its marker kind, whether it is loose, and what the processor needs."""

    id: int
    kind: str  # the bullet character, or the delimiter of an ordered list
    start: int | None
    loose: bool = False


@dataclass
class _Container:
    """The document, a quote or a list item, with the list open as its last child, if any."""

    kind: str  # "document", "quote" or "item"
    id: int = 0
    indent: int = 0  # an item's content column, relative to its parent's margin
    list: _List | None = None  # the list an item belongs to
    open_list: _List | None = None
    has_content: bool = False
    starts_empty: bool = False


@dataclass
class _Leaf:
    """The leaf block open in the innermost container. A fence or code block keeps the fence
    that closes it in the output (none for indented code outside containers)."""

    kind: str  # "paragraph", "table", "fence", "code" or "html"
    fence: str = ""
    indent: int = 0  # a fence's own indentation, taken off its lines
    html_end: re.Pattern[str] | None = None  # None: an HTML block that ends at a blank line


_RAW_LEAVES = ("fence", "code", "html")
# A fence around indented code inside a container: long, so that no line of the code closes it.
_CODE_FENCE = "~" * 11


def _fence_opener(rest: str) -> re.Match[str] | None:
    """A fence's first line; a backtick fence's info string holds no backtick (it is code)."""
    fence = _FENCE_RE.match(rest)
    return None if fence is None or fence.group(2)[0] == "`" and "`" in fence.group(3) else fence


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _html_start(rest: str, interrupting: bool) -> _Leaf | None:
    for start, end in HTML_BLOCK_KINDS:
        if start.match(rest):
            return _Leaf("html", html_end=end)
    if not interrupting and LONE_TAG_RE.match(rest):
        return _Leaf("html")
    return None


@dataclass
class _Reader:
    """One pass over a note's lines, as a CommonMark parser reads them; ``out`` is the text
    Python-Markdown is to read, ``specs`` what each marker stands for."""

    specs: dict[int, tuple[str, dict[str, str], _List | None]]
    out: list[str] = field(default_factory=list)
    stack: list[_Container] = field(default_factory=lambda: [_Container("document")])
    leaf: _Leaf | None = None
    blank_before: bool = False
    in_comment: bool = False
    next_id: int = 0

    # Output

    def _separate(self) -> None:
        if self.out and self.out[-1] != "":
            self.out.append("")

    def _emit_block(self, text: str) -> None:
        self._separate()
        self.out.append(text)

    def _frame(self, marker: str) -> None:
        self._emit_block(marker)
        self.out.append("")

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _last_line(self) -> str:
        return next((line for line in reversed(self.out) if line), "")

    @property
    def _nested(self) -> bool:
        return len(self.stack) > 1

    # Closing

    def _close_leaf(self) -> None:
        leaf, self.leaf = self.leaf, None
        if leaf is None or not leaf.fence:
            return
        if leaf.kind == "code":
            while self.out and self.out[-1] == "":
                self.out.pop()
        self.out.append(leaf.fence)

    def _close_list(self, container: _Container) -> None:
        if container.open_list is not None:
            self._frame(_END.format(container.open_list.id))
            container.open_list = None

    def _close_to(self, depth: int) -> None:
        """Closes the open leaf and the containers deeper than ``depth`` (the document is 1)."""
        self._close_leaf()
        while len(self.stack) > depth:
            container = self.stack.pop()
            self._close_list(container)
            self._frame(_END.format(container.id))

    def finish(self) -> list[str]:
        self._close_to(1)
        self._close_list(self.stack[0])
        while self.out and self.out[-1] == "":
            self.out.pop()
        return [*self.out, "", ""]  # as Python-Markdown ends the text: no block ends in a newline

    # Opening

    def _open_block(self, depth: int, item_kind: str | None = None) -> None:
        """A block starts in the container at ``depth``: close what it ends, and note whether
        it makes a list loose (a blank line between two blocks of an item)."""
        self._close_to(depth)
        container = self.stack[-1]
        open_list = container.open_list
        sibling_item = item_kind is not None and open_list is not None and open_list.kind == item_kind
        if not sibling_item and self.blank_before and container.kind == "item" and container.has_content:
            container.list.loose = True
        if not sibling_item:
            self._close_list(container)
        container.has_content = True

    def _open_quote(self) -> None:
        quote = _Container("quote", self._new_id())
        self.specs[quote.id] = ("blockquote", {}, None)
        self._frame(_BEGIN.format(quote.id))
        self.stack.append(quote)

    def _open_item(self, kind: str, start: int | None, indent: int, empty: bool) -> None:
        parent = self.stack[-1]
        lst = parent.open_list
        if lst is not None:
            lst.loose = lst.loose or self.blank_before
        else:
            lst = parent.open_list = _List(self._new_id(), kind, start)
            attrs = {"start": str(start)} if start not in (None, 1) else {}
            self.specs[lst.id] = ("ul" if start is None else "ol", attrs, None)
            self._frame(_BEGIN.format(lst.id))
        item = _Container("item", self._new_id(), indent, lst, starts_empty=empty)
        self.specs[item.id] = ("li", {}, lst)
        self._frame(_BEGIN.format(item.id))
        self.stack.append(item)

    # Reading

    def _matched(self, line: str) -> tuple[int, int]:
        """How deep the open containers go that ``line`` continues, and where its rest starts."""
        pos = 0
        depth = 1
        for container in self.stack[1:]:
            blank = not line[pos:].strip()
            if container.kind == "quote":
                if not line[pos : pos + 4].lstrip(" ").startswith(">"):
                    break
                pos = line.index(">", pos) + 1
                pos += line[pos : pos + 1] == " "
            elif blank:
                if container.starts_empty and not container.has_content:
                    break
            elif _indent(line[pos:]) >= container.indent:
                pos += container.indent
            else:
                break
            depth += 1
        return depth, pos

    def read(self, line: str, next_line: str) -> None:
        if self.in_comment:  # an Obsidian %% comment: no blocks inside, the comments extension drops it
            self.out.append(line)
            self.in_comment = "%%" not in line
            return
        depth, pos = self._matched(line)
        rest = line[pos:]
        all_matched = depth == len(self.stack)
        if all_matched and self.leaf is not None and self.leaf.kind in _RAW_LEAVES and self._raw_line(rest):
            return
        if not rest.strip():
            self._blank(depth)
            return
        self._open_containers(rest, depth, all_matched, next_line)
        self.blank_before = False

    def _blank(self, depth: int) -> None:
        self._close_to(depth)
        # A blank line inside a quote ends a paragraph there; it does not loosen the list around.
        self.blank_before = self.stack[-1].kind != "quote"
        self.out.append("")

    def _open_containers(self, rest: str, depth: int, all_matched: bool, next_line: str) -> None:
        paragraph = self.leaf is not None and self.leaf.kind == "paragraph"
        interrupting = all_matched and self.leaf is not None and self.leaf.kind in ("paragraph", "table")
        opened = False
        while True:
            indent = _indent(rest)
            if indent >= 4 or rest[indent:indent + 1] not in _CONTAINER_CHARS:
                break
            item = _ITEM_RE.match(rest)
            if rest[indent:indent + 1] != ">" and (item is None or _THEMATIC_RE.match(rest)):
                break
            if len(self.stack) >= MAX_DEPTH:  # as text, escaped so that Python-Markdown does not nest it either
                rest = "\\" + rest.lstrip(" ")
                break
            if rest[indent:indent + 1] == ">":
                self._open_block(depth)
                self._open_quote()
                rest = rest[indent + 1:]
                rest = rest[1:] if rest.startswith(" ") else rest
            else:
                content = rest[item.end():]
                empty = not content.strip()
                number = item.group(3)
                if interrupting and not opened and (empty or number not in (None, "1")):
                    break
                spaces = len(item.group(5))
                width = item.end()
                if empty or spaces > 4:  # the content starts one space after the marker
                    width = item.end() - spaces + 1
                    content = rest[width:]
                kind = item.group(2) if number is None else item.group(4)
                self._open_block(depth, kind)
                self._open_item(kind, None if number is None else int(number), width, empty)
                rest = content
            depth = len(self.stack)
            opened = True
            self.blank_before = False  # it was before the container, not inside it
            if not rest.strip():
                self._separate()
                return
        if not opened and not all_matched:
            if paragraph and self._lazy(rest):
                self._paragraph_line(rest)
                return
            self._open_block(depth)
        self._leaf_line(rest, next_line, continuing=all_matched and not opened)

    @staticmethod
    def _lazy(rest: str) -> bool:
        """Whether a line that leaves its containers continues their paragraph."""
        return not (_fence_opener(rest) or _ATX_RE.match(rest) or _THEMATIC_RE.match(rest)
                    or _html_start(rest, interrupting=True))

    def _paragraph_line(self, rest: str) -> None:
        self.out.append(rest.lstrip(" ") if self._nested else rest)
        self._watch_comment(rest)

    def _watch_comment(self, rest: str) -> None:
        if "%%" in rest and _CODE_SPAN_RE.sub("", rest).count("%%") % 2:
            self.in_comment = True

    def _block_line(self, rest: str, leaf: _Leaf | None = None) -> None:
        """The first line of a leaf block, set off from what came before."""
        self._open_block(len(self.stack))
        self._emit_block(rest.lstrip(" ") if self._nested else rest)
        self.leaf = leaf

    def _leaf_line(self, rest: str, next_line: str, continuing: bool) -> None:
        leaf = self.leaf if continuing else None
        in_text = leaf is not None and leaf.kind in ("paragraph", "table")
        indent = _indent(rest)
        if indent >= 4:
            if in_text:
                self._paragraph_line(rest)
            elif self._nested or _MARKER_RE.fullmatch(self._last_line()):
                # In a container, or right after one, Python-Markdown would take the indentation
                # for a list item's own: the code goes in a fence.
                self._block_line(_CODE_FENCE, _Leaf("code", _CODE_FENCE))
                self.out.append(rest[4:])
            else:
                self._block_line(rest, _Leaf("code"))
            return
        if rest[indent:indent + 1] not in _LEAF_CHARS and "|" not in rest:
            pass  # the common case, text: none of the tests below can match
        elif self._special_leaf(rest, indent, leaf, in_text, next_line):
            return
        if in_text:
            self._paragraph_line(rest)
        else:
            self._block_line(rest, _Leaf("paragraph"))
            self._watch_comment(rest)

    def _special_leaf(self, rest: str, indent: int, leaf: _Leaf | None, in_text: bool, next_line: str) -> bool:
        """Reads a fence, heading, break, HTML block or table line; False for paragraph text."""
        fence = _fence_opener(rest)
        if fence:
            lang = _LANG_RE.match(fence.group(3).strip())
            # At the container's margin, with the language alone: superfences reads no other info.
            self._block_line(fence.group(2) + (lang.group(0) if lang else ""), _Leaf("fence", fence.group(2), indent))
            return True
        if in_text and leaf.kind == "paragraph" and _SETEXT_RE.match(rest):
            self.out.append(rest.strip() if self._nested else rest)
            self.leaf = None
            return True
        if _THEMATIC_RE.match(rest):
            self._block_line("* * *")  # Python-Markdown reads no wider spacing, and "---" could be a heading
            return True
        if _ATX_RE.match(rest):
            self._block_line(rest.lstrip(" "))
            return True
        html = _html_start(rest, interrupting=in_text)
        if html is not None:
            self._block_line(rest, html)
            if html.html_end is not None and html.html_end.search(rest, indent + 2):
                self.leaf = None
            return True
        if ("|" in rest and "|" in next_line and (leaf is None or leaf.kind != "table")
                and _TABLE_RULE_RE.match(_QUOTE_PREFIX_RE.sub("", next_line, count=1))):
            self._block_line(rest, _Leaf("table"))
            return True
        return False

    def _raw_line(self, rest: str) -> bool:
        """A line of an open fence, code or HTML block; False when it ends the block and is
        to be read afresh."""
        leaf = self.leaf
        indent = _indent(rest)
        if leaf.kind == "html":
            if leaf.html_end is None and not rest.strip():
                return False
            self.out.append(rest)
            if leaf.html_end is not None and leaf.html_end.search(rest):
                self.leaf = None
            return True
        if leaf.kind == "code":
            if rest.strip() and indent < 4:
                self._close_leaf()
                return False
            self.out.append(rest[4:] if leaf.fence else rest)
            return True
        stripped = rest.strip()
        if indent < 4 and stripped and set(stripped) == {leaf.fence[0]} and len(stripped) >= len(leaf.fence):
            self._close_leaf()
        else:
            self.out.append(rest[min(indent, leaf.indent):])
        return True


class ContainerPreprocessor(Preprocessor):
    """Frames the containers and rewrites the fences (see the module's docstring)."""

    def __init__(self, md, specs: dict) -> None:
        super().__init__(md)
        self.specs = specs

    def run(self, lines: list[str]) -> list[str]:
        self.specs.clear()
        reader = _Reader(self.specs)
        for i, line in enumerate(lines):
            reader.read(line, lines[i + 1] if i + 1 < len(lines) else "")
        return reader.finish()


class ContainerProcessor(BlockProcessor):
    """Builds a framed quote or list, with all it holds, and lets Python-Markdown parse the
    blocks between the frames. The frames are matched in one pass, and the containers built
    from one list of blocks by index: taking them block by block off the front of a list, as
    Python-Markdown does, would cost a long list's length for each of its items."""

    def __init__(self, parser, specs: dict) -> None:
        super().__init__(parser)
        self.specs = specs

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.lstrip("\n").startswith("\x02clew-") and bool(_MARKER_RE.fullmatch(block.strip("\n")))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        begin = _BEGIN_RE.fullmatch(blocks.pop(0).strip("\n"))
        if begin is None:  # the end of a container whose start something else took
            return
        end = _END.format(begin.group(1))
        # Something (a raw HTML block) may have taken the end: then the container takes the rest.
        stop = next((i for i, block in enumerate(blocks) if block.strip("\n") == end), len(blocks))
        inner = [block.strip("\n") if block.lstrip("\n").startswith("\x02clew-") else block for block in blocks[:stop]]
        del blocks[: stop + 1]
        self._build(parent, int(begin.group(1)), inner, 0, len(inner), _matching_ends(inner))

    def _build(self, parent: etree.Element, ident: int, blocks: list[str], start: int, stop: int,
               ends: dict[int, int]) -> None:
        tag, attrs, lst = self.specs[ident]
        element = etree.SubElement(parent, tag, attrs)
        tight = lst is not None and not lst.loose
        # Python-Markdown's own state for a tight list item: paragraphs without <p>.
        self.parser.state.set("list" if tight else "clew-block")
        try:
            text_start = i = start
            while i < stop:
                block = blocks[i]
                framed = block.startswith("\x02clew-") and _MARKER_RE.fullmatch(block)
                stashed = tight and not framed and HTML_PLACEHOLDER_RE.fullmatch(block)
                if not (framed or stashed):
                    i += 1
                    continue
                if text_start < i:
                    self.parser.parseBlocks(element, blocks[text_start:i])
                end = i
                if stashed:
                    # A block (a fence) in a tight item: alone in a <p>, which Python-Markdown
                    # swaps for the block; in the item's text it would follow a line break.
                    etree.SubElement(element, "p").text = block
                elif _BEGIN_RE.fullmatch(block):
                    end = ends.get(i, stop)
                    self._build(element, int(block[len("\x02clew-open:"):-1]), blocks, i + 1, end, ends)
                text_start = i = end + 1  # an end marker without its start is dropped
            if text_start < stop:
                self.parser.parseBlocks(element, blocks[text_start:stop])
        finally:
            self.parser.state.reset()
        if tight:
            # Text after a block in a tight item follows it, not a line break.
            for child in element:
                if child.tail and child.tail.startswith("\n"):
                    child.tail = child.tail.lstrip("\n")


def _matching_ends(blocks: list[str]) -> dict[int, int]:
    """The index of each start marker's end marker, where there is one."""
    ends: dict[int, int] = {}
    open_at: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if block.startswith("\x02clew-open:"):
            open_at[block[len("\x02clew-open:"):-1]] = i
        elif block.startswith("\x02clew-close:"):
            start = open_at.pop(block[len("\x02clew-close:"):-1], None)
            if start is not None:
                ends[start] = i
    return ends


class StrayMarkerPostprocessor(Postprocessor):
    """Drops a marker that ended up inside raw HTML (which Python-Markdown passes as written)."""

    def run(self, text: str) -> str:
        return _MARKER_RE.sub("", text) if "\x02clew-" in text else text


class BlocksExtension(Extension):
    def extendMarkdown(self, md) -> None:
        specs: dict = {}
        # After admonitions become callouts (27), before fenced code is stashed (25).
        md.preprocessors.register(ContainerPreprocessor(md, specs), "clew_blocks", 26)
        # Before everything: a marker block is never anything else.
        md.parser.blockprocessors.register(ContainerProcessor(md.parser, specs), "clew_blocks", 110)
        md.postprocessors.register(StrayMarkerPostprocessor(md), "clew_stray_markers", 5)


def makeExtension(**kwargs) -> BlocksExtension:
    return BlocksExtension(**kwargs)
