"""Repairs are remembered (core/text/repair_store.py): a mis-encoded note is repaired once, for
as long as its size and mtime stay, across windows and starts."""

from __future__ import annotations

import os
import pickle

import pytest

from clew.core.index.build import read_facts
from clew.core.text import note_text as module
from clew.core.text.mojibake import mangle
from clew.core.text.note_text import RepairStore, note_text
from clew.core.vault.files import Vault
from vault_files import write

CHINESE = "过去三年中，Transformer 架构依然主导潮流。我把论文加了书签，书签栏满了。"


@pytest.fixture
def repairs(monkeypatch):
    """Every repair note_text makes, by the text it was asked to repair."""
    made = []
    real = module.repair_note
    monkeypatch.setattr(module, "repair_note",
                        lambda text, encoding, models=None: made.append(text) or real(text, encoding, models))
    return made


def test_a_repaired_note_is_not_repaired_again_on_a_warm_start(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    first = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert "书签栏" in first.text and len(repairs) == 1
    # A new store on the same file: the next start, another window, a worker process.
    again = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert again == first and len(repairs) == 1


def test_a_changed_note_is_repaired_afresh(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    store = RepairStore(tmp_path / "repairs.sqlite3")
    note_text(root / "b.md", store)
    (root / "b.md").write_text(mangle(f"# B, edited\n\n{CHINESE}\n"), encoding="utf-8")
    stat = (root / "b.md").stat()
    os.utime(root / "b.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    changed = note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3"))
    assert changed.text.startswith("# B, edited") and len(repairs) == 2


def test_a_clean_note_is_never_looked_up(tmp_path, repairs, monkeypatch):
    root = write(tmp_path / "v", {"c.md": f"# C\n\n{CHINESE}\nОбычный русский текст «в кавычках».\n"})
    store = RepairStore(tmp_path / "repairs.sqlite3")
    monkeypatch.setattr(RepairStore, "get", lambda *args: pytest.fail("a clean note was looked up"))
    assert note_text(root / "c.md", store).text.startswith("# C") and repairs == []


def test_a_note_that_needs_no_repair_is_looked_at_closely_once(tmp_path, repairs):
    root = write(tmp_path / "v", {"c.md": "Её идея проста.\n"})  # a sign of mojibake, but clean
    for _ in range(2):
        note = note_text(root / "c.md", RepairStore(tmp_path / "repairs.sqlite3"))
        assert note.text == "Её идея проста.\n" and not note.notices
    assert len(repairs) == 1


def test_a_damaged_store_is_started_afresh(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    (tmp_path / "repairs.sqlite3").write_bytes(b"this is not a database" * 100)
    for _ in range(2):
        assert "书签栏" in note_text(root / "b.md", RepairStore(tmp_path / "repairs.sqlite3")).text
    assert len(repairs) == 1


def test_a_store_that_cannot_be_written_costs_a_repair_not_the_note(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# B\n\n{CHINESE}\n")})
    for _ in range(2):
        assert "书签栏" in note_text(root / "b.md", RepairStore(tmp_path / "missing" / "repairs.sqlite3")).text
    assert len(repairs) == 2


def test_the_index_of_a_reopened_vault_does_not_repair_again(tmp_path, repairs):
    root = write(tmp_path / "v", {"b.md": mangle(f"# 书签\n\n{CHINESE}\n")})
    assert [h.text for h in read_facts(Vault(root), "b.md").headings] == ["书签"]
    assert [h.text for h in read_facts(Vault(root), "b.md").headings] == ["书签"]  # a new window
    assert len(repairs) == 1


def test_the_index_worker_gets_the_folder_of_the_models_too(tmp_path):
    # The store travels to the worker process pickled: its models are loaded there, not built.
    store = pickle.loads(pickle.dumps(RepairStore(tmp_path / "repairs.sqlite3", tmp_path / "models")))
    assert (store.path, store.models) == (tmp_path / "repairs.sqlite3", tmp_path / "models")


def test_a_vaults_repairs_keep_the_models_in_clews_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEW_CACHE_DIR", str(tmp_path / "cache"))
    assert Vault(write(tmp_path / "v", {"a.md": "a"})).repairs.models == tmp_path / "cache" / "models"
