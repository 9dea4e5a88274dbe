"""What a note may do: raw HTML is cleaned (no scripts, frames, style sheets, event handlers),
remote images are not fetched unless allowed, and links to programs are not opened."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

import nh3

from clew.core.render.remote_chip import remote_image_chip

# Qt lays out tables and images from these attributes; the renderer sets the rest.
_ATTRIBUTES = {
    "*": {"class", "id", "title", "align", "lang", "dir", "style"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "table": {"border", "cellspacing", "cellpadding", "width"},
    "td": {"colspan", "rowspan", "width"}, "th": {"colspan", "rowspan", "width"},
    "ol": {"start"}, "li": {"value"}, "span": {"class"}, "div": {"class"},
}
_STYLE_PROPERTIES = {
    "color", "background-color", "font-weight", "font-style", "font-size", "font-family",
    "text-decoration", "text-align", "vertical-align", "white-space", "width", "height",
    "margin", "margin-left", "margin-right", "margin-top", "margin-bottom",
    "padding", "padding-left", "padding-right", "padding-top", "padding-bottom",
    "border", "border-collapse", "text-underline-style",
}
# note:, unresolved:, pending: and tag: are the view's own links; file: leads into the vault (checked on click).
_URL_SCHEMES = {"http", "https", "mailto", "ftp", "note", "unresolved", "pending", "tag", "file", "data"}
_REMOTE_IMAGE_RE = re.compile(r'<img\b[^>]*?\bsrc="(?:https?:)?//[^"]*"[^>]*>', re.I)

# Files that run something when the system opens them.
EXECUTABLE_SUFFIXES = frozenset({
    ".exe", ".com", ".bat", ".cmd", ".msi", ".scr", ".pif", ".ps1", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".wsh", ".hta", ".cpl", ".jar", ".sh", ".bash", ".zsh", ".csh", ".command", ".app",
    ".desktop", ".run", ".appimage", ".py", ".pyw", ".pl", ".rb", ".lnk", ".reg", ".dll",
})


def clean_html(markup: str, *, remote_images: bool = False) -> str:
    """The note's HTML with anything active taken out: ``<script>`` and ``<style>`` with their
    content, frames, forms and objects, event attributes and ``javascript:`` links. Remote
    images become a chip that names them (remote_chip) unless ``remote_images``."""
    cleaned = nh3.clean(
        markup,
        tags=set(nh3.ALLOWED_TAGS) | {"span", "div"},
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STYLE_PROPERTIES,
        strip_comments=True,
        link_rel=None,
    )
    if remote_images:
        return cleaned
    return _REMOTE_IMAGE_RE.sub(lambda match: remote_image_chip(match.group(0)), cleaned)


def is_executable(path: Path) -> bool:
    """True for a program or script: by its name, or (POSIX) by its execute permission."""
    if PurePosixPath(path.name).suffix.lower() in EXECUTABLE_SUFFIXES:
        return True
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.name == "posix" and stat.S_ISREG(mode) and bool(mode & 0o111)
