"""Vault search against a plain scan of the same files: words, phrases, filters, Russian, CJK."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clew.core.notes.parsing import parse_note
from clew.core.search.fulltext import SearchIndex
from clew.core.search.query import parse_query
from clew.core.vault.files import FileKind, Vault

NOTES = {
    "zh/笔记.md": "# 中文笔记\n\n今天我们学习机器学习和深度学习。\n知识图谱是一个好主意。#学习\n",
    "zh/other.md": "机器翻译很有趣。\n学习中文。\n",
    "zh/long.md": "人工智能的发展历史很长。大语言模型改变了世界。\n",
    "ja/日本語.md": "---\ntags: [言語]\n---\n日本語の勉強をしています。東京は大きい都市です。\n",
    "ru/Заметка.md": "# Заметка\n\nМосква — столица России. Привет, МИР!\nмир и покой #Проект\n",
    "ru/second.md": "Второй файл: привет, мир.\n",
    "en/rust.md": "---\ntags: [lang, lang/rust]\n---\n# Rust\n\nThe borrow checker keeps memory safe.\nNo unsafe code here. #project\n",
    "en/python.md": "# Python\n\nThe GIL is not a borrow checker. Unsafe ctypes exist.\n",
    "en/notes/ai.md": "AI and ML: the checker of borrowed ideas.\n",
    "en/empty.md": "",
}

QUERIES = [
    "borrow", "BORROW checker", '"borrow checker"', "checker -unsafe", "path:notes checker",
    "tag:lang", "tag:lang/rust", "tag:project borrow", "-borrow path:en/", "ai", "gil",
    "мир", "МИР", "Привет", "москва", "-мир path:ru",
    "学", "学习", "机器学", "人工智能的发", "知识", "语", "日本", "東京は", "の", "tag:言語",
    '"the borrow" -python', "nothing-matches-this",
]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    for path, text in NOTES.items():
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    (root / "en" / "binary.md").write_bytes(b"\x00\x01borrow\x00")
    return root


def scan(root: Path, text: str) -> set[str]:
    """The plain answer: read every note and check each part of the query by hand."""
    query = parse_query(text)
    found = set()
    for file in Vault(root).scan():
        if file.kind is not FileKind.NOTE:
            continue
        data = (root / file.path).read_bytes()
        body = "" if b"\x00" in data else data.decode("utf-8")
        tags = [t.lower() for t in parse_note(body, file.path).tags] if body else []
        low, path = body.lower(), file.path.lower()
        if (all(n in low for n in query.needles) and not any(n in low for n in query.excluded)
                and all(p in path for p in query.paths) and not any(p in path for p in query.excluded_paths)
                and all(any(t == w or t.startswith(w + "/") for t in tags) for w in query.tags)):
            found.add(file.path)
    return found


@pytest.mark.parametrize("text", QUERIES)
def test_search_finds_what_a_plain_scan_finds(vault: Path, tmp_path: Path, text: str) -> None:
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(Vault(vault))
    assert {hit.path for hit in index.search(text, limit=None)} == scan(vault, text)


def test_chinese_of_one_two_three_and_five_characters(vault: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(Vault(vault))
    for needle, expected in (("学", {"zh/笔记.md", "zh/other.md"}), ("学习", {"zh/笔记.md", "zh/other.md"}),
                             ("机器学", {"zh/笔记.md"}), ("人工智能的", {"zh/long.md"})):
        found = {hit.path for hit in index.search(needle, limit=None)}
        assert found == expected == scan(vault, needle), needle


def test_hit_names_the_line_and_highlights_the_match(vault: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(Vault(vault))
    [hit] = index.search('"borrow checker" path:rust')
    assert (hit.path, hit.line) == ("en/rust.md", 6)
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "borrow checker"
    [hit] = index.search("мир path:second")
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "мир"


def test_a_long_line_is_cut_around_the_match(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "long.md").write_text("word " * 200 + "needle " + "word " * 200, encoding="utf-8")
    index = SearchIndex(tmp_path / "s.sqlite3")
    index.sync(Vault(root))
    [hit] = index.search("needle")
    assert len(hit.snippet) < 200 and hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert hit.snippet[hit.match_start : hit.match_start + 6] == "needle"


def test_sync_rereads_only_changed_notes_and_forgets_deleted_ones(vault: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search.sqlite3")
    assert index.sync(Vault(vault)) == len(NOTES) + 1
    assert index.sync(Vault(vault)) == 0
    (vault / "en" / "python.md").write_text("Now about snakes.\n", encoding="utf-8")
    (vault / "en" / "rust.md").unlink()
    assert index.sync(Vault(vault)) == 1
    assert {h.path for h in index.search("snakes")} == {"en/python.md"}
    assert {h.path for h in index.search("borrow")} == {"en/notes/ai.md"}


def test_update_follows_one_changed_file(vault: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(Vault(vault))
    (vault / "zh" / "other.md").write_text("全新的内容\n", encoding="utf-8")
    (vault / "zh" / "long.md").unlink()
    index.update(Vault(vault), ["zh/other.md", "zh/long.md"])
    assert {h.path for h in index.search("全新")} == {"zh/other.md"}
    assert index.search("人工智能") == []


def test_a_damaged_index_file_is_rebuilt(vault: Path, tmp_path: Path) -> None:
    db = tmp_path / "search.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    index = SearchIndex(db)
    index.sync(Vault(vault))
    assert {h.path for h in index.search("borrow checker")} == scan(vault, "borrow checker")


def test_index_lives_in_the_cache_folder_not_the_vault(vault: Path) -> None:
    index = SearchIndex.for_vault(vault)
    assert index.on_disk and vault not in index.db_path.parents
    index.sync(Vault(vault))
    assert not any(p.suffix.startswith(".sqlite") for p in vault.rglob("*"))


def test_seed_kb_search_agrees_with_a_scan(seed_kb: Path, tmp_path: Path) -> None:
    root = tmp_path / "seed-kb"
    shutil.copytree(seed_kb, root)
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(Vault(root))
    for text in ("neurips", "NeurIPS 2025", '"diffusion models"', "path:papers model", "tag:ai", "-the"):
        assert {h.path for h in index.search(text, limit=None)} == scan(root, text), text


@pytest.mark.parametrize("text", ["", "   ", '""', "-", "path:", '"unclosed phrase'])
def test_odd_queries_do_not_fail(vault: Path, tmp_path: Path, text: str) -> None:
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.sync(Vault(vault))
    assert {h.path for h in index.search(text, limit=None)} == (scan(vault, text) if not parse_query(text).empty else set())


def test_snippets_show_the_line_as_read_not_its_markup(tmp_path):
    from clew.core.search.fulltext import SearchIndex
    from clew.core.vault.files import Vault

    (tmp_path / "n.md").write_text(
        "另一大热点架构是**扩散模型**，见[zeta-alpha.com](https://www.zeta-alpha.com/post/x) 和 `code`\n",
        encoding="utf-8")
    index = SearchIndex(tmp_path / "s.sqlite3")
    index.sync(Vault(tmp_path))
    (hit,) = index.search("扩散模型")
    assert hit.snippet == "另一大热点架构是扩散模型，见zeta-alpha.com 和 code"
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "扩散模型"
    assert hit.line_text.startswith("另一大热点架构是**扩散模型**")


def test_paths_holding_a_name_in_any_case_and_script(tmp_path):
    from clew.core.search.fulltext import SearchIndex
    from clew.core.vault.files import Vault

    files = {"a.md": "Мы были в КИОТО летом.", "b.md": "京都は美しい", "c.md": "nothing here",
             "d.md": "Kyotoites"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    index = SearchIndex(tmp_path / "s.sqlite3")
    index.sync(Vault(tmp_path))
    assert index.paths_holding("Киото") == {"a.md"}
    assert index.paths_holding("京都") == {"b.md"}     # two characters: scanned, not trigram
    assert index.paths_holding("kyoto") == {"d.md"}    # a substring: the caller checks whole words
    assert index.paths_holding("") == set()


def test_a_name_whose_bytes_are_not_utf8_is_indexed_found_and_forgotten(tmp_path: Path) -> None:
    import os

    root = tmp_path / "bad-names"
    root.mkdir()
    with open(os.fsencode(root) + b"/bad-name-\xff\xfe.md", "wb") as note:
        note.write(b"# A name that is not UTF-8\n\nStill a note.\n")
    (root / "fine.md").write_text("# Fine\n\nStill fine.\n", encoding="utf-8")
    bad = os.fsdecode(b"bad-name-\xff\xfe.md")
    index = SearchIndex(tmp_path / "search.sqlite3")
    assert index.sync(Vault(root)) == 2
    assert [hit.path for hit in index.search("Still")] == ["fine.md", bad]
    assert [hit.path for hit in index.search("Still path:bad-name")] == [bad]
    assert index.paths_holding("still a note") == {bad}
    assert index.sync(Vault(root)) == 0  # the stored name matches the file's: nothing read again
    os.unlink(os.fsencode(root) + b"/bad-name-\xff\xfe.md")
    index.update(Vault(root), [bad])
    assert [hit.path for hit in index.search("Still")] == ["fine.md"]
