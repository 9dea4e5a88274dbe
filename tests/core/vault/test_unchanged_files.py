"""Files a batch reports that the index already has as they are: listed, not read again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from clew.core.index.build import RACY_SECONDS, apply_read_changes, index_vault, read_changes, unchanged_in
from clew.core.text.reading import NoteUnreadable
from clew.core.vault.files import Vault
from clew.core.vault.known import KnownFiles
from failing_reads import fail_reading

HOUR_AGO_NS = time.time_ns() - 3600 * 1_000_000_000


def age(root: Path) -> None:
    """Every file of ``root`` last written an hour ago, as most files of a real vault."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.utime(Path(folder) / name, ns=(HOUR_AGO_NS, HOUR_AGO_NS))


@pytest.fixture
def aged(vault_copy):
    root = vault_copy("seed-kb")
    age(root)
    vault = Vault(root)
    files, index = index_vault(vault)
    return vault, index, KnownFiles(files)


def fresh_answers(vault: Vault) -> dict:
    _files, fresh = index_vault(vault)
    return {note: fresh.outgoing(note) for note in fresh.notes()}


def test_a_folder_moved_and_reported_twice_is_read_once(aged, reads):
    vault, index, known = aged
    os.rename(vault.root / "ai", vault.root / "archive")
    paths = ["ai", "archive"]
    apply_read_changes(index, known, read_changes(vault, paths, unchanged_in(index, known)))
    moved = [p for p in known if p.startswith("archive/") and p.endswith(".md")]
    assert moved and sorted(reads) == sorted(moved)

    reads.clear()
    again = read_changes(vault, paths, unchanged_in(index, known))  # a re-scan reporting them again
    update = apply_read_changes(index, known, again)
    assert reads == []
    assert again.unchanged == set(moved)
    assert (update.added, update.removed, update.modified) == ([], [], [])
    assert {note: index.outgoing(note) for note in index.notes()} == fresh_answers(vault)


@pytest.mark.parametrize("change", ["written now", "size", "mtime", "unreadable before", "unknown"])
def test_a_file_is_read_again_unless_the_index_has_it_as_it_is(aged, reads, monkeypatch, change):
    vault, index, known = aged
    path = "ai/research_advances/neurips_2025.md"
    absolute = vault.root / path
    if change == "written now":  # same size and mtime may still hide a second write
        stamp = os.stat(absolute)
        recent = time.time_ns() - (RACY_SECONDS * 1_000_000_000) // 2
        os.utime(absolute, ns=(recent, recent))
        known.record(vault.stat(path))
        assert known.stamp(path) == (stamp.st_size, recent)
    elif change == "size":
        absolute.write_text(absolute.read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
        os.utime(absolute, ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    elif change == "mtime":
        os.utime(absolute, ns=(HOUR_AGO_NS + 1, HOUR_AGO_NS + 1))
    elif change == "unreadable before":
        with monkeypatch.context() as failing:
            fail_reading(failing, absolute.name, NoteUnreadable("locked"))
            apply_read_changes(index, known, read_changes(vault, [path]))
        assert not index.has_facts(path)
        reads.clear()
    elif change == "unknown":
        known.discard(path)
    read = read_changes(vault, [path], unchanged_in(index, known))
    assert reads == [path] and read.unchanged == set()
    apply_read_changes(index, known, read)
    assert index.has_facts(path)


def test_an_old_file_known_as_it_is_is_not_read(aged, reads):
    vault, index, known = aged
    path = "ai/research_advances/neurips_2025.md"
    read = read_changes(vault, [path, "media"], unchanged_in(index, known))
    assert reads == []
    assert path in read.unchanged and any(p.startswith("media/") for p in read.unchanged)
