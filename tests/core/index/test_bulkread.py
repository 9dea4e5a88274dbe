"""Reading many notes' facts: in this process alone, or with worker processes sharing the chunks."""

from __future__ import annotations

import pytest

from clew.core.index import bulk_read as bulkread
from clew.core.index.build import read_facts
from clew.core.index.bulk_read import gather_facts
from clew.core.vault.files import Vault


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "kb"
    (root / "sub").mkdir(parents=True)
    for number in range(40):
        (root / "sub" / f"n{number}.md").write_text(f"# N{number}\n[[hub]] #tag{number}\n")
    (root / "hub.md").write_text("# Hub\n")
    (root / "binary.md").write_bytes(b"\x00\x01")
    (root / "pic.png").write_bytes(b"\x89PNG")
    return Vault(root)


def read_here(seen):
    def read(vault, path):
        seen.append(path)
        return read_facts(vault, path)

    return read


def test_a_worker_and_this_process_share_the_notes(vault, monkeypatch):
    monkeypatch.setattr(bulkread, "PARALLEL_MIN_NOTES", 1)
    monkeypatch.setattr(bulkread, "NOTES_PER_CHUNK", 3)
    files = vault.scan()
    alone = gather_facts(vault, files, read_facts, workers=0)
    from_worker: list[bytes] = []
    real_decode = bulkread.decode_facts
    monkeypatch.setattr(bulkread, "decode_facts", lambda blob: from_worker.append(blob) or real_decode(blob))
    progress: list[tuple[int, int]] = []
    shared = gather_facts(vault, files, read_facts, workers=1,
                          progress=lambda done, total: progress.append((done, total)))
    assert shared.facts == alone.facts
    assert sorted(f.path for f, _facts in shared.fresh) == sorted(f.path for f, _facts in alone.fresh)
    assert 0 < len(from_worker) < 42  # the rest was read by this process
    assert progress[-1] == (42, 42)


def test_a_few_notes_are_read_here_without_a_worker(vault, monkeypatch):
    seen: list[str] = []
    gathered = gather_facts(vault, vault.scan(), read_here(seen), workers=1)
    assert len(seen) == 42 and len(gathered.facts) == 42


def test_the_repairs_memory_is_let_go_after_a_bulk_read_only(vault, monkeypatch):
    # The index of every note read is made next: it gets the room of the repair's models.
    released = []
    monkeypatch.setattr(bulkread, "release_repair_memory", lambda: released.append(True))
    gather_facts(vault, vault.scan(), read_facts, workers=1)
    assert released == []
    monkeypatch.setattr(bulkread, "PARALLEL_MIN_NOTES", 1)
    gather_facts(vault, vault.scan(), read_facts, workers=1)
    assert released == [True]
