"""LaTeX formulas drawn as SVG files with ziamath, cached on disk by formula, colour and size.

ziamath, not matplotlib's mathtext: it is pure Python (no numpy, so it imports in less than
half the time), draws a formula faster, reads the environments research notes use
(``pmatrix``, ``cases``, ``aligned``) where mathtext fails on them, and looks like LaTeX (STIX
Two Math). The SVG has only paths, so Qt draws it without the font. Runs in the render worker,
never on the GUI thread."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Part of the cache key: a change to how formulas are drawn must not reuse old pictures.
DRAWING_VERSION = "1"
# STIX Two Math is smaller on the line than the UI fonts at one size; this evens them out.
MATH_SCALE = 1.12
_UNKNOWN_COMMAND_RE = re.compile(r">(\\[A-Za-z]+)<")
_SVG_BOX_RE = re.compile(r'<svg ([^>]*?)width="([\d.]+)" height="([\d.]+)" viewBox="([-\d. ]+)"')


class FormulaError(Exception):
    """A formula that cannot be drawn; the message says why, for the reader."""


@dataclass(frozen=True)
class MathStyle:
    """How the view wants formulas drawn: in its text colour, at its font's pixel size, lined up
    on its font's x-height (Qt centres an image set to ``vertical-align: middle`` a quarter
    x-height above the baseline)."""

    colour: str
    size_px: float
    x_height_px: float
    cache_dir: Path


# Formulas on a page read outside the window (`clew render`, `clew export`) are drawn for a 16 px
# font, whose x-height is about half of it in the usual sans-serif faces.
PAGE_FONT_PX = 16.0
PAGE_X_HEIGHT_PX = 8.5


def page_math(colour: str, cache_dir: Path) -> MathStyle:
    """How a page read outside the window draws its formulas: in ``colour``, at PAGE_FONT_PX,
    into ``cache_dir`` (absolute: the pages link to the files by their file: URLs)."""
    return MathStyle(colour, PAGE_FONT_PX, PAGE_X_HEIGHT_PX, cache_dir.resolve())


def _lined_up(svg: str, x_height: float) -> str:
    """Pads the picture above or below so that, centred as Qt centres it, the formula's
    baseline sits on the text's."""
    box = _SVG_BOX_RE.search(svg)
    if box is None:
        return svg
    left, top, width, height = (float(v) for v in box.group(4).split())
    above, below = -top, height + top  # the baseline is y = 0
    wanted = x_height / 2  # above - below, once padded
    if above - below > wanted:
        below = above - wanted
    else:
        above = below + wanted
    head = f'<svg {box.group(1)}width="{width:.3f}" height="{above + below:.3f}" viewBox="{left:.3f} {-above:.3f} {width:.3f} {above + below:.3f}"'
    return svg[: box.start()] + head + svg[box.end():]


def _words(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def draw_formula(latex: str, display: bool, style: MathStyle) -> str:
    """The SVG text of one formula; FormulaError when it does not parse."""
    import ziafont
    import ziamath  # imported here: only notes with formulas pay for it

    # Qt's SVG renderer reads xlink:href, not SVG 2's bare href.
    ziamath.config.svg2 = ziafont.config.svg2 = False
    try:
        math = ziamath.Latex(latex, size=style.size_px * MATH_SCALE, color=style.colour, inline=not display)
        unknown = _UNKNOWN_COMMAND_RE.search(math.mathmlstr())
        if unknown:
            raise FormulaError(f"unknown command {unknown.group(1)}")
        svg = math.svg()
    except FormulaError:
        raise
    except Exception as error:  # noqa: BLE001 (latex2mathml and ziamath raise many kinds)
        # latex2mathml's errors are often bare class names: MissingEndError -> "missing end".
        reason = str(error).strip() or _words(type(error).__name__.removesuffix("Error")) or "it does not parse"
        raise FormulaError(reason if len(reason) <= 120 else reason[:119] + "…") from None
    return svg if display else _lined_up(svg, style.x_height_px * MATH_SCALE)


class FormulaImages:
    """Formula -> SVG file in ``style.cache_dir``, drawn once. ``on_drawn`` is called after each
    formula actually drawn (not found in the cache): the render worker tells its parent it is
    still working."""

    def __init__(self, style: MathStyle, on_drawn: Callable[[], None] | None = None) -> None:
        self.style = style
        self._on_drawn = on_drawn
        self._failures: dict[tuple[str, bool], str] = {}

    def _path(self, latex: str, display: bool) -> Path:
        style = self.style
        key = "\0".join((DRAWING_VERSION, latex, str(display), style.colour, f"{style.size_px:.2f}",
                         f"{style.x_height_px:.2f}"))
        return style.cache_dir / (hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + ".svg")

    def source(self, latex: str, display: bool) -> str:
        """The image src of ``latex``: its SVG file in the cache (a data: URL when the cache
        cannot be written); FormulaError when it does not parse."""
        path = self._path(latex, display)
        if path.is_file():
            return path.as_uri()
        failure = self._failures.get((latex, display))
        if failure is not None:
            raise FormulaError(failure)
        try:
            svg = draw_formula(latex, display, self.style)
        except FormulaError as error:
            self._failures[(latex, display)] = str(error)
            raise
        finally:
            if self._on_drawn is not None:
                self._on_drawn()
        try:
            _write_atomically(path, svg)
        except OSError:
            return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return path.as_uri()


def _write_atomically(path: Path, text: str) -> None:
    """Another Clew may draw the same formula at the same time; neither sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
