"""Mis-encoded notes the window's index reads quickly and queues for repair
(core/index/queued_repairs.py): the command line takes the repairs in before it answers, and
a snapshot keeps them."""

from __future__ import annotations

import json

from clew.cli import main
from clew.core.index.build import index_vault
from clew.core.index.queued_repairs import QueuedNote, queued_notes, repair_queued
from clew.core.index.store import FactsStore
from clew.core.text import mojibake
from clew.core.text.mojibake import mangle
from clew.core.vault.files import Vault
from failing_reads import fail_reading
from vault_files import write

# Read quickly (no model asked), a lost byte of 书签 gives another character: the link resolves
# only once repaired.
LINKING = "# B\n\n我把论文加了书签。见 [[书签]]。\n"


def make_vault(root):
    return write(root, {"书签.md": "# 书签\n", "b.md": mangle(LINKING), "c.md": "[[b]]\n"})


def index_deferring(root):
    """The index a window's cold start makes: repairs that need the models left to later."""
    vault = Vault(root)
    vault.repairs.defers = True
    return vault, index_vault(vault, store=FactsStore.for_vault(root))[1]


def sources(index, path):
    return {link.source for link in index.backlinks(path)}


def test_a_deferring_index_reads_a_mis_encoded_note_quickly_and_queues_it(tmp_path, monkeypatch):
    root = make_vault(tmp_path / "v")
    chosen = []
    real = mojibake._chosen
    monkeypatch.setattr(mojibake, "_chosen", lambda *args: chosen.append(args[0]) or real(*args))
    vault, index = index_deferring(root)
    assert chosen == []  # no spelling chosen by the models: none loaded
    assert sources(index, "书签.md") == set() and sources(index, "b.md") == {"c.md"}
    stat = (root / "b.md").stat()
    assert queued_notes(vault) == [QueuedNote("b.md", (stat.st_size, stat.st_mtime_ns))]


def test_the_queued_repairs_are_made_and_kept_for_the_next_reader(tmp_path):
    root = make_vault(tmp_path / "v")
    vault, _index = index_deferring(root)
    assert [note.path for note in repair_queued(vault)] == ["b.md"]
    # Kept: a deferring reader now finds the repair, and nothing more is queued by it.
    vault.repairs.defers = True
    _files, index = index_vault(vault)
    assert sources(index, "书签.md") == {"b.md"}


def test_a_repair_that_fails_on_one_note_leaves_the_others_repaired(tmp_path, monkeypatch, caplog):
    # As a Korean note's did once (wordfreq wanted MeCab): the repair child's whole run failed.
    root = write(tmp_path / "v", {"书签.md": "# 书签\n", "b.md": mangle(LINKING), "bad.md": mangle(LINKING)})
    vault, _index = index_deferring(root)
    fail_reading(monkeypatch, "bad.md", ModuleNotFoundError("No module named 'MeCab'"))
    assert [note.path for note in repair_queued(vault)] == ["b.md"]
    assert "repairing bad.md failed" in caplog.text
    assert [note.path for note in queued_notes(vault)] == ["b.md", "bad.md"]  # until taken in


def test_the_command_line_takes_the_queued_repairs_in_before_answering(tmp_path, capsys):
    root = make_vault(tmp_path / "v")
    index_deferring(root)
    assert main(["links", str(root), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(link["target"], link["resolved"]) for link in found["links"] if link["source"] == "b.md"] \
        == [("书签", "书签.md")]
    assert queued_notes(Vault(root)) == []
    # The snapshot the next start restores holds the repaired links too.
    _files, index = index_vault(Vault(root), store=FactsStore.for_vault(root))
    assert sources(index, "书签.md") == {"b.md"}


def test_clew_check_reports_no_broken_link_of_a_queued_note(tmp_path, capsys):
    root = make_vault(tmp_path / "v")
    index_deferring(root)
    assert main(["check", str(root)]) == 0
    assert "b.md" not in capsys.readouterr().out


def test_a_note_changed_since_it_was_queued_leaves_the_queue(tmp_path):
    root = make_vault(tmp_path / "v")
    vault, _index = index_deferring(root)
    (root / "b.md").write_text(mangle(LINKING + "\nmore\n"), encoding="utf-8")
    assert queued_notes(vault) == [] and vault.repairs.queued() == []
