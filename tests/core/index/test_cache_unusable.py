"""A cache that cannot be used costs a cold read, never a crash: the stores keep what they hold in memory and say why, once.

Each case as the issue found it: the cache folder is a regular file, the store's file or folder
is read-only, the disk fills up while writing, the search index lost its notes table, another
program holds a store locked. A store file another program holds is never deleted.
"""

import logging
import os
import sqlite3
import subprocess
from contextlib import contextmanager

import pytest

from clew.core.index import store as store_module
from clew.core.index.build import index_vault
from clew.core.index.store import FactsStore
from clew.core.render.formulas import FormulaImages, MathStyle
from clew.core.search import fulltext as search_module
from clew.core.search.fulltext import SearchIndex
from clew.core.vault.cache_dir import CacheUnavailable, vault_cache_dir
from clew.core.vault.files import Vault


@pytest.fixture
def vault_root(tmp_path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "hub.md").write_text("# Hub\nthe lantern room\n")
    for number in range(5):
        (root / f"n{number}.md").write_text(f"# N{number}\n[[hub]] a quiet harbor {number}\n")
    return root


def cold_open(root):
    """Open the vault with its store as the CLI does: every note read, and the backlinks right."""
    store = FactsStore.for_vault(root)
    _files, index = index_vault(Vault(root), store=store)
    assert sorted(link.source for link in index.backlinks("hub.md")) == [f"n{k}.md" for k in range(5)]
    return store


def synced_search(root):
    index = SearchIndex.for_vault(root)
    assert index.sync(Vault(root)) == 6
    assert [hit.path for hit in index.search("lantern")] == ["hub.md"]
    return index


@contextmanager
def read_only(path):
    """``path`` cannot be written, nor (a folder) have files made or removed in it: by its
    mode, or for root, whom modes do not stop, by the immutable attribute."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if subprocess.run(["chattr", "+i", path], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is refused: nothing can be made read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", path], check=True)


def warnings_of(caplog):
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


# -- the cache folder cannot be made -------------------------------------------------------------


@pytest.fixture(params=["XDG_CACHE_HOME", "CLEW_CACHE_DIR"])
def cache_is_a_file(request, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    monkeypatch.setenv(request.param, str(blocker))
    return blocker


def test_a_cache_folder_that_is_a_file_is_named_in_the_reason(vault_root, cache_is_a_file):
    with pytest.raises(CacheUnavailable, match="cannot be made.*Not a directory.*CLEW_CACHE_DIR"):
        vault_cache_dir(vault_root)


def test_the_facts_are_kept_in_memory_when_the_cache_folder_is_a_file(vault_root, cache_is_a_file, reads, caplog):
    store = cold_open(vault_root)
    assert len(reads) == 6
    assert not store.usable
    assert store.problem.startswith("Notes' facts kept in memory this time: the cache folder")
    assert str(cache_is_a_file) in store.problem and "\n" not in store.problem
    assert warnings_of(caplog) == [store.problem]  # once, in one line
    assert store.unreported_problem() == ""  # told once already, to whoever read the notes
    assert cache_is_a_file.read_text() == "not a folder\n"


def test_search_is_kept_in_memory_when_the_cache_folder_is_a_file(vault_root, cache_is_a_file):
    index = synced_search(vault_root)
    assert not index.on_disk
    assert index.problem.startswith("Search index kept in memory this time: the cache folder")
    index.update(Vault(vault_root), ["n1.md"])
    assert len(index.search("harbor")) == 5


def test_formulas_are_drawn_into_the_page_when_the_cache_folder_is_a_file(cache_is_a_file):
    images = FormulaImages(MathStyle("#000000", 16.0, 8.0, cache_is_a_file / "math"))
    assert images.source("x^2", False).startswith("data:image/svg+xml;base64,")


# -- a read-only store -------------------------------------------------------------------------------


def test_a_read_only_facts_store_is_read_and_left_alone(vault_root, reads):
    store = cold_open(vault_root)
    before = store.path.read_bytes()
    (vault_root / "n9.md").write_text("# N9\n")
    reads.clear()
    with read_only(store.path):
        again = FactsStore.for_vault(vault_root)
        _files, index = index_vault(Vault(vault_root), store=again)
    assert reads == ["n9.md"]  # the others came from the store, which could not take the new note
    assert "cannot be written" in again.problem and "readonly" in again.problem
    assert "n9.md" in index
    assert store.path.read_bytes() == before


def test_a_store_in_a_read_only_folder_is_left_alone(vault_root, reads):
    store = cold_open(vault_root)
    synced_search(vault_root)
    folder = store.path.parent
    names = sorted(os.listdir(folder))
    reads.clear()
    with read_only(folder):
        again = cold_open(vault_root)
        index = synced_search(vault_root)
    assert len(reads) == 6
    assert again.problem.startswith("Notes' facts kept in memory this time: the facts store")
    assert not index.on_disk and "unable to open" in index.problem
    assert sorted(os.listdir(folder)) == names


# -- a full disk --------------------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """Every connection to a store's file may grow it to a few pages only, as on a full disk."""
    real = search_module._add_functions

    def filling(conn):
        real(conn)
        if conn.execute("PRAGMA database_list").fetchone()[2]:  # a file, not memory
            conn.execute("PRAGMA max_page_count = 12")

    monkeypatch.setattr(search_module, "_add_functions", filling)
    monkeypatch.setattr(store_module, "_TABLES", store_module._TABLES + "PRAGMA max_page_count = 12;")


