"""Admonition blocks (```ad-TYPE) in a note's facts: found as the renderer finds them, their body
read as the note's Markdown (links, tags, block ids), their fences and settings not."""

from __future__ import annotations

from clew.core.notes.admonitions import find_admonitions
from clew.core.notes.parsing import parse_note

NOTE = (
    "````ad-tip\n"           # 1
    "title: About [[T]]\n"   # 2
    "collapse: open\n"       # 3
    "color: #ff0000\n"       # 4
    "Body [[B]] #btag ^bid\n"  # 5
    "```py\n"                # 6
    "[[InCode]] #ctag\n"     # 7
    "```\n"                  # 8
    "````\n"                 # 9
    "\n"
    "after [[A]]\n"          # 11
    "\n"
    "~~~\n"
    "```ad-note\n"
    "[[Quoted]] #qtag\n"
    "```\n"
    "~~~\n"
)


def test_blocks_are_found_with_their_settings_and_lines():
    blocks = find_admonitions(NOTE.split("\n"))
    assert len(blocks) == 1
    block = blocks[0]
    assert (block.kind, block.opener, block.option_lines, block.body, block.closer) == ("tip", 0, range(1, 4),
                                                                                     range(4, 8), 8)
    assert block.options == {"title": "About [[T]]", "collapse": "open", "color": "#ff0000"}


def test_the_body_and_title_are_the_notes_markdown_and_code_inside_is_still_code():
    facts = parse_note(NOTE, "n.md")
    assert [(link.target, link.line) for link in facts.links] == [("T", 2), ("B", 5), ("A", 11)]
    assert facts.tags == ("btag",) and facts.block_ids == ("bid",)


def test_an_unclosed_block_runs_to_the_end_and_other_fences_stay_code():
    facts = parse_note("```ad-note\n[[In]]\n\n```js\n[[Code]]\n```\n", "n.md")
    assert [link.target for link in facts.links] == ["In"]
    blocks = find_admonitions(["```ad-note", "x"])
    assert blocks[0].closer is None and blocks[0].body == range(1, 2)
    assert find_admonitions(["```adnote", "x", "```", "```ad-", "y", "```"]) == []
