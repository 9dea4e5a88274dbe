"""CSS for rendered notes in QTextBrowser, generated from a theme's colours: Clew's own classes,
the callouts, and the Pygments colours of code.

Qt rich text honours only part of CSS: block margins, ``line-height`` as a percentage, font
size keywords (relative to the view's font, so zoom scales headings too), backgrounds, and
borders on table cells (per side). It draws no borders on paragraphs or divs, which is why
quotes, callouts and code blocks are one-cell tables (see extensions.callouts and
extensions.qt_richtext)."""

from __future__ import annotations

from string import Template

from pygments.formatters import HtmlFormatter

from clew.core.render.extensions.callouts import CALLOUT_TYPES
from clew.core.render.extensions.task_markers import TASK_KINDS
from clew.core.render.themes import ThemeColours, blend, theme_colours

# How strongly a callout's accent tints its background.
CALLOUT_TINT = {"light": 0.09, "dark": 0.16}
# Qt's line-height percentage scales the font's own line height (~1.16 em for DejaVu and
# Noto Sans), not the font size as CSS does: 130% gives lines 1.5 em apart.
NOTE_CSS = Template("""
p, li { line-height: 130%; }
p.image { line-height: 100%; }
p { margin-top: 0px; margin-bottom: 10px; }
h1, h2, h3, h4, h5, h6 { color: $heading; font-weight: bold; line-height: 120%; }
h1 { font-size: xx-large; margin-top: 12px; margin-bottom: 14px; }
h2 { font-size: x-large; margin-top: 26px; margin-bottom: 10px; }
h3 { font-size: large; margin-top: 22px; margin-bottom: 8px; }
h4 { font-size: medium; margin-top: 18px; margin-bottom: 6px; }
h5 { font-size: medium; font-style: italic; margin-top: 14px; margin-bottom: 4px; }
h6 { font-size: small; color: $muted; margin-top: 14px; margin-bottom: 4px; }
p.inline-title { font-size: xx-large; font-weight: bold; color: $heading; line-height: 120%;
                 margin-top: 12px; margin-bottom: 14px; }
p.opening { color: $muted; font-style: italic; }
a { color: $internal; }
a.internal, a.pending { color: $internal; text-decoration: none; }
a.external { color: $external; text-decoration: underline; }
a.unresolved { color: $unresolved; text-decoration: none; font-style: italic; }
span.unresolved { color: $unresolved; font-style: italic; }
span.external-mark { font-size: small; }
span.highlight { background-color: $highlight; }
a.tag { color: $tag_text; background-color: $tag_background; text-decoration: none; }
a.remote-image { color: $muted; background-color: $chip_background; text-decoration: none; font-size: small; }
img.remote-image-icon { vertical-align: middle; }
p.embed { background-color: $embed_background; margin-left: 8px; margin-right: 8px; }
table.embed { background-color: $embed_background; border-color: $lines; margin-top: 6px; margin-bottom: 6px; }
p.embed-title { font-weight: bold; }
span.found-by-name { color: $muted; font-style: italic; }
p.notice { background-color: $notice_background; color: $notice_text; font-weight: bold; }
code { font-family: monospace; color: $code_text; background-color: $code_background; }
pre { font-family: monospace; color: $code_text; background-color: $code_background; line-height: 110%;
      margin-top: 0px; margin-bottom: 0px; white-space: pre-wrap; }
table.codeblock { margin-top: 4px; margin-bottom: 14px; }
p.plugin-block { color: $muted; font-size: small; font-weight: bold; margin-top: 4px; margin-bottom: 0px; }
td.codeblock { background-color: $code_background; border-left: 3px solid $lines; }
table { border-collapse: collapse; border-style: solid; border-color: $lines; margin-top: 4px; margin-bottom: 14px; }
th { background-color: $table_header; color: $heading; font-weight: bold; border-color: $lines; }
td { border-color: $lines; }
table.quote, table.callout { border-style: none; margin-top: 4px; margin-bottom: 14px; }
td.quote { color: $muted; background-color: $quote_background; border-left: 4px solid $quote_bar; }
p.callout-title { font-weight: bold; margin-bottom: 6px; }
span.callout-fold { font-weight: normal; font-size: small; color: $muted; }
img.math-inline { vertical-align: middle; }
p.math-display { text-align: center; margin-top: 6px; margin-bottom: 12px; }
code.math-error { color: $unresolved; }
span.math-error { color: $unresolved; font-size: small; font-style: italic; }
hr { background-color: $lines; margin-top: 12px; margin-bottom: 12px; }
ol { list-style-type: decimal; }
ul { list-style-type: disc; }
ul ul, ol ul { list-style-type: circle; }
ul ul ul, ol ul ul, ul ol ul { list-style-type: square; }
ul.task-list { list-style-type: none; }
li.task-cancelled { text-decoration: line-through; color: $muted; }
li.task-cancelled li { text-decoration: none; color: $text; }
div.footnote { color: $muted; font-size: small; }
a.footnote-ref, a.footnote-backref { text-decoration: none; }
""")
CALLOUT_CSS = Template("""
td.callout-$kind { background-color: $tint; border-left: 4px solid $accent; }
p.callout-title-$kind { color: $accent; }
""")


# Each task kind is coloured as the callout it is nearest to, so it keeps that colour's contrast.
# A task marked with another character is done, and looks like "[x]".
TASK_COLOURS = {"cancelled": "", "in-progress": "note", "question": "question", "forwarded": "abstract",
                "scheduling": "example", "important": "danger", "star": "warning"}


def _task_css(theme: ThemeColours) -> str:
    return "".join(f"span.task-{kind} {{ color: {theme.callouts.get(TASK_COLOURS[kind], theme.muted)}; }}\n"
                   for kind, _glyph in TASK_KINDS.values())


def callout_background(theme: ThemeColours, kind: str) -> str:
    return blend(theme.callouts[kind], theme.background, CALLOUT_TINT[theme.name])


def _callout_css(theme: ThemeColours) -> str:
    return "".join(CALLOUT_CSS.substitute(kind=kind, accent=theme.callouts[kind],
                                          tint=callout_background(theme, kind))
                   for kind in CALLOUT_TYPES)


def stylesheet(theme: str = "light") -> str:
    """The document style sheet for a rendered note; ``theme`` is "light" or "dark"."""
    colours = theme_colours(theme)
    pygments_css = HtmlFormatter(style=colours.pygments_style, nobackground=True).get_style_defs(".codehilite")
    return "\n".join((pygments_css, NOTE_CSS.substitute(vars(colours)), _callout_css(colours),
                      _task_css(colours)))
