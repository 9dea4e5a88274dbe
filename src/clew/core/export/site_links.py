"""The links of an exported page: the view's hrefs (``note:``, ``unresolved:``, ``file:`` URLs of
the vault) made relative links between the pages and to the files copied beside them.

A note ``papers/x.md`` becomes the page ``papers/x.md.html``: the note's own name with
``.html`` added, so ``a.md`` and ``a.txt`` stay two pages side by side, and no page can take the
name of a file copied from the vault (those keep their own suffixes). A link that leads nowhere
keeps its text and loses its href (an ``<a>`` without one is a placeholder, not a dead link), as
does a link to a file the export does not copy (outside the vault, a program, another kind)."""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from clew.core.links.hrefs import NOTE_SCHEME, UNRESOLVED_SCHEME
from clew.core.render.extensions.tags import TAG_SCHEME
from clew.core.vault.files import FileKind, Vault, file_kind

PAGE_SUFFIX = ".html"
# Schemes a page keeps as they are: the web, mail, and pictures held in the page itself.
_KEPT_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "data"})
# The link and image tags of cleaned HTML (safety.clean_html: attributes double-quoted, a '"'
# in a value escaped), and their href or src.
_TAG_RE = re.compile(r'<(a|img)(\s(?:[^>"]|"[^"]*")*)?>')
_URL_ATTR_RE = re.compile(r'\s(href|src)="([^"]*)"')
_CLASS_ATTR_RE = re.compile(r'\sclass="[^"]*"')
_NAME_ATTR_RE = re.compile(r'\sname="(\^[^"]*)"')
_ALT_ATTR_RE = re.compile(r'\salt="([^"]*)"')
_FRAGMENT_LINK_RE = re.compile(r'\shref="note:([^"#]*)#')

# (note path, fragment) -> the anchor id on that note's page, or None.
Anchors = Callable[[str, str], "str | None"]


def page_path(note: str) -> str:
    """The site path of the page of ``note``: ``papers/x.md`` -> ``papers/x.md.html``."""
    return note + PAGE_SUFFIX


def relative_url(from_page: str, to_file: str) -> str:
    """The URL of ``to_file`` (a site path) from the page at ``from_page``."""
    folder = posixpath.dirname(from_page) or "."
    return quote(posixpath.relpath(to_file, folder), safe="/", errors="surrogateescape")


def fragment_targets(body: str) -> set[str]:
    """The notes a page's body links to with a ``#fragment``: their anchors are needed first."""
    return {unquote(path) for path in _FRAGMENT_LINK_RE.findall(body)}


@dataclass
class SiteLinks:
    """Rewrites the links of pages of ``vault`` whose ``notes`` are exported; ``copied`` gathers
    the vault files the pages show or link to (attachments), to be copied beside them;
    ``extra_files`` maps the file URL of a folder outside the vault (the formula cache) to the
    site folder its files are copied into."""

    vault: Vault
    notes: frozenset[str]
    extra_files: dict[str, str] = field(default_factory=dict)
    copied: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._vault_url = self.vault.root.as_uri().rstrip("/") + "/"

    def rewrite(self, body: str, note: str, anchors: Anchors) -> str:
        """``body`` (the page of ``note`` as `clew render` gives it) with site links."""
        page = page_path(note)

        def tag(match: re.Match[str]) -> str:
            name, attributes = match.group(1), match.group(2) or ""
            url_attr = _URL_ATTR_RE.search(attributes)
            if name == "a" and url_attr is None:
                return f"<a{_block_id(attributes)}>"
            if url_attr is None:
                return match.group(0)
            target = self._target(html.unescape(url_attr.group(2)), note, page, anchors)
            if target is not None:
                kept = attributes[: url_attr.start()] + f' {url_attr.group(1)}="{html.escape(target)}"'
                return f"<{name}{kept}{attributes[url_attr.end():]}>"
            rest = attributes[: url_attr.start()] + attributes[url_attr.end():]
            if name == "a" and url_attr.group(2).startswith(TAG_SCHEME + ":"):
                return f"<a{rest}>"  # a tag chip stays a chip: there is no page of a tag's notes
            if name == "a":
                return '<a class="unresolved"' + _CLASS_ATTR_RE.sub("", rest) + ">"
            alt = _ALT_ATTR_RE.search(attributes)
            shown = alt.group(1) if alt else ""
            return f'<span class="unresolved">[image not exported{": " + shown if shown else ""}]</span>'

        return _TAG_RE.sub(tag, body)

    def _target(self, url: str, note: str, page: str, anchors: Anchors) -> str | None:
        """Where ``url`` leads on the site, from ``page``; None: nowhere the site holds."""
        if url.startswith("#"):
            return url
        if url.startswith(UNRESOLVED_SCHEME):
            return None
        if url.startswith(NOTE_SCHEME):
            parts = urlsplit(url[len(NOTE_SCHEME):])
            return self._vault_file(unquote(parts.path), unquote(parts.fragment), note, page, anchors)
        if url.startswith("file:"):
            return self._file_url(url, page)
        parts = urlsplit(url)
        if parts.scheme:
            return url if parts.scheme.lower() in _KEPT_SCHEMES else None
        # Raw HTML's own relative link: a file of the vault beside the note, or nothing.
        path = posixpath.normpath(posixpath.join(posixpath.dirname(note), unquote(parts.path)))
        if path.startswith(("/", "../")) or path == "..":
            return None
        return self._vault_file(path, unquote(parts.fragment), note, page, anchors)

    def _file_url(self, url: str, page: str) -> str | None:
        for folder_url, site_folder in self.extra_files.items():
            if url.startswith(folder_url):
                name = unquote(url[len(folder_url):])
                if "/" not in name and name:
                    self.copied[f"{site_folder}/{name}"] = Path(unquote(urlsplit(folder_url).path)) / name
                    return relative_url(page, f"{site_folder}/{name}")
        if not url.startswith(self._vault_url):
            return None
        parts = urlsplit(url[len(self._vault_url):])
        return self._vault_file(unquote(parts.path), unquote(parts.fragment), "", page, lambda *_: None)

    def _vault_file(self, path: str, fragment: str, note: str, page: str, anchors: Anchors) -> str | None:
        if path in self.notes:
            anchor = anchors(path, fragment) if fragment else None
            if path == note:
                return "#" + quote(anchor) if anchor else "#"
            return relative_url(page, page_path(path)) + ("#" + quote(anchor) if anchor else "")
        if file_kind(path) is not FileKind.ATTACHMENT:
            return None
        absolute = self.vault.abs_path(path)
        if not (absolute.is_file() and self.vault.holds(absolute)):
            return None
        self.copied[path] = absolute
        return relative_url(page, path) + ("#" + quote(fragment) if fragment else "")


def _block_id(attributes: str) -> str:
    """A block's anchor (``<a name="^id">``) gets the same id too: browsers find either, and an
    id is what HTML means by an anchor now."""
    name = _NAME_ATTR_RE.search(attributes)
    if name is None or ' id="' in attributes:
        return attributes
    return f'{attributes} id="{name.group(1)}"'
