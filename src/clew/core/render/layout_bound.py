"""A page's layout cost, bounded before Qt sees it: no note can hold the GUI thread in ``setHtml``.

Qt's rich-text layout runs on the GUI thread, and some shapes cost far more than their size:
each table around a block doubles what the block costs (quotes, callouts and code blocks are
one-cell tables, so 25 nested quotes never finish), blocks with ids and lines without a space
cost quadratically, and a table's cells add up fast. ``bound_layout`` takes the cleaned HTML of a
page and gives back HTML whose cost, estimated in layout units, stays within ``PAGE_BUDGET``,
with a notice for everything it changed:

- tables (and so quotes and callouts) nested past ``MAX_TABLE_DEPTH`` are drawn flat, their
  content one block in the innermost table kept; a block that still costs too much is drawn
  flat from a shallower level;
- lists nested past ``MAX_LIST_DEPTH`` and any element past ``MAX_DEPTH`` are drawn flat;
- a table row keeps its first ``MAX_COLUMNS`` columns, a run of text without a space its first
  ``MAX_RUN`` characters;
- a page too long for the budget comes in parts, split between its top-level blocks (and
  within a long paragraph); any other block too big for the budget alone is cut.

The input is ``safety.clean_html``'s output: well-formed, attributes double-quoted, text
escaped; this module only moves, drops and adds plain tags, so what it returns is as clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# One layout unit is about 35 µs of Qt's layout on the bench machine (bench/layout.py); a page
# of PAGE_BUDGET units takes about 120 ms, under the 200 ms a page may hold the window.
PAGE_BUDGET = 3_500
MAX_TABLE_DEPTH = 6
MAX_LIST_DEPTH = 10
MAX_DEPTH = 128
MAX_COLUMNS = 50
MAX_SPAN = 50
MAX_RUN = 10_000

# Costs in units, measured with bench/layout.py's probes: a block at table depth d costs
# 2 ** (d + 1) (each table around it doubles it), a table cell _CELL blocks at its depth, and
# more in big tables: one more block at column _COLUMNS_PER_BLOCK or row _ROWS_PER_BLOCK.
_ELEMENT = 0.5
_LINK = 1.5
_ID = 3.0
_IMAGE = 8.0
_CELL = 0.75
_COLUMNS_PER_BLOCK = 25
_ROWS_PER_BLOCK = 250
_CHARS_PER_UNIT = 30
# A run of characters without a space costs its length squared over this (Qt's line breaking).
_RUN_SQUARE_PER_UNIT = 125_000
_SHORTEST_COSTLY_RUN = 1_000
# The top-level block split across parts when too long (the others are cut).
_SPLIT = "p"
# A long text is split in pieces of this share of the budget (what runs of it cost comes on top).
_TEXT_SHARE = 0.5

_TAG_RE = re.compile(r'<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>"]|"[^"]*")*)>')
_ID_RE = re.compile(r'\sid="')
_SPAN_RE = re.compile(r'\s(colspan|rowspan)="\s*(\d+)\s*"')
_RUN_RE = re.compile(r"\S{%d,}" % _SHORTEST_COSTLY_RUN)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dt", "dd",
                     "hr", "dl", "figure", "figcaption", "address", "center"})
_CELLS = frozenset({"td", "th"})
_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "caption", "colgroup", "col"})
_LISTS = frozenset({"ul", "ol"})
# An entity is at most this long; text is never cut inside one.
_LONGEST_ENTITY = 10

FLAT_TABLES = (f"Quotes, callouts and tables nested deeper than {MAX_TABLE_DEPTH} levels are drawn flat, "
               "as one block.")
FLAT_BOXES = ("Some quotes and callouts are drawn flat, as plain blocks: nested as they are, they would take "
              "too long to lay out.")
FLAT_LISTS = f"Lists nested deeper than {MAX_LIST_DEPTH} levels are drawn flat."
FLAT_MARKUP = f"Markup nested deeper than {MAX_DEPTH} levels is drawn flat."
WIDE_TABLE = f"A table of more than {MAX_COLUMNS} columns is shown in part: its first {MAX_COLUMNS} columns."
LONG_RUN = f"A line of more than {MAX_RUN:,} characters without a space is shown in part."
BIG_BLOCK = "Part of this note is too big to lay out at once and is shown in part."
PARTS = "This note is too long to lay out at once: it is shown in parts, part {} of {}."


@dataclass(frozen=True)
class BoundedPage:
    """HTML whose layout cost is within the budget; the notices say what was drawn flat or cut.
    ``page`` of ``pages`` is the part of a page too long to lay out at once."""

    html: str
    notices: tuple[str, ...] = ()
    page: int = 0
    pages: int = 1
    cost: float = 0.0


@dataclass
class _Node:
    """An element (tag "" for a group of them) and what it costs with its children; text is a
    plain string, escaped as it came."""

    tag: str
    attrs: str = ""
    children: list[_Node | str] = field(default_factory=list)
    cost: float = 0.0


def bound_layout(markup: str, page: int = 0, *, paged: bool = True, budget: float = PAGE_BUDGET) -> BoundedPage:
    """``markup`` (cleaned HTML) bounded to ``budget``; part ``page`` of it when it is too long for
    one. Without ``paged``, only the first part is kept, with a notice that the page is cut."""
    notices: dict[str, None] = {}
    root = _Reader(budget, notices).read(markup)
    blocks = [block for child in root.children for block in _bounded_blocks(child, budget, notices)]
    pages = _pack(blocks, budget)
    if not paged and len(pages) > 1:
        notices[BIG_BLOCK] = None
        pages = pages[:1]
    page = min(max(page, 0), len(pages) - 1)
    if len(pages) > 1:
        notices[PARTS.format(page + 1, len(pages))] = None
    chosen = pages[page]
    html = "".join(_serialise(node) for node in chosen)
    return BoundedPage(html, tuple(notices), page, len(pages), sum(_cost_of(node) for node in chosen))


# -- reading ---------------------------------------------------------------------------------

class _Reader:
    """Builds the tree of cleaned HTML. Elements past MAX_DEPTH are left out, their content kept
    in place (a block's followed by a line break), so the tree is never deeper than that. Once
    a top-level block holds more blocks than ``budget`` can lay out however it is drawn, the
    rest of that block is skipped: it would be cut anyway."""

    def __init__(self, budget: float, notices: dict[str, None]) -> None:
        self.root = _Node("")
        self.parents = [self.root]
        self.opened: list[tuple[str, str]] = []  # each open tag, and whether it is "kept", "flat" or "skipped"
        self.budget = budget
        self.notices = notices
        self.least_cost = 0.0  # of the top-level block being read: each block costs at least 1
        self.row_cells = 0
        self.splitting = False  # the top-level block being read is split, not cut: it is read whole

    def read(self, markup: str) -> _Node:
        position = 0
        for match in _TAG_RE.finditer(markup):
            if match.start() > position and not self._skipping():
                self.parents[-1].children.append(markup[position:match.start()])
            position = match.end()
            closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if closing:
                self._close(tag)
            elif tag in _VOID:
                if not self._skipping():
                    self.parents[-1].children.append(_Node(tag, attrs.rstrip("/")))
            else:
                self._open(tag, attrs)
        if position < len(markup) and not self._skipping():
            self.parents[-1].children.append(markup[position:])
        return self.root

    def _skipping(self) -> bool:
        return self.least_cost > self.budget and not self.splitting

    def _open(self, tag: str, attrs: str) -> None:
        if not self.opened:
            self.splitting = tag == _SPLIT
        if tag == "tr":
            self.row_cells = 0
        elif tag in _CELLS:
            self.row_cells += 1  # cells past MAX_COLUMNS are dropped: they cost nothing
        if self._skipping():
            self.notices[BIG_BLOCK] = None
            self.opened.append((tag, "skipped"))
        elif len(self.parents) > MAX_DEPTH:
            self.notices[FLAT_MARKUP] = None
            self.opened.append((tag, "flat"))
        else:
            self.least_cost += _least_cost(tag, self.row_cells)
            node = _Node(tag, attrs)
            self.parents[-1].children.append(node)
            self.parents.append(node)
            self.opened.append((tag, "kept"))

    def _close(self, tag: str) -> None:
        """Closes the open ``tag`` and what it holds (an end tag nothing opened is ignored)."""
        for index in range(len(self.opened) - 1, -1, -1):
            if self.opened[index][0] == tag:
                break
        else:
            return
        for name, state in reversed(self.opened[index:]):
            if state == "kept":
                self.parents.pop()
            elif state == "flat" and name in _BLOCKS and not _ends_line(self.parents[-1]):
                self.parents[-1].children.append(_Node("br"))
        del self.opened[index:]
        if not self.opened:
            self.least_cost = 0.0


def _least_cost(tag: str, row_cells: int) -> float:
    """What an element costs at least, however its block is drawn: table parts and lists may be
    drawn flat (they then cost nothing), and cells past MAX_COLUMNS are dropped."""
    if tag in _BLOCKS:
        return 1.0
    if tag in _CELLS:
        return 1.0 if row_cells <= MAX_COLUMNS else 0.0
    if tag == "table" or tag in _TABLE_PARTS or tag in _LISTS:
        return 0.0
    return _LINK if tag == "a" else _ELEMENT


def _ends_line(node: _Node) -> bool:
    last = node.children[-1] if node.children else None
    return last is None or (isinstance(last, _Node) and last.tag == "br")


# -- shaping ---------------------------------------------------------------------------------

def _bounded_blocks(node: _Node | str, budget: float, notices: dict[str, None]) -> list[_Node | str]:
    """A top-level block as blocks each within ``budget``: a paragraph split in several; any
    other block with its quotes and callouts drawn flat from a shallower level while it costs
    too much, then cut if it still does."""
    if isinstance(node, _Node) and node.tag == _SPLIT:
        shaper = _Shaper(MAX_TABLE_DEPTH, float("inf"))
        paragraph = shaper.shape_top(node)
        notices.update(shaper.notices)
        return _split(paragraph, budget, notices) if _cost_of(paragraph) > budget else [paragraph]
    shaper = _Shaper(MAX_TABLE_DEPTH, budget)
    shaped = shaper.shape_top(node)
    for box_limit in range(min(shaper.deepest_box, MAX_TABLE_DEPTH) - 1, -1, -1):
        if _cost_of(shaped) <= budget:
            break
        shaper = _Shaper(box_limit, budget)
        shaped = shaper.shape_top(node)
    notices.update(shaper.notices)
    if _cost_of(shaped) > budget:
        notices[BIG_BLOCK] = None
        shaped = _cut(shaped, budget)
    return [shaped]


class _Shaper:
    """Reshapes one block: tables past MAX_TABLE_DEPTH, one-cell tables (quotes, callouts, code)
    past ``box_limit`` and lists past MAX_LIST_DEPTH drawn flat, wide rows and long runs cut;
    each element's cost set on the way. Once what it shaped costs more than ``budget``, the rest
    is left out: the block is cut there anyway."""

    def __init__(self, box_limit: int, budget: float) -> None:
        self.box_limit = box_limit
        self.budget = budget
        self.spent = 0.0
        self.notices: dict[str, None] = {}
        self.deepest_box = 0
        self.rows: list[int] = []  # the rows shaped so far of each table being shaped

    def shape_top(self, node: _Node | str) -> _Node | str:
        shaped = self._shape(node, _Context())
        if len(shaped) == 1:
            return shaped[0]
        return _Node("", children=shaped, cost=sum(_cost_of(child) for child in shaped))

    def _shape(self, node: _Node | str, at: _Context) -> list[_Node | str]:
        if isinstance(node, str):
            text = self._text(node)
            self.spent += _text_cost(text)
            return [text]
        tag = node.tag
        if tag == "table":
            return self._table(node, at)
        if at.flat_table and tag in _TABLE_PARTS:
            return self._children(node, at)
        if at.flat_table and tag in _CELLS:
            # The outermost quote drawn flat keeps an indent; those inside it add none.
            flat = "blockquote" if at.flat_table == "box" and not at.in_flat_box else "div"
            inner = replace(at, flat_table="", in_flat_box=at.in_flat_box or at.flat_table == "box")
            return [self._element(node, ' class="flat"', inner, tag=flat)]
        if tag in _LISTS:
            if at.lists >= MAX_LIST_DEPTH:
                self.notices[FLAT_LISTS] = None
                return self._children(node, replace(at, flat_table="", flat_list=True))
            return [self._element(node, node.attrs, replace(at, lists=at.lists + 1))]
        if at.flat_list and tag == "li":
            flat = self._element(node, ' class="flat"', at, tag="div")
            flat.children.insert(0, "• ")
            return [flat]
        if tag == "tr":
            return [self._row(node, at)]
        attrs = _SPAN_RE.sub(_clamped_span, node.attrs) if tag in _CELLS else node.attrs
        return [self._element(node, attrs, at)]

    def _table(self, node: _Node, at: _Context) -> list[_Node | str]:
        box = _is_box(node)
        if box:
            self.deepest_box = max(self.deepest_box, at.tables + 1)
        if at.tables >= MAX_TABLE_DEPTH:
            self.notices[FLAT_TABLES] = None
        elif box and at.tables >= self.box_limit:
            self.notices[FLAT_BOXES] = None
        else:
            self.rows.append(0)
            table = self._element(node, node.attrs, replace(at, tables=at.tables + 1))
            self.rows.pop()
            return [table]
        return self._children(node, replace(at, flat_table="box" if box else "table"))

    def _children(self, node: _Node, at: _Context) -> list[_Node | str]:
        out: list[_Node | str] = []
        for child in node.children:
            if self.spent > self.budget:
                break
            out += self._shape(child, at)
        return out

    def _element(self, node: _Node, attrs: str, at: _Context, *, tag: str = "") -> _Node:
        """``node`` (as ``tag``) with its children shaped."""
        tag = tag or node.tag
        own = _own_cost(tag, attrs, at)
        self.spent += own
        children = self._children(node, replace(at, flat_table="", flat_list=False))
        return _Node(tag, attrs, children, own + sum(_cost_of(c) for c in children))

    def _row(self, node: _Node, at: _Context) -> _Node:
        """A table row with its first MAX_COLUMNS columns (colspans counted). A cell costs more
        the further right and down it is: Qt's table layout grows faster than its cells."""
        children: list[_Node | str] = []
        columns = 0
        self.spent += _ELEMENT
        row = self.rows[-1] if self.rows else 0
        if self.rows:
            self.rows[-1] += 1
        for child in node.children:
            if self.spent > self.budget:
                break
            if isinstance(child, _Node) and child.tag in _CELLS:
                span = _span(child.attrs)
                if columns + span > MAX_COLUMNS:
                    self.notices[WIDE_TABLE] = None
                    break
                columns += span
                at = replace(at, cell_factor=_CELL + columns / _COLUMNS_PER_BLOCK + row / _ROWS_PER_BLOCK)
            children += self._shape(child, at)
        return _Node("tr", node.attrs, children, _ELEMENT + sum(_cost_of(c) for c in children))

    def _text(self, text: str) -> str:
        """``text`` with each run longer than MAX_RUN cut, marked with an ellipsis."""
        if len(text) <= MAX_RUN or not _RUN_RE.search(text):
            return text
        out: list[str] = []
        position = 0
        for run in _RUN_RE.finditer(text):
            if run.end() - run.start() > MAX_RUN:
                self.notices[LONG_RUN] = None
                end = _safe_end(text, run.start() + MAX_RUN)
                out += [text[position:end], "…"]
                position = run.end()
        out.append(text[position:])
        return "".join(out)


@dataclass(frozen=True)
class _Context:
    """Where an element sits: inside how many tables (kept) and lists, and whether its
    nearest table ("box": one cell; "table") or list is drawn flat."""

    tables: int = 0
    lists: int = 0
    flat_table: str = ""
    flat_list: bool = False
    in_flat_box: bool = False
    cell_factor: float = 1.0  # what a cell here costs, in blocks


def _is_box(table: _Node) -> bool:
    """A one-cell table: how Clew draws a quote, a callout or a code block."""
    rows = [row for part in table.children if isinstance(part, _Node)
            for row in (part.children if part.tag in ("thead", "tbody", "tfoot") else [part])
            if isinstance(row, _Node) and row.tag == "tr"]
    return len(rows) == 1 and sum(isinstance(c, _Node) and c.tag in _CELLS for c in rows[0].children) == 1


def _clamped_span(match: re.Match[str]) -> str:
    return f' {match.group(1)}="{min(max(int(match.group(2)), 1), MAX_SPAN)}"'


def _span(attrs: str) -> int:
    found = next((m for m in _SPAN_RE.finditer(attrs) if m.group(1) == "colspan"), None)
    return min(max(int(found.group(2)), 1), MAX_SPAN) if found else 1


def _weight(table_depth: int) -> float:
    """What a block costs at ``table_depth``: each table around it doubles it."""
    return 2.0 ** (table_depth + 1) if table_depth else 1.0


def _own_cost(tag: str, attrs: str, at: _Context) -> float:
    cost = _LINK if tag == "a" else _IMAGE if tag == "img" else _ELEMENT
    if tag in _BLOCKS:
        cost += _weight(at.tables)
    elif tag in _CELLS:
        cost += at.cell_factor * _weight(at.tables)
    if _ID_RE.search(attrs):
        cost += _ID
    return cost


def _text_cost(text: str) -> float:
    cost = len(text) / _CHARS_PER_UNIT
    if len(text) >= _SHORTEST_COSTLY_RUN:
        cost += sum((run.end() - run.start()) ** 2 for run in _RUN_RE.finditer(text)) / _RUN_SQUARE_PER_UNIT
    return cost


def _cost_of(node: _Node | str) -> float:
    return _text_cost(node) if isinstance(node, str) else node.cost


# -- cutting and parts -----------------------------------------------------------------------

def _cut(node: _Node | str, budget: float) -> _Node | str:
    """The start of ``node`` that fits ``budget`` (its own cost, without children, must fit)."""
    if isinstance(node, str):
        end = max(0, int(budget * _CHARS_PER_UNIT) - 1)
        while end and _text_cost(node[:end]) + 1 / _CHARS_PER_UNIT > budget:
            end //= 2  # a run without a space costs more than its length
        return node[:_safe_end(node, end)] + "…"
    kept: list[_Node | str] = []
    spent = node.cost - sum(_cost_of(child) for child in node.children)
    for child in node.children:
        cost = _cost_of(child)
        if spent + cost > budget:
            if isinstance(child, str) or child.cost - sum(map(_cost_of, child.children)) <= budget - spent:
                kept.append(_cut(child, budget - spent))
                spent += _cost_of(kept[-1])
            break
        kept.append(child)
        spent += cost
    return _Node(node.tag, node.attrs, kept, spent)


def _split(paragraph: _Node, budget: float, notices: dict[str, None]) -> list[_Node | str]:
    """``paragraph`` as paragraphs each within ``budget``, split between its children (and
    within a long text); a child too big alone is cut."""
    own = _own_cost(paragraph.tag, paragraph.attrs, _Context())
    pieces: list[_Node | str] = []
    for child in paragraph.children:
        if isinstance(child, str):
            pieces += _split_text(child, budget - own)
        elif own + child.cost > budget:
            notices[BIG_BLOCK] = None
            pieces.append(_cut(child, budget - own))
        else:
            pieces.append(child)
    paragraphs = [_Node(paragraph.tag, paragraph.attrs, [], own)]
    for piece in pieces:
        if paragraphs[-1].children and paragraphs[-1].cost + _cost_of(piece) > budget:
            paragraphs.append(_Node(paragraph.tag, paragraph.attrs, [], own))
        paragraphs[-1].children.append(piece)
        paragraphs[-1].cost += _cost_of(piece)
    return paragraphs


def _split_text(text: str, budget: float) -> list[str]:
    """``text`` in pieces each within ``budget``, split at a space where there is one near."""
    longest = max(1, int(budget * _CHARS_PER_UNIT * _TEXT_SHARE))
    pieces = []
    while len(text) > longest:
        space = text.rfind(" ", longest // 2, longest)
        end = space + 1 if space > 0 else _safe_end(text, longest)
        pieces.append(text[:end])
        text = text[end:]
    return pieces + [text]


def _safe_end(text: str, end: int) -> int:
    """``end``, moved back so as not to cut an entity (``&amp;``) in two."""
    amp = text.rfind("&", max(0, end - _LONGEST_ENTITY), end)
    return amp if amp >= 0 and ";" not in text[amp:end] else end


def _pack(blocks: list[_Node | str], budget: float) -> list[list[_Node | str]]:
    """The blocks in order, grouped into parts each within ``budget``."""
    pages: list[list[_Node | str]] = [[]]
    spent = 0.0
    for block in blocks:
        cost = _cost_of(block)
        if pages[-1] and spent + cost > budget:
            pages.append([])
            spent = 0.0
        pages[-1].append(block)
        spent += cost
    return pages


def _serialise(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    inner = "".join(_serialise(child) for child in node.children)
    if not node.tag:
        return inner
    if node.tag in _VOID:
        return f"<{node.tag}{node.attrs}>"
    return f"<{node.tag}{node.attrs}>{inner}</{node.tag}>"
