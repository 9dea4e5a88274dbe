"""What changed in a big vault since a snapshot, found by a child process (or here, when it cannot)."""

from __future__ import annotations

import multiprocessing

import pytest

from clew.core.index.build import file_stamps
from clew.core.index.snapshot import StoredFiles, stale_between
from clew.core.offload import one_shot, scan_child as scan_process
from clew.core.offload.one_shot import ChildFailed
from clew.core.offload.scan_child import stale_since
from clew.core.vault.files import Vault


class Stop(Exception):
    pass


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "kb"
    (root / "sub").mkdir(parents=True)
    for number in range(5):
        (root / "sub" / f"n{number}.md").write_text(f"# N{number}\n")
    (root / "pic.png").write_bytes(b"\x89PNG")
    return Vault(root)


def change_files(vault):
    """A note changed, one gone, one new, an attachment new: the paths stale_since must find."""
    root = vault.root
    (root / "sub" / "n1.md").write_text("# N1, longer now\n")
    (root / "sub" / "n2.md").unlink()
    (root / "new.md").write_text("new\n")
    (root / "sub" / "pic2.png").write_bytes(b"\x89PNG")
    return {"sub/n1.md", "sub/n2.md", "new.md", "sub/pic2.png"}


def test_stale_between_finds_new_gone_and_changed_paths():
    before = {"a.md": (1, 1), "b.md": (2, 2), "c.md": (3, 3)}
    now = {"a.md": (1, 1), "b.md": (2, 5), "d.md": (4, 4)}
    assert stale_between(before, now) == {"b.md", "c.md", "d.md"}


@pytest.mark.parametrize("in_child", [False, True], ids=["here", "child"])
def test_stale_since_finds_what_changed(vault, monkeypatch, in_child):
    monkeypatch.setattr(scan_process, "SCAN_IN_CHILD_MIN_FILES", 1 if in_child else 10**9)
    children = []
    real = one_shot.run_in_child
    monkeypatch.setattr(one_shot, "run_in_child", lambda *a, **k: children.append(k["name"]) or real(*a, **k))
    stamps = StoredFiles.of(file_stamps(vault.scan()))
    expected = change_files(vault)
    meanwhile = []
    assert stale_since(vault, stamps, lambda *_: None, lambda: meanwhile.append(len(children))) == expected
    assert children == ([scan_process.PROCESS_NAME] if in_child else [])
    assert meanwhile == [len(children)]  # once; with a child, once it was started


def test_a_failed_child_leaves_the_scan_to_this_process(vault, monkeypatch):
    monkeypatch.setattr(scan_process, "SCAN_IN_CHILD_MIN_FILES", 1)

    def failing(*_args, **_kwargs):
        raise ChildFailed("clew-scanner stopped (exit code -9)")

    monkeypatch.setattr(one_shot, "run_in_child", failing)
    stamps = StoredFiles.of(file_stamps(vault.scan()))
    expected = change_files(vault)
    assert stale_since(vault, stamps, lambda *_: None) == expected


def test_stopping_the_scan_stops_the_child(vault, monkeypatch):
    monkeypatch.setattr(scan_process, "SCAN_IN_CHILD_MIN_FILES", 1)

    def stop(*_progress):
        raise Stop

    with pytest.raises(Stop):
        stale_since(vault, StoredFiles.of(file_stamps(vault.scan())), stop)
    assert not [p for p in multiprocessing.active_children() if p.name == scan_process.PROCESS_NAME]
