"""Fragments (docs/LINKS.md, "Fragments"): exact, loose, slug, #H1#H2, #^block; and the index's check
of a link's fragment against the note it reaches."""

from __future__ import annotations

import pytest

from clew.core.index.graph import VaultIndex
from clew.core.links.fragments import find_heading, names_something
from clew.core.links.model import Unresolved
from clew.core.notes.parsing import parse_note

HEADINGS = [
    (1, "Setup & Vault Consistency", "setup-vault-consistency"),
    (2, "0.5.3", "053"),
    (1, "What is Foam?", "what-is-foam"),
    (2, "Intro", "intro"),
    (1, "Other", "other"),
    (2, "Intro", "intro_1"),
    (2, "intro", "intro_2"),
]


@pytest.mark.parametrize(
    "fragment, anchor",
    [
        ("Setup & Vault Consistency", "setup-vault-consistency"),  # exact
        ("Setup Vault Consistency", "setup-vault-consistency"),  # loose: punctuation collapsed
        ("setup   vault consistency", "setup-vault-consistency"),  # loose: case and spaces
        ("0 5 3", "053"),  # loose: dots are punctuation
        ("what-is-foam", "what-is-foam"),  # GitHub-style slug
        ("Other#Intro", "intro_1"),  # H2 under H1
        ("What is Foam?#Intro", "intro"),
        ("intro", "intro_2"),  # exact before loose: the lower-case heading wins
        ("Intro", "intro"),  # exact, the first one
    ],
)
def test_heading_fragments(fragment, anchor):
    assert find_heading(HEADINGS, fragment) == anchor


@pytest.mark.parametrize("fragment", ["Nope", "Other#Setup & Vault Consistency", "Intro#Other", "what is foam!!x"])
def test_fragments_that_match_nothing(fragment):
    assert find_heading(HEADINGS, fragment) is None


def test_block_fragments():
    assert names_something("^para-1", [], ["para-1"])
    assert not names_something("^missing", [], ["para-1"])
    assert names_something("", [], [])


def _index(notes: dict[str, str]) -> VaultIndex:
    index = VaultIndex()
    facts = {path: parse_note(text, path) for path, text in notes.items()}
    index.build(facts, facts)
    return index


def _reasons(index: VaultIndex, source: str) -> dict[str, Unresolved | None]:
    return {f"{r.link.target}#{r.link.fragment}": r.resolution.reason for r in index.outgoing_checked(source)}


def test_index_checks_fragments_against_the_target_note():
    index = _index({
        "src.md": "[[t#Part One]] [[t#part one]] [[t#part-one]] [[t#Top#Part One]] [[t#Nope]]\n"
                  "[[t#^blk]] [[t#^gone]] [[#Here]] [[#Elsewhere]] [x](t.md#part-one)\n\n# Here\n",
        "t.md": "# Top\n\n## Part One\n\nA paragraph ^blk\n",
    })
    reasons = _reasons(index, "src.md")
    assert reasons["t#Part One"] is None
    assert reasons["t#part one"] is None
    assert reasons["t#part-one"] is None
    assert reasons["t#Top#Part One"] is None
    assert reasons["t#Nope"] is Unresolved.HEADING_NOT_FOUND
    assert reasons["t#^blk"] is None
    assert reasons["t#^gone"] is Unresolved.BLOCK_NOT_FOUND
    assert reasons["#Here"] is None
    assert reasons["#Elsewhere"] is Unresolved.HEADING_NOT_FOUND
    assert reasons["t.md#part-one"] is None


def test_a_fragment_on_an_attachment_is_not_a_heading():
    index = VaultIndex()
    facts = {"n.md": parse_note("![[pic.png#center|cap|100]] ![[doc.pdf#page=2]]\n", "n.md")}
    index.build(["n.md", "pic.png", "doc.pdf"], facts)
    checked = index.outgoing_checked("n.md")
    assert [(r.resolution.path, r.resolution.reason) for r in checked] == [("pic.png", None), ("doc.pdf", None)]


def test_a_heading_added_later_is_found_without_re_resolving():
    index = _index({"src.md": "[[t#Later]]\n", "t.md": "# First\n"})
    assert _reasons(index, "src.md")["t#Later"] is Unresolved.HEADING_NOT_FOUND
    index.set_note("t.md", parse_note("# First\n## Later\n", "t.md"))
    assert _reasons(index, "src.md")["t#Later"] is None
