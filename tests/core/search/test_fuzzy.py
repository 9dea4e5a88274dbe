"""Quick-switcher ranking: names first, titles, aliases, folders, Russian and Chinese, recents."""

from __future__ import annotations

import posixpath

import pytest

from clew.core.memory import sorting
from clew.core.search.ranking import NoteEntry, RecentNotes, SwitcherIndex

ENTRIES = [
    NoteEntry("inbox/Meeting notes.md", "Weekly meeting"),
    NoteEntry("projects/Roadmap.md", "Roadmap 2026"),
    NoteEntry("projects/roadmap-archive.md"),
    NoteEntry("people/Ada Lovelace.md", "Ada", ("Countess of Lovelace",)),
    NoteEntry("ru/Заметка о Москве.md", "Москва"),
    NoteEntry("zh/机器学习笔记.md", "机器学习"),
    NoteEntry("journal/2026-01-05.md", "Monday"),
]


def top(query: str, recent=()) -> str:
    return SwitcherIndex(ENTRIES).rank(query, list(recent))[0].entry.path


def test_a_name_prefix_wins():
    assert top("road") == "projects/Roadmap.md"
    assert top("meet") == "inbox/Meeting notes.md"


def test_letters_in_order_find_a_name():
    assert top("rdmp") == "projects/Roadmap.md"


def test_a_typo_is_forgiven():
    assert top("roadmpa") == "projects/Roadmap.md"


def test_titles_aliases_and_folders_match():
    assert top("weekly") == "inbox/Meeting notes.md"
    assert top("countess") == "people/Ada Lovelace.md"
    assert top("journal") == "journal/2026-01-05.md"


def test_russian_in_any_case_and_chinese():
    assert top("МОСКВ") == "ru/Заметка о Москве.md"
    assert top("заметка") == "ru/Заметка о Москве.md"
    assert top("学习") == "zh/机器学习笔记.md"
    assert top("机") == "zh/机器学习笔记.md"


def test_nothing_like_the_query_gives_nothing():
    assert SwitcherIndex(ENTRIES).rank("qqqqxxxx") == []


def test_an_empty_query_lists_recent_notes_first_then_the_rest():
    ranked = SwitcherIndex(ENTRIES).rank("", ["zh/机器学习笔记.md", "projects/Roadmap.md", "gone.md"])
    assert [m.entry.path for m in ranked[:3]] == ["zh/机器学习笔记.md", "projects/Roadmap.md", "inbox/Meeting notes.md"]
    assert len(ranked) == len(ENTRIES) and ranked[0].recent and not ranked[2].recent


def test_a_recent_note_is_lifted_among_equals():
    assert top("roadmap") == "projects/Roadmap.md"
    assert top("roadmap", recent=["projects/roadmap-archive.md"]) in {"projects/Roadmap.md", "projects/roadmap-archive.md"}


def test_recent_notes_keep_order_without_repeats():
    recent = RecentNotes(capacity=3)
    for path in ("a", "b", "a", "c", "d"):
        recent.add(path)
    assert recent.paths == ["d", "c", "a"]
    recent.rename("c", "e")
    assert recent.paths == ["d", "e", "a"]


def test_an_empty_vault_ranks_nothing():
    assert SwitcherIndex([]).rank("x") == [] and SwitcherIndex([]).rank("") == []


def test_an_index_built_from_an_earlier_one_ranks_like_a_fresh_one():
    notes = {e.path: (e.title, e.aliases) for e in ENTRIES}
    earlier = SwitcherIndex.from_notes((path, *names) for path, names in notes.items())
    del notes["projects/Roadmap.md"]
    notes["people/Ada Lovelace.md"] = ("Ada", ("Enchantress of Numbers",))
    notes["projects/Roadmap 2027.md"] = ("", ())
    later = SwitcherIndex.from_notes(((path, *names) for path, names in notes.items()), earlier)
    fresh = SwitcherIndex([NoteEntry(path, *names) for path, names in notes.items()])
    for query in ("", "roadmap", "enchantress", "countess", "rd", "москва"):
        assert [m.entry for m in later.rank(query)] == [m.entry for m in fresh.rank(query)]
    assert len(earlier) == len(ENTRIES)  # the earlier index is left as it was


@pytest.mark.parametrize("path", ["a.md", "d/.hidden", "..a", "a.", "a..b", "x/y/z.tar.gz", "noext", "...md",
                                  "a/.b.c", "日本/笔记.md", "Заметки/кот.txt"])
def test_a_notes_name_is_its_file_name_without_the_last_suffix(path):
    assert NoteEntry(path).name == posixpath.splitext(posixpath.basename(path))[0]


def test_a_big_vault_is_ordered_as_one_sort_would_order_it(monkeypatch):
    # Sorted in pieces (so the build never holds the GIL for long), merged: ties keep their order.
    monkeypatch.setattr(sorting, "SORT_PIECE", 7)
    notes = [(f"{folder}/{name}.md", "", ()) for folder in ("b", "a", "c") for name in ("x", "yy", "x1", "笔记", "z")]
    index = SwitcherIndex.from_notes(notes)
    assert [e.path for e in index.entries] == [e.path for e in sorted(index.entries, key=lambda e: (len(e.name), e.path))]
    assert [e.path for e in index.entries][:6] == ["a/x.md", "a/z.md", "b/x.md", "b/z.md", "c/x.md", "c/z.md"]
    assert index.rank("") and len(index) == 15
