"""Clew's HTML as a CommonMark renderer would have written it, normalised for comparison.

``plain_clew_html`` renders Markdown with Clew and undoes what Clew adds for the view: quote and
code boxes (one-cell tables), Pygments' spans, heading anchors and ids, link classes, titles and
vault hrefs, the ↗ after web links, table attributes. ``normalize`` is the CommonMark spec's own
test normaliser (test/normalize.py in commonmark-spec), rewritten for Python 3: whitespace
collapsed outside <pre>, none around block tags, attributes sorted, character references
resolved (and two departures, said where they are made). Not compared, on purpose: code blocks' language classes (Clew draws code with Pygments,
which does not keep the info string) and the "note:"/"unresolved:" schemes of vault links
(their target as written is put back).
"""

from __future__ import annotations

import html
import re
from html.entities import html5, name2codepoint
from html.parser import HTMLParser
from urllib.parse import quote, unquote

from clew.core.links.hrefs import NOTE_SCHEME, UNRESOLVED_SCHEME
from clew.core.links.model import LinkKind, Resolution
from clew.core.render.extensions.external_mark import EXTERNAL_MARK
from clew.core.render.markdown import render_note

NOTE_PATH = "spec.md"
_BLOCK_TAGS = frozenset({
    "article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li", "map", "button",
    "object", "canvas", "ol", "caption", "output", "col", "p", "colgroup", "pre", "dd", "progress", "dl",
    "section", "dt", "table", "td", "dir", "tbody", "textarea", "div", "tfoot", "fieldset", "th",
    "figcaption", "thead", "figure", "tr", "form", "ul", "h1", "h2", "h3", "h4", "h5", "h6",
})
_WHITESPACE_RE = re.compile(r"\s+")
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "col", "meta", "link", "area", "base", "embed", "source",
                        "track", "wbr"})
_TABLE_ATTRS = frozenset({"border", "cellpadding", "cellspacing"})
_CODE_LANGUAGE_RE = re.compile(r'<code class="language-[^"]*">')
_TEXT_ALIGN_RE = re.compile(r'style="text-align:\s*(\w+)"')


# Clew shows an image only when its file is one (else a link card, as for a PDF): in the spec
# every image destination names a picture, whatever its name ("/url"), so it gets this suffix
# while it is resolved, and loses it again in its src.
_AS_IMAGE = ".spec-image.png"


def _resolve_as_written(link):
    """Every link finds a file named as written, so its href keeps what the Markdown said."""
    if not link.target:
        return Resolution(None)
    return Resolution(link.target + _AS_IMAGE if link.kind is LinkKind.IMAGE else link.target)


def _image_src(path: str) -> str:
    return path.removesuffix(_AS_IMAGE)


def _title_added(title: str) -> bool:
    """The titles Clew gives links (where they went), here where everything resolves as written."""
    return title.endswith((" (resolved)", " (same note)")) or title.startswith("unresolved: ")


class _Undecorator(HTMLParser):
    """Re-emits HTML without Clew's decorations (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        # Each open element: its tag, its end tag as re-emitted ("" when dropped), and which of
        # Clew's boxes it is ("quote", "code", and their "row" and "cell"), else "".
        self.open: list[tuple[str, str, str]] = []
        self.skip = 0  # depth inside an element dropped with its text

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> str:
        return "".join(f' {k}="{html.escape(v or "", quote=True)}"' if v is not None else f" {k}" for k, v in attrs)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        if self.skip:
            self.skip += tag not in _VOID_TAGS
            return
        if tag == "span" and classes & {"external-mark"} or tag == "a" and "name" in found and "href" not in found:
            self.skip = 1
            return
        parent = self.open[-1] if self.open else ("", "", "")
        if tag == "table" and classes & {"quote", "callout", "codeblock"}:
            box = "code" if "codeblock" in classes else "quote"
            self.open.append((tag, "</blockquote>" if box == "quote" else "", box))
            self.out.append("<blockquote>" if box == "quote" else "")
            return
        if tag == "tr" and parent[2] in ("code", "quote") or tag == "td" and parent[2] == "row":
            self.open.append((tag, "", "row" if tag == "tr" else "cell"))
            return
        if tag == "span" and self._in_code_box():
            self.open.append((tag, "", "span"))
            return
        attrs = self._plain_attrs(tag, attrs, found)
        if tag not in _VOID_TAGS:
            self.open.append((tag, f"</{tag}>", ""))
        self.out.append(f"<{tag}{self._attrs(attrs)}>")

    def _in_code_box(self) -> bool:
        return any(box == "code" for _, _, box in self.open)

    def _plain_attrs(self, tag: str, attrs, found) -> list[tuple[str, str | None]]:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return [(k, v) for k, v in attrs if k != "id"]
        if tag == "code" and self._in_code_box():
            return []
        if tag == "table":
            return [(k, v) for k, v in attrs if k not in _TABLE_ATTRS]
        if tag == "a":
            href = _written(found.get("href") or "")
            kept = [(k, v) for k, v in attrs if k not in ("class", "style", "href", "title")]
            title = found.get("title")
            if title is not None and not _title_added(title):
                kept.append(("title", title))
            return [("href", href), *kept] if "href" in found else kept
        if tag == "p" and found.get("class") in ("image", "embed"):
            return [(k, v) for k, v in attrs if k != "class"]
        return attrs

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip:
            self.out.append(f"<{tag}{self._attrs(self._plain_attrs(tag, attrs, dict(attrs)))} />")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= tag not in _VOID_TAGS
            return
        if tag in _VOID_TAGS:
            return
        depth = next((d for d in range(len(self.open) - 1, -1, -1) if self.open[d][0] == tag), None)
        if depth is None:  # an end tag of raw HTML with no start: as written
            self.out.append(f"</{tag}>")
            return
        del self.open[depth + 1:]  # elements of raw HTML left open stay open, as written
        if tag == "pre" and self._in_code_box():
            # Clew drops the newline that ends a code block (qt_richtext): put it back.
            code = "".join(self.out).rsplit("<code>", 1)[-1]
            if code.endswith("</code>") and len(code) > len("</code>") and not code.endswith("\n</code>"):
                self.out.insert(len(self.out) - 1, "\n")
        self.out.append(self.open.pop()[1])

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.handle_data(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.handle_data(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.handle_data(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.handle_data(f"<![{data}]>")


def _written(href: str) -> str:
    """A vault href back to the link as written: ``note:a%20b.md#x`` -> ``a b.md#x``."""
    for scheme in (NOTE_SCHEME, UNRESOLVED_SCHEME):
        if href.startswith(scheme):
            path, hash_, fragment = href[len(scheme):].partition("#")
            path = unquote(path)
            return ("" if path == NOTE_PATH else path) + hash_ + fragment
    return href


