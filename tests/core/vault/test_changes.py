"""ChangeBatch questions and how ChangeCollector maps watcher events to vault paths."""

import threading

import pytest

from clew.core.vault.changes import ChangeBatch, ChangeCollector
from clew.core.vault.files import Vault


def test_touches_exact_path_and_both_directions_of_folder_containment():
    batch = ChangeBatch(frozenset({"notes/a.md", "projects"}))
    assert batch.touches("notes/a.md")
    assert batch.touches("projects/plan.md")  # inside a changed folder
    assert batch.touches("projects/deep/x.md")
    assert batch.touches("notes")  # a folder with a change inside
    assert batch.touches("")  # the vault root holds everything
    assert not batch.touches("notes/b.md")
    assert not batch.touches("notes/a.md.bak")
    assert not batch.touches("proj")  # prefixes count only at "/" boundaries
    assert not batch.touches("projects-old/x.md")


def test_moved_to_follows_file_moves_folder_moves_and_chains():
    batch = ChangeBatch(
        frozenset({"a.md", "b.md", "c.md", "old", "new"}),
        moves=(("a.md", "b.md"), ("b.md", "c.md"), ("old", "new")),
    )
    assert batch.moved_to("a.md") == "c.md"
    assert batch.moved_to("b.md") == "c.md"
    assert batch.moved_to("old/sub/x.md") == "new/sub/x.md"
    assert batch.moved_to("old") == "new"
    assert batch.moved_to("older/x.md") is None
    assert batch.moved_to("c.md") is None


def test_moved_to_is_none_for_a_round_trip():
    batch = ChangeBatch(frozenset({"a.md", "b.md"}), moves=(("a.md", "b.md"), ("b.md", "a.md")))
    assert batch.moved_to("a.md") is None


@pytest.fixture
def vault(tmp_path):
    (tmp_path / "vault").mkdir()
    return Vault(tmp_path / "vault")


def test_collector_maps_events_to_nfc_vault_paths(vault):
    collector = ChangeCollector(vault)
    collector.add("modified", vault.root / "notes" / "Cafe\u0301.md")
    collector.add("created", vault.root / "new.md")
    collector.add("deleted", vault.root / "gone.md")
    collector.add("created", vault.root / "folder", is_directory=True)
    batch = collector.take()
    assert batch == ChangeBatch(frozenset({"notes/Caf\u00e9.md", "new.md", "gone.md", "folder"}))
    assert collector.take() is None


def test_collector_ignores_outside_and_skipped_folders(vault):
    collector = ChangeCollector(vault)
    collector.add("modified", vault.root.parent / "elsewhere.md")
    collector.add("modified", vault.root / ".git" / "index")
    collector.add("created", vault.root / ".obsidian", is_directory=True)
    collector.add("created", vault.root / "node_modules" / "x" / "a.md")
    collector.add("moved", vault.root / ".git" / "a", vault.root / ".trash" / "a")
    assert collector.take() is None


def test_collector_records_moves_in_order_and_both_ends(vault):
    collector = ChangeCollector(vault)
    collector.add("moved", vault.root / "a.md", vault.root / "b.md")
    collector.add("moved", vault.root / "dir", vault.root / "moved", is_directory=True)
    # watchdog repeats a folder move for each file inside: implied, so not a move of its own
    collector.add("moved", vault.root / "dir" / "x.md", vault.root / "moved" / "x.md")
    batch = collector.take()
    assert batch.moves == (("a.md", "b.md"), ("dir", "moved"))
    assert batch.paths == {"a.md", "b.md", "dir", "moved", "dir/x.md", "moved/x.md"}
    assert batch.moved_to("dir/x.md") == "moved/x.md"


def test_collector_move_from_skipped_or_outside_is_creation_and_out_is_deletion(vault):
    collector = ChangeCollector(vault)
    collector.add("moved", vault.root / ".obsidian" / "tmp123", vault.root / "note.md")
    collector.add("moved", vault.root.parent / "download.md", vault.root / "inbox.md")
    collector.add("moved", vault.root / "old.md", vault.root / ".trash" / "old.md")
    collector.add("moved", vault.root / "away.md", vault.root.parent / "away.md")
    batch = collector.take()
    assert batch.paths == {"note.md", "inbox.md", "old.md", "away.md"}
    assert batch.moves == ()


def test_collector_rejects_unknown_kinds(vault):
    with pytest.raises(ValueError):
        ChangeCollector(vault).add("opened", vault.root / "a.md")


def test_collector_takes_events_added_from_many_threads(vault):
    collector = ChangeCollector(vault)

    def add_many(prefix):
        for i in range(500):
            collector.add("created", vault.root / f"{prefix}{i}.md")

    threads = [threading.Thread(target=add_many, args=(p,)) for p in "abcd"]
    taken = set()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        batch = collector.take()
        taken |= batch.paths if batch else set()
    for thread in threads:
        thread.join()
    batch = collector.take()
    taken |= batch.paths if batch else set()
    assert len(taken) == 2000