def test_a_full_disk_while_writing_search_falls_back_to_memory_at_once(vault_root, full_disk, caplog):
    for number in range(60):
        (vault_root / f"big{number}.md").write_text(f"# Big {number}\n" + "lantern harbor words " * 200)
    index = SearchIndex.for_vault(vault_root)
    assert index.on_disk
    assert index.sync(Vault(vault_root)) == 66
    assert not index.on_disk and "full" in index.problem
    assert len(index.search("lantern")) == 61
    assert not any("rebuilt" in message for message in warnings_of(caplog))  # not once: it would not help
    assert warnings_of(caplog) == [index.problem]
    assert index.db_path.exists()


def test_a_full_disk_while_writing_facts_keeps_them_in_memory(vault_root, full_disk, caplog):
    for number in range(60):
        (vault_root / f"big{number}.md").write_text(f"# Big {number}\n" + "".join(f"[[n{k % 5}]] " for k in range(300)))
    store = FactsStore.for_vault(vault_root)
    _files, index = index_vault(Vault(vault_root), store=store)
    assert len({link.source for link in index.backlinks("n1.md")}) == 60
    assert "cannot be written" in store.problem and "full" in store.problem
    assert not any("rebuilt" in message for message in warnings_of(caplog))


# -- a search index missing its notes table -------------------------------------------------------


def test_a_search_index_missing_its_notes_table_is_rebuilt_once(vault_root, caplog):
    path = synced_search(vault_root).db_path
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE notes")
    db.close()
    index = synced_search(vault_root)  # IntegrityError on every write before
    assert index.on_disk and index.problem == ""
    assert [message for message in warnings_of(caplog) if "rebuilt" in message] == [
        f"search index {path} rebuilt: the index has no notes table"]
    caplog.clear()
    index = SearchIndex.for_vault(vault_root)
    assert index.sync(Vault(vault_root)) == 0 and warnings_of(caplog) == []


# -- a store locked by another program ------------------------------------------------------------


@contextmanager
def locked(path):
    """``path`` held locked by another connection, as another program would."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_search_index_is_waited_for_briefly_then_kept_in_memory_never_deleted(vault_root):
    path = synced_search(vault_root).db_path
    with locked(path):
        index = synced_search(vault_root)
        assert not index.on_disk and "locked by another program" in index.problem
        assert path.exists()
    assert search_module.LOCK_WAIT_S <= 0.5  # it waited 60 s, then deleted the file
    index = SearchIndex.for_vault(vault_root)
    assert index.on_disk and index.note_count() == 6  # the lock is gone: the file is used again, as it was


def test_a_locked_facts_store_is_waited_for_briefly_then_kept_in_memory_never_deleted(vault_root, reads):
    path = cold_open(vault_root).path
    reads.clear()
    with locked(path):
        store = cold_open(vault_root)
        assert "locked by another program" in store.problem
    assert len(reads) == 6 and path.exists()
    assert store_module.LOCK_TIMEOUT_S <= 0.5
    reads.clear()
    assert cold_open(vault_root).usable and reads == []  # its rows were kept