def undecorate(clew_html: str) -> str:
    """Clew's HTML without the decorations it adds for the view."""
    parser = _Undecorator()
    parser.feed(clew_html.replace(EXTERNAL_MARK, ""))
    parser.close()
    return "".join(parser.out)


def plain_clew_html(markdown_text: str, **options) -> str:
    """Clew's rendering of ``markdown_text``, decorations undone (not yet normalised);
    ``options`` go to render_note."""
    html_text = render_note(markdown_text, NOTE_PATH, _resolve_as_written, image_url=_image_src, **options).html
    return undecorate(html_text)


def without_code_languages(html_text: str) -> str:
    """Code blocks without their language class, which is not compared (module docstring)."""
    return _CODE_LANGUAGE_RE.sub("<code>", html_text)


def oracle_table_align(oracle_html: str) -> str:
    """markdown-it aligns cells with style="text-align:x", Clew with align="x" (for Qt)."""
    return _TEXT_ALIGN_RE.sub(r'align="\1"', oracle_html)


class _Normalizer(HTMLParser):
    """The CommonMark spec's normalize.py, in Python 3."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.output = ""
        self.last = "starttag"
        self.in_pre = False
        self.last_tag = ""

    def handle_data(self, data: str) -> None:
        after_tag = self.last in ("endtag", "starttag")
        after_block_tag = after_tag and self.last_tag in _BLOCK_TAGS
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = _WHITESPACE_RE.sub(" ", data)
        if after_block_tag and not self.in_pre:
            if self.last == "starttag":
                data = data.lstrip()
            elif self.last == "endtag":
                data = data.strip()
        # The one departure from normalize.py: a quote in text is the same as &quot; (which
        # normalize.py writes for that reference), as HTML has it; Python-Markdown leaves quotes
        # in text as they are, cmark writes &quot;.
        self.output += data.replace('"', "&quot;")
        self.last = "data"

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
        elif tag in _BLOCK_TAGS:
            self.output = self.output.rstrip()
        self.output += f"</{tag}>"
        self.last_tag = tag
        self.last = "endtag"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre = True
        if tag in _BLOCK_TAGS:
            self.output = self.output.rstrip()
        self.output += "<" + tag
        for name, value in sorted(attrs, key=lambda a: (a[0], a[1] or "")):
            self.output += " " + name
            # href and src percent-decoded and encoded again, as normalize.py means to (its test
            # looks at the value instead of the name, so it never does): "/my uri" and
            # "/my%20uri" lead to the same place, and Python-Markdown writes URLs as given.
            if name in ("href", "src") and value is not None:
                self.output += '="' + html.escape(quote(unquote(value), safe="/"), quote=True) + '"'
            elif value is not None:
                self.output += '="' + html.escape(value, quote=True) + '"'
        self.output += ">"
        self.last_tag = tag
        self.last = "starttag"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.last_tag = tag
        self.last = "endtag"

    def handle_comment(self, data: str) -> None:
        self.output += f"<!--{data}-->"
        self.last = "comment"

    def handle_decl(self, data: str) -> None:
        self.output += f"<!{data}>"
        self.last = "decl"

    def unknown_decl(self, data: str) -> None:
        self.output += f"<!{data}>"
        self.last = "decl"

    def handle_pi(self, data: str) -> None:
        self.output += f"<?{data}>"
        self.last = "pi"

    def handle_entityref(self, name: str) -> None:
        # name2codepoint (HTML 4) as normalize.py has it, and HTML 5's names as well.
        code = name2codepoint.get(name)
        char = chr(code) if code is not None else html5.get(name + ";")
        self._char(char, f"&{name};")
        self.last = "ref"

    def handle_charref(self, name: str) -> None:
        try:
            char = chr(int(name[1:], 16)) if name[:1] in "xX" else chr(int(name))
        except (ValueError, OverflowError):
            char = None
        self._char(char, f"&#{name};")
        self.last = "ref"

    def _char(self, char: str | None, fallback: str) -> None:
        escapes = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}
        self.output += fallback if char is None else escapes.get(char, char)


def normalize(html_text: str) -> str:
    """HTML normalised as the CommonMark spec's test runner does before comparing; and without
    whitespace at its ends (Clew's HTML does not end with a newline, the spec's examples do)."""
    normalizer = _Normalizer()
    normalizer.feed(html_text)
    normalizer.close()
    return normalizer.output.strip()
