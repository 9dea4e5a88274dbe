"""$…$ and $$…$$ through markdown.markdown(): what counts as math, formulas drawn to the cache,
a broken formula shown as source with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from clew.core.render.extensions import math_blocks as mathblocks
from clew.core.render.formulas import FormulaError, FormulaImages, MathStyle, draw_formula

STYLE = dict(colour="#1f2328", size_px=16.0, x_height_px=8.0)


def md(text: str, images: FormulaImages | None) -> str:
    extension = mathblocks.makeExtension()
    extension.configure(images)
    return markdown.markdown(text, extensions=[extension])


@pytest.fixture
def drawn(tmp_path):
    calls = []
    return FormulaImages(MathStyle(cache_dir=tmp_path / "math", **STYLE), lambda: calls.append(1)), calls


def sources(html: str) -> list[str]:
    return re.findall(r'<code class="math-error">(.*?)</code>', html)


@pytest.mark.parametrize("text, expected", [
    ("energy $E=mc^2$ here", ["$E=mc^2$"]),
    ("$$\\int_0^1 x\\,dx$$", ["$$\\int_0^1 x\\,dx$$"]),
    ("a $x_1 * y_2$ and $z$", ["$x_1 * y_2$", "$z$"]),
    ("it cost $5 and $10 then", []),
    ("not math: $ x $ nor $x $", []),
    ("an escaped \\$x\\$ stays", []),
    ("code `$x$` stays code", []),
    ("a price $20$ then", ["$20$"]),
    ("$x$5 is not closed by a digit", []),
])
def test_what_counts_as_math(text, expected):
    assert sources(md(text, None)) == expected


def test_escaped_dollar_shows_a_dollar():
    assert "<p>an escaped $ sign</p>" in md("an escaped \\$ sign", None)


def test_fenced_code_is_never_math():
    html = markdown.markdown("```\n$x$ and $$y$$\n```", extensions=["fenced_code", mathblocks.makeExtension()])
    assert "$x$ and $$y$$" in html and "math" not in html


def test_formulas_become_cached_svg_images(drawn):
    images, calls = drawn
    html = md("Inline $a^2 + b^2 = c^2$ and\n\n$$\n\\frac{1}{2}\n$$", images)
    found = re.findall(r'<img alt="([^"]*)" class="(math-\w+)" src="([^"]+)" title="[^"]*"', html)
    assert [(alt, kind) for alt, kind, _ in found] == [("a^2 + b^2 = c^2", "math-inline"), ("\\frac{1}{2}", "math-display")]
    assert '<p align="center" class="math-display">' in html
    for _, _, src in found:
        path = Path(src.removeprefix("file://"))
        assert path.parent == images.style.cache_dir and path.read_text().startswith("<svg")
    assert len(calls) == 2
    md("Again $a^2 + b^2 = c^2$", images)
    assert len(calls) == 2  # taken from the cache


def test_a_broken_formula_shows_its_source_and_why(drawn):
    images, _ = drawn
    html = md("See $\\frac{1}{$ and $\\nosuchcommand x$.", images)
    assert sources(html) == ["$\\frac{1}{$", "$\\nosuchcommand x$"]
    reasons = re.findall(r'<span class="math-error"> \(formula not drawn: (.*?)\)</span>', html)
    assert len(reasons) == 2 and reasons[1] == "unknown command \\nosuchcommand"
    assert "<img" not in html


def test_inline_formulas_are_padded_to_sit_on_the_baseline(tmp_path):
    style = MathStyle(cache_dir=tmp_path, **STYLE)
    svg = draw_formula("x_i", False, style)
    left, top, width, height = (float(v) for v in re.search(r'viewBox="([-\d. ]+)"', svg).group(1).split())
    above, below = -top, height + top
    assert above - below == pytest.approx(style.x_height_px * 1.12 / 2, abs=0.01)


def test_colour_and_size_are_part_of_the_cache_key(tmp_path):
    light = FormulaImages(MathStyle(cache_dir=tmp_path, **STYLE))
    dark = FormulaImages(MathStyle(cache_dir=tmp_path, **{**STYLE, "colour": "#e3e1dc"}))
    assert light.source("x", False) != dark.source("x", False)
    assert "#e3e1dc" in Path(dark.source("x", False).removeprefix("file://")).read_text()


def test_draw_formula_raises_for_what_does_not_parse(tmp_path):
    with pytest.raises(FormulaError, match="missing end"):
        draw_formula("\\begin{matrix} a", True, MathStyle(cache_dir=tmp_path, **STYLE))


def test_display_formula_splits_its_paragraph_and_may_hold_a_dollar(drawn):
    images, _ = drawn
    html = md("Split: *a*\n$$\nx^2 \\text{for $y$}\n$$\nafter", images)
    blocks = re.findall(r"<p[^>]*>.*?</p>", html, re.S)
    assert len(blocks) == 3
    assert blocks[0].startswith("<p>Split: <em>a</em>") and blocks[2] == "<p>after</p>"
    assert 'class="math-display"' in blocks[1] and 'alt="x^2 \\text{for $y$}"' in blocks[1]
