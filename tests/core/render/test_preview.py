"""The excerpt a link preview renders: the note's start, or the section a fragment names."""

from __future__ import annotations

from clew.core.render.page import RenderRequest, render_request
from clew.core.render.preview import excerpt

NOTE = "---\ntags: [a]\n---\n# Title\nintro\n## Part\npart text\n## Other\n\nother text ^blk\n"


def test_the_start_of_the_note_without_front_matter_cut_with_an_ellipsis():
    long = NOTE + "\n".join(f"line {n}" for n in range(100))
    shown = excerpt(long, "n.md", max_lines=5)
    assert shown.text.split("\n") == ["# Title", "intro", "## Part", "part text", "## Other", "", "…"]
    assert shown.notice == ""


def test_a_heading_or_block_gives_its_section():
    assert excerpt(NOTE, "n.md", "Part").text == "## Part\npart text"
    assert excerpt(NOTE, "n.md", "^blk").text == "other text ^blk"


def test_a_fragment_that_names_nothing_shows_the_start_with_a_notice():
    shown = excerpt(NOTE, "n.md", "Nope")
    assert shown.text.startswith("# Title")
    assert shown.notice == "No heading “Nope” in this note; showing its start."


def test_a_code_block_cut_in_the_middle_is_closed():
    text = "intro\n```python\n" + "\n".join(f"x = {n}" for n in range(50)) + "\n```\nafter\n"
    assert excerpt(text, "n.md", max_lines=4).text.split("\n") == ["intro", "```python", "x = 0", "x = 1",
                                                                   "```", "", "…"]


def test_a_preview_request_renders_only_the_excerpt(tmp_path):
    (tmp_path / "n.md").write_text(NOTE, encoding="utf-8")
    result = render_request(RenderRequest(1, tmp_path, "n.md", {}, preview=("Part", 40)))
    assert "part text" in result.html and "intro" not in result.html


def test_a_long_line_is_previewed_in_part():
    line = "w [[x]] [g](x.md) " * 11_111
    shown = excerpt(line, "l.md").text
    cut, _blank, more = shown.split("\n")
    assert line.startswith(cut + " ") and 3900 < len(cut) <= 4000 and more == "…"
    lines = excerpt("# T\n" + "a line\n" * 3 + line, "l.md").text.split("\n")
    assert lines[:4] == ["# T", "a line", "a line", "a line"] and lines[-2:] == ["", "…"]
    assert excerpt("# Short\n\nnote", "n.md").text == "# Short\n\nnote"
