"""Theme colours: contrast of text in both themes (WCAG), the note CSS generated from them."""

from __future__ import annotations

import pytest
from pygments.styles import get_style_by_name

from clew.core.render.extensions.callouts import CALLOUT_TYPES
from clew.core.render.note_css import callout_background, stylesheet
from clew.core.render.themes import THEMES, blend, contrast_ratio, relative_luminance, theme_colours


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
    assert relative_luminance("#fff") == pytest.approx(1.0)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_body_text_is_aaa_in_both_themes(name):
    theme = theme_colours(name)
    assert contrast_ratio(theme.text, theme.background) >= 7.0
    assert contrast_ratio(theme.heading, theme.background) >= 7.0
    assert contrast_ratio(theme.code_text, theme.code_background) >= 7.0


@pytest.mark.parametrize("name", sorted(THEMES))
def test_links_quotes_notices_and_hints_are_readable(name):
    theme = theme_colours(name)
    for colour in (theme.internal, theme.external, theme.unresolved, theme.muted):
        assert contrast_ratio(colour, theme.background) >= 4.5, colour
    assert contrast_ratio(theme.muted, theme.quote_background) >= 4.5
    assert contrast_ratio(theme.notice_text, theme.notice_background) >= 7.0
    assert contrast_ratio(theme.hint_text, theme.hint_background) >= 7.0
    assert contrast_ratio(theme.selection_text, theme.selection_active) >= 4.5


@pytest.mark.parametrize("name", sorted(THEMES))
def test_callout_titles_and_text_are_readable_on_their_tint(name):
    theme = theme_colours(name)
    assert set(theme.callouts) == set(CALLOUT_TYPES)
    for kind, accent in theme.callouts.items():
        tint = callout_background(theme, kind)
        assert contrast_ratio(accent, tint) >= 4.5, kind
        assert contrast_ratio(theme.text, tint) >= 7.0, kind


@pytest.mark.parametrize("name", sorted(THEMES))
def test_code_colours_are_readable_on_the_code_background(name):
    theme = theme_colours(name)
    for token, style in get_style_by_name(theme.pygments_style):
        if style["color"] and "Whitespace" not in str(token) and "Error" not in str(token):
            assert contrast_ratio("#" + style["color"], theme.code_background) >= 4.5, token


def test_blend_mixes_towards_the_base():
    assert blend("#ff0000", "#ffffff", 0.0) == "#ffffff"
    assert blend("#ff0000", "#ffffff", 1.0) == "#ff0000"
    assert blend("#000000", "#ffffff", 0.5) == "#808080"


def test_stylesheets_differ_and_carry_every_callout():
    light, dark = stylesheet("light"), stylesheet("dark")
    assert light != dark
    for css in (light, dark):
        for kind in CALLOUT_TYPES:
            assert f"td.callout-{kind} " in css and f"p.callout-title-{kind} " in css
        assert "line-height" in css and "td.quote" in css and "td.codeblock" in css
    assert theme_colours("dark").heading in dark and theme_colours("light").heading not in dark
