"""A first index of a big vault made by a child process, which leaves the window's process a warm start."""

from __future__ import annotations

import multiprocessing

import pytest

from clew.core.index.build import index_vault
from clew.core.index.store import FactsStore
from clew.core.offload import index_child as index_process
from clew.core.offload.one_shot import ChildFailed
from clew.core.offload.index_child import PROCESS_NAME, build_index_in_child_first, pack_files, unpack_files
from clew.core.vault.files import Vault, VaultFile


class Stop(Exception):
    pass


@pytest.fixture
def vault(tmp_path, monkeypatch):
    root = tmp_path / "kb"
    (root / "sub").mkdir(parents=True)
    for number in range(20):
        (root / "sub" / f"n{number}.md").write_text(f"# N{number}\n[[hub]] [[n{number + 1}]]\n")
    (root / "hub.md").write_text("---\naliases: [Centre]\n---\n# Hub\n[[n1]]\n")
    monkeypatch.setattr(index_process, "PROCESS_MIN_NOTES", 5)
    return Vault(root)


def indexer_children():
    return [p for p in multiprocessing.active_children() if p.name == PROCESS_NAME]


def same_as_a_fresh_index(vault, index):
    _, fresh = index_vault(vault)
    assert index.notes() == fresh.notes()
    for path in fresh.notes():
        assert index.outgoing(path) == fresh.outgoing(path)
        assert index.backlinks(path) == fresh.backlinks(path)
        assert index.names(path) == fresh.names(path)


def test_a_big_vault_unknown_to_the_store_is_read_by_a_child(vault, reads):
    store = FactsStore.for_vault(vault.root)
    reported = []
    index, gathered = build_index_in_child_first(vault, vault.scan(), lambda *value: reported.extend(value), store)
    assert reads == [] and gathered.fresh == []  # the child read and stored every note
    assert reported[-1] == (21, 21)
    assert store.has_snapshot()
    assert indexer_children() == []
    same_as_a_fresh_index(vault, index)


def test_a_vault_the_store_knows_starts_warm_without_a_child(vault, reads, monkeypatch):
    store = FactsStore.for_vault(vault.root)
    index_vault(vault, store=store)
    monkeypatch.setattr(index_process, "run_in_child", lambda *args, **kwargs: pytest.fail("a child was started"))
    reads.clear()
    (vault.root / "new.md").write_text("[[hub]]\n")
    index, _ = build_index_in_child_first(vault, vault.scan(), lambda *value: None, store)
    assert reads == ["new.md"]
    same_as_a_fresh_index(vault, index)


def test_a_small_vault_is_read_here(vault, reads, monkeypatch):
    monkeypatch.setattr(index_process, "PROCESS_MIN_NOTES", 1000)
    index, _ = build_index_in_child_first(vault, vault.scan(), lambda *value: None, FactsStore.for_vault(vault.root))
    assert len(reads) == 21
    same_as_a_fresh_index(vault, index)


def test_a_failed_child_leaves_the_work_to_this_process(vault, reads, monkeypatch):
    def fails(*args, **kwargs):
        raise ChildFailed("OSError: no room")

    monkeypatch.setattr(index_process, "run_in_child", fails)
    index, _ = build_index_in_child_first(vault, vault.scan(), lambda *value: None, FactsStore.for_vault(vault.root))
    assert len(reads) == 21
    same_as_a_fresh_index(vault, index)


def test_stopping_the_work_kills_the_child(vault):
    def stop(*value):
        raise Stop

    with pytest.raises(Stop):
        build_index_in_child_first(vault, vault.scan(), stop, FactsStore.for_vault(vault.root))
    assert indexer_children() == []


def test_files_reach_the_child_packed_and_come_out_the_same():
    files = [VaultFile("a/b c.md", 10, 1_700_000_000_123_456_789), VaultFile("日本/ё.txt", 0, 0),
             VaultFile("x", 2**40, -5)]
    assert unpack_files(pack_files(files)) == files
    assert unpack_files(pack_files([])) == []


@pytest.mark.parametrize("notes, enough", [(4, False), (5, True), (50, True)])
def test_notes_are_counted_up_to_the_threshold_among_other_files(notes, enough):
    files = [VaultFile(f"pics/p{k}.png", 1, 1) for k in range(10)] + [VaultFile(f"n{k}.md", 1, 1) for k in range(notes)]
    assert index_process._has_notes(files, 5) is enough
