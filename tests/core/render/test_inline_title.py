"""The inline title: every note's page starts with its file name, unless its first block is an H1
that says the same; the setting turns it off; previews, later parts and headings are untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clew.core.render.inline_title import says_the_same, with_inline_title
from clew.core.render.page import RenderRequest, page_html, render_request
from clew.core.render.layout_bound import BIG_BLOCK

TITLE_RE = re.compile(r'<p class="inline-title">(.*?)</p>')


def _page(tmp_path: Path, name: str, text: str, **options):
    note = tmp_path / name
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text(text, encoding="utf-8")
    return render_request(RenderRequest(1, tmp_path, name, {}, **options))


def _titles(html: str) -> list[str]:
    return TITLE_RE.findall(html)


def _h1s(html: str) -> list[str]:
    return [re.sub(r"<[^>]*>", "", inner) for inner in re.findall(r"<h1\b[^>]*>(.*?)</h1>", html)]


def test_a_note_without_an_h1_shows_its_file_name_on_top(tmp_path):
    page = _page(tmp_path, "HOWTO/Старт.md", "Здесь начало.\n\n## Раздел\n").html
    assert _titles(page) == ["Старт"] and page.startswith('<p class="inline-title">')
    assert _h1s(page) == []


def test_an_h1_equal_to_the_file_name_is_the_only_title(tmp_path):
    page = _page(tmp_path, "Daily plan.md", "# Daily plan\n\ntext\n").html
    assert _titles(page) == [] and _h1s(page) == ["Daily plan"]


@pytest.mark.parametrize("name, heading", [
    ("daily plan.md", "Daily Plan"),
    ("daily_plan.md", "Daily plan"),
    ("daily-plan.md", "  Daily   plan  "),
    ("What is Clew.md", "What is Clew?"),
    ("A-B testing.md", "A/B testing"),
    ("Cafe\u0301.md", "CAFÉ"),
    ("Bold title.md", "**Bold** title"),
])
def test_an_h1_that_reads_as_the_file_name_is_the_only_title(tmp_path, name, heading):
    page = _page(tmp_path, name, f"# {heading}\n\ntext\n").html
    assert _titles(page) == []


def test_an_h1_that_differs_from_the_file_name_is_shown_under_the_title(tmp_path):
    page = _page(tmp_path, "2024-05-01.md", "# Meeting with Ann\n\ntext\n").html
    assert _titles(page) == ["2024-05-01"] and _h1s(page) == ["Meeting with Ann"]
    assert page.index("inline-title") < page.index("<h1")


def test_an_h1_that_is_not_the_first_block_does_not_count(tmp_path):
    page = _page(tmp_path, "Plan.md", "Intro line.\n\n# Plan\n").html
    assert _titles(page) == ["Plan"] and _h1s(page) == ["Plan"]


def test_an_h2_equal_to_the_file_name_does_not_count(tmp_path):
    assert _titles(_page(tmp_path, "Plan.md", "## Plan\n").html) == ["Plan"]


def test_front_matter_blank_lines_and_comments_before_the_h1_are_passed_over(tmp_path):
    text = "---\ntags: [a]\ntitle: x\n---\n\n%% hidden %%\n\n<!-- a comment -->\n\n# Plan\n\nbody\n"
    page = _page(tmp_path, "Plan.md", text).html
    assert _titles(page) == [] and _h1s(page) == ["Plan"]


def test_a_setext_h1_counts_as_an_h1(tmp_path):
    assert _titles(_page(tmp_path, "Plan.md", "Plan\n====\n\nbody\n").html) == []


def test_a_txt_note_gets_its_title_even_when_it_starts_with_a_hash_line(tmp_path):
    page = _page(tmp_path, "readme.txt", "# readme\nplain text\n").html
    assert _titles(page) == ["readme"] and "# readme" in page


def test_an_empty_note_gets_its_title(tmp_path):
    page = _page(tmp_path, "Later.md", "").html
    assert _titles(page) == ["Later"] and "Empty note" in page


def test_the_setting_off_shows_no_title(tmp_path):
    assert _titles(_page(tmp_path, "Plan.md", "body\n", inline_title=False).html) == []
    assert _titles(_page(tmp_path, "Later.md", "", inline_title=False).html) == []
    assert _titles(_page(tmp_path, "readme.txt", "text\n", inline_title=False).html) == []


def test_a_preview_shows_no_title(tmp_path):
    page = _page(tmp_path, "Plan.md", "body\n\n## Part\n\nmore\n", preview=("", 5)).html
    assert _titles(page) == []


def test_a_file_name_with_markup_is_escaped(tmp_path):
    page = _page(tmp_path, 'a<b> & "c".md', "body\n").html
    assert _titles(page) == ["a&lt;b&gt; &amp; &quot;c&quot;"] and "<b>" not in page


def test_the_title_is_no_heading_and_leaves_anchors_alone(tmp_path):
    result = _page(tmp_path, "Plan.md", "## Plan\n\n## Steps\n")
    assert [anchor for _level, _text, anchor in result.rendered.headings] == ["plan", "steps"]
    assert not re.search(r"<h\d[^>]*>[^<]*Plan</h", result.html.split("</p>", 1)[0])
    assert result.html.count('name="plan"') == 1


def test_a_note_opening_with_a_block_too_big_for_one_part_shows_it_under_the_title(tmp_path):
    note = "| a | b |\n|---|---|\n" + "".join(f"| r{i} | x |\n" for i in range(3_000))
    result = _page(tmp_path, "table.md", note)
    assert _titles(result.html) == ["table"] and "r0" in result.html
    assert BIG_BLOCK in result.notices


def test_only_the_first_part_of_a_long_note_has_the_title(tmp_path):
    note = "".join(f"## Heading {i}\n\n" + "word " * 200 + "\n\n" for i in range(400))
    first = _page(tmp_path, "long.md", note)
    assert first.parts > 1 and _titles(first.html) == ["long"]
    assert _titles(_page(tmp_path, "long.md", note, part=1).html) == []


def test_clew_render_prints_the_titled_page(tmp_path):
    assert _titles(page_html(_page(tmp_path, "Plan.md", "body\n"))) == ["Plan"]


def test_the_comparison_ignores_case_separators_and_characters_names_cannot_hold():
    assert says_the_same("my  note", "My_Note") and says_the_same("Why?", "why")
    assert not says_the_same("My notes", "My note") and not says_the_same("", "x")


def test_with_inline_title_reads_only_the_first_block():
    assert with_inline_title('<h1 id="x"><a name="x"></a>X</h1><p>y</p>', "X.md").startswith("<h1")
    assert with_inline_title("<p>y</p><h1>X</h1>", "X.md").startswith('<p class="inline-title">X</p>')
