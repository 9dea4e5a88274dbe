"""The colours of Clew's two themes, one place for the panels, the note view and the link hints,
and the WCAG contrast ratio they are checked with."""

from __future__ import annotations

from dataclasses import dataclass, field

THEME_NAMES = ("light", "dark")


@dataclass(frozen=True)
class ThemeColours:
    """Every colour a theme sets. ``callouts`` maps a callout type to its accent (left bar and
    title); the callout's background is the accent faded into ``background``."""

    name: str
    pygments_style: str
    text: str
    background: str          # the note view and the panes
    window: str              # around the panes: menu bar, status bar, tab bar
    muted: str               # secondary text: footnotes, quotes, paths in lists
    lines: str               # rules, table borders, pane separators
    accent: str              # focus marks, selections in lists
    hover: str               # a list row under the mouse
    selection: str
    selection_active: str    # the selected row of the list that has the keyboard
    selection_text: str
    internal: str            # a link to a note of the vault
    external: str            # a web link
    unresolved: str          # a link that leads nowhere
    heading: str
    code_text: str
    code_background: str
    table_header: str
    quote_bar: str
    quote_background: str
    embed_background: str
    notice_background: str
    notice_text: str
    highlight: str           # ==highlighted== text's background
    tag_text: str            # a #tag chip
    tag_background: str
    chip_background: str     # a chip in the text: a remote image not loaded
    hint_background: str     # the link-hint labels
    hint_text: str
    hint_border: str
    callouts: dict[str, str] = field(default_factory=dict)


# Obsidian's callout colours, lightened for the dark theme and darkened for the light one so
# the titles keep their contrast on the tinted background.
_LIGHT_CALLOUTS = {
    "note": "#1a62b8", "abstract": "#00757a", "info": "#1a62b8", "todo": "#1a62b8", "tip": "#00757a",
    "success": "#1c7a3a", "question": "#a84f00", "warning": "#a84f00", "failure": "#b4232f",
    "danger": "#b4232f", "bug": "#b4232f", "example": "#6a3fc8", "quote": "#5b6169",
}
_DARK_CALLOUTS = {
    "note": "#6fa8f0", "abstract": "#4fd0cb", "info": "#6fa8f0", "todo": "#6fa8f0", "tip": "#4fd0cb",
    "success": "#6fd08f", "question": "#f2a55a", "warning": "#f2a55a", "failure": "#ff8a92",
    "danger": "#ff8a92", "bug": "#ff8a92", "example": "#b49cff", "quote": "#a9b0b8",
}

LIGHT = ThemeColours(
    name="light", pygments_style="xcode",
    text="#1f2328", background="#ffffff", window="#f6f5f2", muted="#57606a", lines="#d0d3d8",
    accent="#3569b4", hover="#f0f3f8", selection="#dde8f7", selection_active="#c9dbf3", selection_text="#1f2328",
    internal="#1a5fb4", external="#0a6a8f", unresolved="#b3261e", heading="#111418",
    code_text="#24292f", code_background="#f5f6f8", table_header="#eef0f3",
    quote_bar="#c4c8ce", quote_background="#f7f7f8", embed_background="#f1f5fb",
    notice_background="#fff4d6", notice_text="#4d3800", highlight="#fff08a",
    tag_text="#1a52a0", tag_background="#e4ecf8", chip_background="#eceef2",
    hint_background="#ffd84d", hint_text="#000000", hint_border="#b38f00",
    callouts=_LIGHT_CALLOUTS,
)
DARK = ThemeColours(
    name="dark", pygments_style="github-dark",
    text="#e3e1dc", background="#1e1f22", window="#2a2b2e", muted="#a8a6a0", lines="#45474d",
    accent="#6ea2e8", hover="#2a2d33", selection="#2f4466", selection_active="#38548a", selection_text="#ffffff",
    internal="#8ab8f5", external="#6cc7e6", unresolved="#ff8f87", heading="#f2f0eb",
    code_text="#e6edf3", code_background="#16181c", table_header="#2b2d31",
    quote_bar="#55585f", quote_background="#25272b", embed_background="#222a35",
    notice_background="#4a3b00", notice_text="#ffe9a8", highlight="#6e5c12",
    tag_text="#a9cbf7", tag_background="#2c3a4f", chip_background="#2f3238",
    hint_background="#ffd84d", hint_text="#000000", hint_border="#b38f00",
    callouts=_DARK_CALLOUTS,
)
THEMES = {"light": LIGHT, "dark": DARK}


def theme_colours(name: str) -> ThemeColours:
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}: use 'light' or 'dark'") from None


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def blend(colour: str, base: str, amount: float) -> str:
    """``colour`` laid over ``base`` at opacity ``amount`` (0..1), as #rrggbb."""
    top, bottom = _rgb(colour), _rgb(base)
    mixed = (round(t * amount + b * (1 - amount)) for t, b in zip(top, bottom))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio (1..21): 4.5 is AA for body text, 7 is AAA."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
