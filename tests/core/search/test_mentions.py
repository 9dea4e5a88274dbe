"""Unlinked mentions: title and aliases as plain text; substring in Chinese and Japanese, whole
word elsewhere, case-insensitive; never inside links, code, comments or front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from clew.core.index.build import index_vault
from clew.core.search.mentions import find_mentions, mention_pattern, mention_sources, mention_terms, unlinked_mentions
from clew.core.vault.files import Vault


def found(text: str, *terms: str) -> list[tuple[int, int, str]]:
    return [(m.line, m.column, m.term) for m in find_mentions(text, "n.md", mention_pattern(terms))]


@pytest.mark.parametrize(
    "text, term, expected",
    [
        ("I use obsidian daily.", "Obsidian", [(1, 6, "obsidian")]),  # case-insensitive
        ("OBSIDIAN!", "Obsidian", [(1, 0, "OBSIDIAN")]),
        ("Obsidians and preobsidian", "Obsidian", []),  # whole word only
        ("Я пишу в Киото и киотский", "Киото", [(1, 9, "Киото")]),  # Cyrillic, whole word
        ("我在京都旅行", "京都", [(1, 2, "京都")]),  # Chinese: substring
        ("東京と京都に行った", "京都", [(1, 3, "京都")]),  # Japanese: substring
        ("用Obsidian写笔记", "Obsidian", [(1, 1, "Obsidian")]),  # CJK next to a Latin name is a boundary
        ("Evergreen  notes are\tgood", "evergreen notes", [(1, 0, "Evergreen  notes")]),
    ],
)
def test_matching(text, term, expected):
    assert found(text, term) == expected


@pytest.mark.parametrize(
    "text",
    [
        "[[Obsidian]]",
        "[[x|Obsidian]]",
        "[Obsidian](o.md)",
        "`Obsidian`",
        "```\nObsidian\n```",
        "<!-- Obsidian -->",
        "%% Obsidian %%",
        "https://obsidian.md/Obsidian",
        "---\ntitle: Obsidian\n---\n",
    ],
)
def test_not_a_mention(text):
    assert found(text, "Obsidian") == []


def test_longer_term_wins_and_context_is_the_line():
    (mention,) = find_mentions("a\nsee Kyoto Station here\n", "n.md", mention_pattern(["Kyoto", "Kyoto Station"]))
    assert (mention.line, mention.term, mention.context) == (2, "Kyoto Station", "see Kyoto Station here")


def test_short_terms_are_ignored():
    assert mention_pattern(["a", " "]) is None


def test_terms_and_search_in_a_vault(tmp_path: Path):
    files = {
        "Kyoto.md": "---\naliases: [京都]\ntitle: Kyoto city\n---\n# Kyoto\n",
        "trip.md": "We went to kyoto. [[Kyoto]] again.\n京都は美しい\n",
        "other.md": "Nothing here about Kyotoites.\n",
        "bin.md": "\x00\x01binary",
    }
    for rel, text in files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    _, index = index_vault(Vault(tmp_path))
    terms = mention_terms(index, "Kyoto.md")
    assert terms == ["Kyoto", "Kyoto city", "京都"]
    sources = mention_sources(index.notes(), "Kyoto.md")
    assert "Kyoto.md" not in sources
    assert mention_sources(index.notes(), "Kyoto.md", holding={"trip.md", "Kyoto.md"}) == ["trip.md"]
    progress = []
    mentions = unlinked_mentions(tmp_path, sources, terms, progress=lambda d, t: progress.append((d, t)))
    assert [(m.source, m.line, m.term) for m in mentions] == [("trip.md", 1, "kyoto"), ("trip.md", 2, "京都")]
    assert progress[-1] == (3, 3)


def test_names_that_differ_only_in_case_are_one_term(tmp_path: Path):
    (tmp_path / "atomic notes.md").write_text("---\naliases: [ATOMIC NOTES, Atoms]\n---\n# Atomic notes\n", encoding="utf-8")
    _, index = index_vault(Vault(tmp_path))
    assert mention_terms(index, "atomic notes.md") == ["atomic notes", "Atoms"]
