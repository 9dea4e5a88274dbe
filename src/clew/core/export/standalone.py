"""An exported note as a page a browser opens alone: the document around the body, and the style
sheet the pages share (the view's note CSS in the chosen theme, and what the window itself draws
around a note: its colours, its font and its reading column)."""

from __future__ import annotations

import html
from pathlib import PurePosixPath
from string import Template

from clew.core.render.note_css import stylesheet
from clew.core.render.themes import theme_colours

# The window's reading column holds about 75 characters a line (ui/reader/typography); images
# are scaled to it there, and fit it here. Qt's percentage line heights are taller than a
# browser's, whose 130% of the font size is closer to the 1.5 em Qt draws with them.
PAGE_CSS = Template("""
html { background-color: $background; }
body { color: $text; background-color: $background; max-width: 75ch; margin: 2em auto; padding: 0 1.5em;
       font-family: system-ui, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif; font-size: 16px; }
p, li { line-height: 1.5; }
img { max-width: 100%; height: auto; }
pre, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
table.quote, table.callout, table.codeblock, table.embed { width: 100%; }
p.notice { padding: 0.4em 0.6em; }
a.unresolved { text-decoration: underline dashed; }
""")

_DOCUMENT = Template("""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Clew">
<title>$title</title>
<link rel="stylesheet" href="$css">
</head>
<body>
$body
</body>
</html>
""")


def site_stylesheet(theme: str) -> str:
    """The style sheet of every page of an export in ``theme`` ("light" or "dark")."""
    return stylesheet(theme) + PAGE_CSS.substitute(vars(theme_colours(theme)))


def standalone_page(note: str, body: str, css_url: str) -> str:
    """The HTML document of ``note``'s page: its ``body``, titled with the note's name, styled
    by the sheet at ``css_url`` (relative to the page)."""
    title = PurePosixPath(note).stem or note
    return _DOCUMENT.substitute(title=html.escape(title), css=html.escape(css_url), body=body)
