"""A heading as the reader sees it, and the title a note takes from its first H1."""

from __future__ import annotations

import time

import pytest

from clew.core.notes.parsing import parse_note
from clew.core.notes.shown_text import shown_text


@pytest.mark.parametrize(("markdown", "shown"), [
    ("[[dataview|Dataview]]", "Dataview"),
    ("[[Start]] here", "Start here"),
    ("[[Guide.md#Setup#Sync]]", "Guide > Setup > Sync"),
    ("Using [Obsidian](https://obsidian.md) and [x][ref]", "Using Obsidian and x"),
    ("**Bold**, *em*, _em_, ~~gone~~, ==marked==, **_both_**", "Bold, em, em, gone, marked, both"),
    ("`[[not a link]]` and `**code**`", "[[not a link]] and **code**"),
    ("![[banner.png]] Title ![alt](i.png)", "Title"),
    ("a <span style='x'>b</span>", "a b"),
    (r"\*not emphasis\* and \[[not a link]]", "*not emphasis* and [[not a link]]"),
    ("snake_case_name", "snake_case_name"),
    ("Кириллица [[заметка|Заметка]] 中文", "Кириллица Заметка 中文"),
    ("plain words", "plain words"),
])
def test_a_heading_is_shown_as_read(markdown, shown):
    assert shown_text(markdown) == shown


def test_the_title_is_the_first_h1_as_shown():
    assert parse_note("# [[dataview|Dataview]]\n\nText.\n", "plugins/dv.md").title == "Dataview"
    assert parse_note("# **Plan** for [2025](x.md)\n", "p.md").title == "Plan for 2025"
    assert parse_note("# ![[only-an-image.png]]\n", "notes/pic.md").title == "pic"
    # The heading itself stays as written: [[Note#[[dataview|Dataview]]]] fragments match it.
    assert parse_note("# [[dataview|Dataview]]\n", "dv.md").headings[0].text == "[[dataview|Dataview]]"


@pytest.mark.parametrize("line", ["*a " * 30000, "**a " * 30000, "_a " * 30000, "==a " * 30000,
                                  "*" * 30000 + "a" + "*" * 30000, "[a](" * 30000, "`a " * 30000])
def test_a_long_line_of_markup_takes_little_time(line):
    started = time.perf_counter()
    shown_text(line)
    assert time.perf_counter() - started < 1.0


def test_a_heading_ending_in_code_keeps_it():
    note = parse_note("# Install `npm`\n\n## Run `x` ##\n\n# Use [it](u) with `code`\n", "n.md")
    assert [h.text for h in note.headings] == ["Install `npm`", "Run `x`", "Use [it](u) with `code`"]
    assert note.title == "Install npm"
