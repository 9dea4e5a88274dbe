"""The search index written by a child process: progress comes back, a cancel kills the child."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from clew.core.offload.search_writer import PROCESS_NAME, write_in_process
from clew.core.search.fulltext import SearchIndex
from clew.core.vault.files import Vault


class Stop(Exception):
    pass


def search_children() -> list:
    return [p for p in multiprocessing.active_children() if p.name == PROCESS_NAME]


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "kb"
    root.mkdir()
    for n in range(30):
        (root / f"note {n}.md").write_text(f"# Note {n}\n\nword{n} and a lantern. #tag{n}\n", encoding="utf-8")
    return Vault(root)


def test_a_sync_in_a_child_fills_the_index_and_reports_progress(vault, tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite3")
    reported = []
    count = write_in_process(index, vault, None, lambda *value: reported.extend(value))
    assert count == 30
    assert reported[-1] == (30, 30)
    assert [hit.path for hit in index.search("word7")] == ["note 7.md"]
    assert len(index.search("#tag12")) == 1
    assert search_children() == []


def test_an_update_in_a_child_rereads_the_paths_given(vault, tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite3")
    write_in_process(index, vault, None, lambda *value: None)
    (vault.root / "note 3.md").write_text("# Note 3\n\nnow a teapot\n", encoding="utf-8")
    (vault.root / "note 4.md").unlink()
    assert write_in_process(index, vault, ["note 3.md", "note 4.md"], lambda *value: None) == 2
    assert [hit.path for hit in index.search("teapot")] == ["note 3.md"]
    assert index.search("word4") == [] and index.note_count() == 29


def test_a_cancelled_write_leaves_no_process_behind(vault, tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite3")

    def cancel(*value):
        raise Stop

    with pytest.raises(Stop):
        write_in_process(index, vault, None, cancel)
    assert search_children() == []


def test_a_child_that_cannot_write_the_file_leaves_the_index_in_memory_filled(vault, tmp_path):
    index = SearchIndex(tmp_path / "search.sqlite3")
    index.db_path.unlink()
    index.db_path.mkdir()  # a folder where the database should be: SQLite cannot open it
    assert write_in_process(index, vault, ["note 3.md"], lambda *value: None) == 30  # all, in memory
    assert not index.on_disk and str(index.db_path) in index.problem
    assert [hit.path for hit in index.search("word7")] == ["note 7.md"]
    assert index.db_path.is_dir()  # left alone
    assert search_children() == []
