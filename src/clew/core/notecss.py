"""CSS for rendered notes in QTextBrowser: Pygments colours (generated) and Clew's own classes."""

from __future__ import annotations

from string import Template

from pygments.formatters import HtmlFormatter
from pygments.styles import get_all_styles

# Pygments style per theme, first one installed wins.
PYGMENTS_STYLES = {"light": ("friendly", "default"), "dark": ("github-dark", "monokai")}
PALETTES = {
    "light": {
        "internal": "#1a5fb4",
        "external": "#0b6e99",
        "unresolved": "#c01c28",
        "code_bg": "#f0f0f0",
        "border": "#b0b0b0",
        "header_bg": "#e8e8e8",
        "quote": "#555555",
        "quote_bg": "#f6f6f6",
        "embed_bg": "#eef3fa",
        "notice_bg": "#fff3cd",
        "notice": "#5c4400",
        "muted": "#666666",
    },
    "dark": {
        "internal": "#78aeed",
        "external": "#62c4e0",
        "unresolved": "#ff7b72",
        "code_bg": "#0d1117",
        "border": "#555555",
        "header_bg": "#2d2d2d",
        "quote": "#b0b0b0",
        "quote_bg": "#262626",
        "embed_bg": "#1f2a38",
        "notice_bg": "#4a3b00",
        "notice": "#ffe9a8",
        "muted": "#a0a0a0",
    },
}
# Qt rich text: no flexbox, no borders on inline text or paragraphs; tables take borders and
# cell padding (see also the attributes mdqt sets).
CLEW_CSS = Template("""
a { color: $internal; }
a.internal { color: $internal; text-decoration: none; }
a.external { color: $external; text-decoration: underline; }
a.unresolved { color: $unresolved; text-decoration: none; font-style: italic; }
span.unresolved { color: $unresolved; font-style: italic; }
p.embed { background-color: $embed_bg; margin-left: 8px; margin-right: 8px; }
table.embed { background-color: $embed_bg; border-color: $border; margin-top: 6px; margin-bottom: 6px; }
p.embed-title { font-weight: bold; }
span.found-by-name { color: $quote; font-style: italic; }
p.notice { background-color: $notice_bg; color: $notice; font-weight: bold; }
code { font-family: monospace; background-color: $code_bg; }
pre { font-family: monospace; background-color: $code_bg; line-height: 100%; }
table { border-collapse: collapse; border-style: solid; border-color: $border; }
th { background-color: $header_bg; font-weight: bold; border-color: $border; }
td { border-color: $border; }
blockquote { color: $quote; background-color: $quote_bg; margin-left: 16px; margin-right: 16px; }
hr { color: $border; }
ul.task-list { list-style-type: none; }
ol { list-style-type: decimal; }
div.footnote { color: $muted; font-size: small; }
""")


def pygments_style(theme: str) -> str:
    installed = set(get_all_styles())
    return next((s for s in PYGMENTS_STYLES[theme] if s in installed), "default")


def stylesheet(theme: str = "light") -> str:
    """The document style sheet for a rendered note; ``theme`` is "light" or "dark"."""
    if theme not in PALETTES:
        raise ValueError(f"unknown theme {theme!r}: use 'light' or 'dark'")
    pygments_css = HtmlFormatter(style=pygments_style(theme)).get_style_defs(".codehilite")
    return pygments_css + "\n" + CLEW_CSS.substitute(PALETTES[theme])
