"""A remote image that is not loaded, shown as a compact chip: a small picture icon and the image's
alt text (or its host when it has none). Its title, the view's tooltip, is the full address; its
href is the address too, so the view knows which image a chip stands for and an exported page
opens it. Badges written in a row stay on one line."""

from __future__ import annotations

import base64
import html
import re
from urllib.parse import urlsplit

# The longest alt text a chip shows before it is cut with an ellipsis.
MOST_CHIP_CHARS = 40
# A picture in a frame, in a grey that reads on both themes' backgrounds.
_ICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14" viewBox="0 0 14 14">'
    '<rect x="1" y="2" width="12" height="10" rx="1.5" fill="none" stroke="#8a8f98" stroke-width="1.3"/>'
    '<circle cx="4.6" cy="5.4" r="1.2" fill="#8a8f98"/>'
    '<path d="M2.5 11 L6 7.5 L8 9.5 L9.8 7.8 L12 10 V11 Z" fill="#8a8f98"/></svg>'
)
ICON_URL = "data:image/svg+xml;base64," + base64.b64encode(_ICON_SVG.encode()).decode()
_ATTRIBUTE_RE = re.compile(r'\b(src|alt)="([^"]*)"', re.I)
# A chip as remote_image_chip writes it: its class first, then its href.
_CHIP_RE = re.compile(r'<a class="remote-image" href="([^"]*)"')


def chip_label(url: str, alt: str) -> str:
    """What the chip says: the alt text, cut to MOST_CHIP_CHARS, or the image's host when the alt
    text is empty or only repeats the address."""
    alt = " ".join(alt.split())
    if not alt or alt == url:
        return urlsplit(url).hostname or "remote image"
    return alt if len(alt) <= MOST_CHIP_CHARS else alt[: MOST_CHIP_CHARS - 1].rstrip() + "…"


def remote_image_chip(img_tag: str) -> str:
    """The chip standing for ``img_tag``, an ``<img>`` of cleaned HTML (its attributes escaped,
    double-quoted) whose src is on the web."""
    attributes = {name.lower(): html.unescape(value) for name, value in _ATTRIBUTE_RE.findall(img_tag)}
    url = attributes.get("src", "")
    address = html.escape(url)
    # No-break spaces pad the chip's background and keep the icon with its label.
    return (f'<a class="remote-image" href="{address}" title="{address}">&nbsp;'
            f'<img class="remote-image-icon" src="{ICON_URL}" width="14" height="14" alt="">&nbsp;'
            f"{html.escape(chip_label(url, attributes.get('alt', '')))}&nbsp;</a>")


def chip_addresses(page: str) -> set[str]:
    """The image addresses of the chips in ``page`` (HTML with chips in it)."""
    return {html.unescape(found) for found in _CHIP_RE.findall(page)}
