"""``$…$`` inline and ``$$…$$`` display LaTeX as a Python-Markdown extension: each formula
becomes an image drawn by render.formulas, or its source in code style with a notice when it does
not parse.

What counts as math follows Obsidian: an opening ``$`` not followed by a space, a closing ``$``
not preceded by one (so "$5 and $10" is prose) and not followed by a digit; ``\\$`` is a plain
dollar; code spans and code blocks are never math (they are taken before)."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from clew.core.render.formulas import FormulaError, FormulaImages

INLINE_MATH_RE = r"(?<![\\$])\$(?![\s$])((?:[^$\\]|\\.)+?)(?<![\s\\])\$(?![\d$])"
# A display formula may hold a single $ (``\\text{for $x$}``).
DISPLAY_MATH_RE = r"(?<![\\$])\$\$((?:[^$\\]|\\.|\$(?!\$))+?)\$\$"


class MathInlineProcessor(InlineProcessor):
    def __init__(self, pattern: str, md, ext: "MathExtension", display: bool) -> None:
        super().__init__(pattern, md)
        self.ext = ext
        self.display = display

    def handleMatch(self, m, data):  # type: ignore[override]
        latex = m.group(1).strip()
        if not latex:
            return None, None, None
        return self.ext.formula(latex, self.display), m.start(0), m.end(0)


class DisplayParagraphTreeprocessor(Treeprocessor):
    """A display formula is a block of its own, centred: the paragraph holding it is split
    there, as Obsidian shows ``text\n$$…$$\nmore`` in three blocks."""

    def run(self, root: etree.Element) -> None:
        for parent in [el for el in root.iter() if any(child.tag == "p" for child in el)]:
            for paragraph in [child for child in parent if child.tag == "p"]:
                if any(_is_display(child) for child in paragraph):
                    at = list(parent).index(paragraph)
                    parent.remove(paragraph)
                    for offset, block in enumerate(_split(paragraph)):
                        parent.insert(at + offset, block)


def _is_display(element: etree.Element) -> bool:
    return element.tag == "img" and element.get("class") == "math-display"


def _split(paragraph: etree.Element) -> list[etree.Element]:
    blocks: list[etree.Element] = []
    current = etree.Element("p", paragraph.attrib)
    current.text = paragraph.text
    for child in list(paragraph):
        if not _is_display(child):
            if child.tag == "br" and blocks and not len(current) and not (current.text or "").strip():
                # The line break that followed the formula: the formula is a block of its own now.
                current.text = (current.text or "") + (child.tail or "").lstrip("\n")
            else:
                current.append(child)
            continue
        _drop_last_break(current)
        blocks.append(current)
        current = etree.Element("p", paragraph.attrib)
        current.text, child.tail = (child.tail or "").lstrip("\n"), None
        formula = etree.Element("p", {"class": "math-display", "align": "center"})
        formula.append(child)
        blocks.append(formula)
    blocks.append(current)
    return [b for b in blocks if len(b) or (b.text or "").strip()]


def _drop_last_break(block: etree.Element) -> None:
    """The line break before a display formula goes: the formula starts a block of its own."""
    if len(block) and block[-1].tag == "br" and not (block[-1].tail or "").strip():
        block.remove(block[-1])


def _source(latex: str, display: bool) -> etree.Element:
    code = etree.Element("code", {"class": "math-error"})
    code.text = AtomicString(f"$${latex}$$" if display else f"${latex}$")
    return code


class MathExtension(Extension):
    """``configure(images)`` before each conversion; without images, formulas show as source."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.images: FormulaImages | None = None

    def configure(self, images: FormulaImages | None) -> None:
        self.images = images

    def formula(self, latex: str, display: bool) -> etree.Element:
        if self.images is None:
            return _source(latex, display)
        try:
            src = self.images.source(latex, display)
        except FormulaError as error:
            holder = etree.Element("span")
            holder.append(_source(latex, display))
            notice = etree.SubElement(holder, "span", {"class": "math-error"})
            notice.text = AtomicString(f" (formula not drawn: {error})")
            return holder
        return etree.Element("img", {"class": "math-display" if display else "math-inline", "src": src,
                                     "alt": latex, "title": latex})

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")
        # After code spans (190), before wikilinks (185), escapes (180) and emphasis: the
        # formula's backslashes, underscores and brackets are LaTeX's.
        md.inlinePatterns.register(MathInlineProcessor(DISPLAY_MATH_RE, md, self, True), "clew_display_math", 187)
        md.inlinePatterns.register(MathInlineProcessor(INLINE_MATH_RE, md, self, False), "clew_inline_math", 186)
        md.treeprocessors.register(DisplayParagraphTreeprocessor(md), "clew_display_math", 5)


def makeExtension(**kwargs) -> MathExtension:
    return MathExtension(**kwargs)
